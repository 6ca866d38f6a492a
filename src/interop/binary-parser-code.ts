// binary-parser's `parse` runs JavaScript that the builder generates from
// the definition, and returns the value without saying where it stopped.
// The adapter runs that same generated code, made once more from the same
// definition with one statement added before it returns: the final offset
// is stored where the adapter reads it. Wrapping the parser in another one
// (`nest` + `saveOffset`) would change what it computes: context variables
// (`$parent`, `$root`, `$index`), functions reading `vars`, asserts using
// `this` and `create(Class)` would all see the wrapper instead.

/** The offset binary-parser ended at, written by the generated code. @internal */
export interface OffsetBox {
  /** Final offset, or the offset when the code threw (only where `atThrow` holds). */
  offset: number
  /** The buffer the code was reading when it threw (the frame, or a wrapped buffer). */
  buffer: unknown
}

/** The user's generated parser, reporting its final offset. @internal */
export interface GeneratedParser {
  /** The generated code: `run(buffer, constructorFn)` is what `parser.parse(buffer)` runs. */
  readonly run: (buffer: Uint8Array, constructorFn: unknown) => unknown
  /**
   * The same code inside `try`, reporting where it was when it threw (see
   * `atThrow`). Kept apart from `run` so that the hot path has no handler:
   * it is run again only on input that made `run` throw.
   */
  readonly runReportingThrow: (buffer: Uint8Array, constructorFn: unknown) => unknown
  /** The class of `create`, if any: `run`'s second argument. */
  readonly constructorFn: unknown
  /** Written by `run`: the offset it ended at. */
  readonly box: OffsetBox
  /** True when `box` also says where the code was when it threw. */
  readonly atThrow: boolean
}

interface Builder {
  getContext(importPath: string): { code: string; imports: unknown[] }
  compile(): void
  compiled?: unknown
  constructorFn?: unknown
  parse: unknown
}

const RETURN_VARS = '\nreturn vars;\n'
const RETURN_ALIAS = /\nreturn (___parser_[A-Za-z0-9_$]+)\(0\)\.result;\n$/

/**
 * Makes the offset-reporting copy of `parser`'s generated code.
 * @throws TypeError when `parser` is not a binary-parser 2 builder, when its
 *   class changes how it parses, or when it changed after its first parse.
 * @internal
 */
export function generatedParser(parser: object, name: string): GeneratedParser {
  const p = parser as Builder
  if (typeof p.getContext !== 'function' || typeof p.compile !== 'function' || typeof p.parse !== 'function') {
    throw new TypeError(`${name}: fromBinaryParser needs a binary-parser 2 Parser (a builder with parse, compile and code generation); got ${describe(parser)}`)
  }
  const base = builderClassOf(p)
  if (typeof base.getContext !== 'function') throw new TypeError(`${name}: fromBinaryParser needs a binary-parser 2 Parser; got ${describe(parser)}`)
  for (const method of ['parse', 'compile', 'getContext'] as const) {
    if ((p as unknown as Record<string, unknown>)[method] !== base[method]) {
      throw new TypeError(
        `${name}: this parser's class overrides ${method}(), so parser.parse may not be what binary-parser generates; ` +
          'pass the plain Parser to fromBinaryParser and apply the extra step with map() from oxwire/combinators',
      )
    }
  }
  const ctx = p.getContext('imports')
  // parse() compiles once and keeps that code even if fields are added
  // later: compile now, so parse and the adapter run the same code, or
  // refuse when parse already runs code of an older definition.
  if (p.compiled === undefined) p.compile()
  if (!String(p.compiled).includes(ctx.code)) {
    throw new TypeError(
      `${name}: this parser was changed after its first parse(), and binary-parser keeps running the code of the old definition; ` +
        'build the parser completely before parsing with it or adapting it',
    )
  }
  const box: OffsetBox = { offset: -1, buffer: undefined }
  const { code, reportingThrow } = reportOffset(ctx.code, name)
  const make = (body: string) =>
    (
      new Function('imports', 'TextDecoder', '$oxwire', `return function (buffer, constructorFn) { ${body} };`) as (
        imports: unknown[],
        textDecoder: typeof TextDecoder,
        box: OffsetBox,
      ) => (buffer: Uint8Array, constructorFn: unknown) => unknown
    )(ctx.imports, TextDecoder, box)
  const run = make(code)
  return { run, runReportingThrow: reportingThrow === undefined ? run : make(reportingThrow), constructorFn: p.constructorFn, box, atThrow: reportingThrow !== undefined }
}

/**
 * Adds the statement that reports the final offset (and, where it can, a
 * variant that reports the offset at a throw); refuses code it does not
 * recognise.
 */
function reportOffset(code: string, name: string): { code: string; reportingThrow: string | undefined } {
  if (code.endsWith(RETURN_VARS)) {
    const body = code.slice(0, -RETURN_VARS.length)
    const reported = `${body}\n$oxwire.offset = offset;\nreturn vars;\n`
    // With no function declarations in the body (they would become
    // block-scoped inside `try`), the offset at a throw can be reported too:
    // it tells a read cut short by the end of the input from a broken rule.
    if (/\bfunction ___parser_/.test(body)) return { code: reported, reportingThrow: undefined }
    return { code: reported, reportingThrow: `try {\n${body}\n} catch ($oxwireThrown) { $oxwire.offset = offset; $oxwire.buffer = buffer; throw $oxwireThrown; }\n` }
  }
  const alias = RETURN_ALIAS.exec(code)
  if (alias !== null) {
    const body = code.slice(0, alias.index)
    return { code: `${body}\nvar $oxwireResult = ${alias[1]}(0);\n$oxwire.offset = $oxwireResult.offset;\nreturn $oxwireResult.result;\n`, reportingThrow: undefined }
  }
  throw new TypeError(`${name}: the code this binary-parser version generates is not the 2.x code fromBinaryParser knows; use binary-parser 2.x (tested with 2.3.0)`)
}

/** The class that defines binary-parser's own parse, compile and getContext (the nearest prototype with all three). */
function builderClassOf(p: object): Record<'parse' | 'compile' | 'getContext', unknown> {
  let proto: object | null = Object.getPrototypeOf(p)
  let base: object | null = proto
  while (proto !== null && proto !== Object.prototype) {
    const own = proto as Record<string, unknown>
    if (Object.hasOwn(own, 'getContext') && Object.hasOwn(own, 'compile')) base = proto
    proto = Object.getPrototypeOf(proto)
  }
  return base as Record<'parse' | 'compile' | 'getContext', unknown>
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  const ctor = (value as { constructor?: { name?: unknown } }).constructor
  return typeof ctor?.name === 'string' ? `an object of class ${ctor.name}` : 'an object'
}
