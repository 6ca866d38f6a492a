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
  /**
   * Decode code for a stateless decoder (see compile.ts): no state object
   * is passed in, the commit flag of markers is a local, and a state is
   * made only where code calls out.
   */
  readonly stateless: boolean
  private readonly lines: string[] = []
  private counter = 0
  private readonly constants: unknown[] = []
  private readonly constantNames = new Map<unknown, string>()
  private labels = 0

  constructor(options: { readonly stateless?: boolean } = {}) {
    this.stateless = options.stateless === true
  }

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

  /** Appends an empty line to be filled in later by {@link Emitter.fill}, and returns where it is. */
  placeholder(): number {
    this.lines.push('')
    return this.lines.length - 1
  }

  /** Fills in a line made by {@link Emitter.placeholder} (code known only once what follows it is generated). */
  fill(at: number, code: string): void {
    this.lines[at] = code
  }

  /**
   * Builds `function name(params) { prologue; body }` closed over the
   * constants, with `makeFunction` standing for the `Function` constructor.
   */
  build<F>(makeFunction: FunctionFactory, name: string, params: string, prologue: string, sourceName = 'grammar'): F {
    const bindings = this.constants.map((_, i) => `const k${i} = K[${i}];`).join('\n')
    const source = `${bindings}\nreturn function ${name}(${params}) {\n${prologue}\n${this.lines.join('\n')}\n}\n//# sourceURL=oxwire/${safeFileName(sourceName)}.js`
    return factoryOf(makeFunction, source)(this.constants) as F
  }
}

// Generated functions by source text. Grammars of one structure that differ
// only in the values handed over as constants (mapping functions, tables)
// generate the same source: they then share one function, made once, which
// the engine optimises once. EVR's unknown TLV fields are such a family (one
// grammar per tag code, up to 251, each compiled on its second use):
// generating 200 of them took 15 ms of CPU, 3.8 ms with this cache.
const factories = new Map<string, (constants: unknown[]) => unknown>()
const MAX_FACTORIES = 256

/** How many distinct generated functions exist (for tests). @internal */
export function generatedFunctionCount(): number {
  return factories.size
}

function factoryOf(makeFunction: FunctionFactory, source: string): (constants: unknown[]) => unknown {
  // A stand-in for `new Function` (tests playing a CSP) is always called.
  if (makeFunction !== newFunction) return makeFunction('K', source)
  let factory = factories.get(source)
  if (factory === undefined) {
    factory = makeFunction('K', source)
    if (factories.size >= MAX_FACTORIES) factories.delete(factories.keys().next().value as string)
    factories.set(source, factory)
  }
  return factory
}

/**
 * Creates a function from parameter names and a body, as `new Function`
 * does; a parameter so that tests can stand in for a runtime whose Content
 * Security Policy forbids code generation.
 */
export type FunctionFactory = (param: string, body: string) => (constants: unknown[]) => unknown

/** The real `Function` constructor. */
export const newFunction: FunctionFactory = (param, body) => new Function(param, body) as (constants: unknown[]) => unknown

/**
 * Thrown when a grammar holds a value that cannot be written into generated
 * code as a literal (a string where a number belongs, NaN, a symbol): the
 * grammar stays interpreted, where the value is data and never code.
 */
export class UnsafeLiteral extends TooLarge {}

// The only ways a value from a grammar reaches generated code. Each checks
// the value's type at run time: a grammar built by hand, or with codes
// loaded from JSON, may hold anything its static type denies.

/** A string literal for generated code (JSON-escaped, so quotes, newlines and `*\/` stay inside it). */
export function str(value: string): string {
  if (typeof value !== 'string') throw new UnsafeLiteral(`not a string: ${typeof value}`)
  // U+2028 and U+2029 are valid in JSON strings; escape them anyway so the
  // literal is also safe inside a line comment.
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

/** A finite number or a bigint literal for generated code. */
export function lit(value: number | bigint): string {
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new UnsafeLiteral(`not a finite number: ${typeof value}`)
  if (Object.is(value, -0)) return '-0'
  return String(value)
}

/** A boolean literal for generated code. */
export function bool(value: boolean): string {
  if (typeof value !== 'boolean') throw new UnsafeLiteral(`not a boolean: ${typeof value}`)
  return value ? 'true' : 'false'
}

/** A line comment for generated code, with any text made safe inside it. */
export function comment(text: string): string {
  return `// ${str(String(text))}`
}

/** A grammar's name as a file name in a source URL: letters, digits, `.`, `_` and `-` only. */
export function safeFileName(name: string): string {
  const safe = String(name).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100)
  return safe === '' ? 'grammar' : safe
}

/** The name a generated function's source URL gives: the grammar's own (`named`), else `grammar`. */
export function grammarName(node: { readonly tag: string; readonly name?: unknown }): string {
  return node.tag === 'named' && typeof node.name === 'string' ? node.name : 'grammar'
}
