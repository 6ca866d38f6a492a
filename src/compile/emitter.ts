/** Generated code refuses to grow past this many lines; the interpreter takes over. */
export const MAX_LINES = 20000

/** Thrown inside the generator when a grammar is too large to compile. */
export class TooLarge extends Error {}

/**
 * A small builder for generated JavaScript: fresh local names, constants
 * handed to the generated code as parameters (closures, algorithms, tables),
 * and the final `new Function` call.
 */
export class Emitter {
  private readonly lines: string[] = []
  private counter = 0
  private readonly constants: unknown[] = []
  private readonly constantNames = new Map<unknown, string>()
  private labels = 0

  /** A fresh local variable name. */
  fresh(prefix = 'v'): string {
    return `${prefix}${this.counter++}`
  }

  /** A fresh statement label. */
  label(): string {
    return `lab${this.labels++}`
  }

  /** The name under which the generated code sees `value`. */
  constant(value: unknown): string {
    let name = this.constantNames.get(value)
    if (name === undefined) {
      name = `k${this.constants.length}`
      this.constants.push(value)
      this.constantNames.set(value, name)
    }
    return name
  }

  /** Appends a line of code. */
  line(code: string): void {
    this.lines.push(code)
  }

  /** How many lines have been emitted, to bound generated code size. */
  get size(): number {
    return this.lines.length
  }

  /**
   * Builds `function name(params) { prologue; body }` closed over the
   * constants, with `makeFunction` standing for the `Function` constructor.
   */
  build<F>(makeFunction: FunctionFactory, name: string, params: string, prologue: string): F {
    const bindings = this.constants.map((_, i) => `const k${i} = K[${i}];`).join('\n')
    const source = `${bindings}\nreturn function ${name}(${params}) {\n${prologue}\n${this.lines.join('\n')}\n}`
    return makeFunction('K', source)(this.constants) as F
  }
}

/**
 * Creates a function from parameter names and a body, as `new Function`
 * does; a parameter so that tests can stand in for a runtime whose Content
 * Security Policy forbids code generation.
 */
export type FunctionFactory = (param: string, body: string) => (constants: unknown[]) => unknown

/** The real `Function` constructor. */
export const newFunction: FunctionFactory = (param, body) => new Function(param, body) as (constants: unknown[]) => unknown

/** A string literal for generated code. */
export function str(value: string): string {
  return JSON.stringify(value)
}

/** A number or bigint literal for generated code. */
export function lit(value: number | bigint): string {
  if (typeof value === 'bigint') return `${value}n`
  if (Object.is(value, -0)) return '-0'
  return String(value)
}
