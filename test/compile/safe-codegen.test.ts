import { afterEach, describe, expect, it } from 'vitest'
import { named, struct, u8, enumeration, range } from '../../combinators/index.js'
import { codec, compile, decode, encode, isCompiled, type Codec } from '../../src/index.js'
import { comment, lit, str, bool } from '../../src/compile/emitter.js'
import { compileWith } from '../../src/compile/compile.js'

// Values from a grammar reach generated code only through typed literal
// helpers: a hand-made node (combinators refuse these values) holding a
// string where a number belongs stays data, never code.
const hostile = '2; globalThis.__oxwireInjected = 1 //'
const g = globalThis as { __oxwireInjected?: unknown }

afterEach(() => {
  delete g.__oxwireInjected
})

describe('literal helpers', () => {
  it('refuse anything but their own type', () => {
    expect(() => lit(hostile as never)).toThrow()
    expect(() => lit(Number.NaN)).toThrow()
    expect(() => lit(Infinity)).toThrow()
    expect(() => str(3 as never)).toThrow()
    expect(() => bool('true' as never)).toThrow()
    expect(lit(-0)).toBe('-0')
    expect(lit(5n)).toBe('5n')
  })

  it('keep quotes, comment ends, newlines and line separators inside the literal', () => {
    for (const text of ['"', "'", '*/', '\n', '\r', '\u2028', '\u2029', '`${x}`', '\\']) {
      const code = `return ${str(text)}`
      expect(new Function(code)()).toBe(text)
      expect(new Function(`${comment(text)}\nreturn 1`)()).toBe(1)
    }
  })
})

describe('hostile grammars compile safely', () => {
  it('an enumeration code that is a string is never run (encode and decode agree with the interpreter)', () => {
    const head = u8
    const bad = codec<string>({ tag: 'enum', inner: head, codes: { ok: 1, bad: hostile as never }, names: new Map<number, string>([[1, 'ok'], [hostile as never, 'bad']]) })
    const compiled = compile(bad)
    for (const value of ['ok', 'bad']) expect(encode(compiled, value)).toEqual(encode(bad, value))
    expect(decode(compiled, Uint8Array.of(1))).toEqual(decode(bad, Uint8Array.of(1)))
    expect(decode(compiled, Uint8Array.of(2))).toEqual(decode(bad, Uint8Array.of(2)))
    expect(g.__oxwireInjected).toBeUndefined()
  })

  it('range bounds that are strings are never run', () => {
    const bounds = codec<number>({ tag: 'range', inner: u8, min: 0, max: hostile as never })
    const low = codec<number>({ tag: 'range', inner: u8, min: hostile as never, max: 9 })
    for (const grammar of [bounds, low] as Codec<unknown>[]) {
      const compiled = compile(grammar)
      expect(decode(compiled, Uint8Array.of(2))).toEqual(decode(grammar, Uint8Array.of(2)))
      expect(encode(compiled, 2 as never)).toEqual(encode(grammar, 2 as never))
    }
    expect(g.__oxwireInjected).toBeUndefined()
  })

  it('hostile field names stay strings in literals and comments', () => {
    const names = ['a"b', "c'd", 'e*/f', 'g\nh', 'i\u2028j', '/*k', '${l}', 'constructor']
    const grammar = struct(Object.fromEntries(names.map((n) => [n, u8])))
    const compiled = compile(grammar)
    expect(isCompiled(compiled)).toBe(true)
    const bytes = Uint8Array.from(names.map((_, i) => i))
    const decoded = decode(compiled, bytes)
    expect(decoded).toEqual(decode(grammar, bytes))
    expect(Object.keys((decoded as { right: object }).right)).toEqual(names)
    expect(encode(compiled, (decoded as unknown as { right: never }).right)).toEqual({ _tag: 'Right', right: bytes })
  })

  it('a hand-made __proto__ field is an own property, compiled or not', () => {
    const grammar = codec<Record<string, number>>({ tag: 'struct', fields: [['__proto__', u8], ['x', u8]] })
    for (const c of [grammar, compile(grammar)]) {
      const decoded = decode(c, Uint8Array.of(1, 2))
      const value = (decoded as { right: object }).right
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
      expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe(1)
    }
  })
})

describe('generated code says which grammar it is', () => {
  it('carries a source URL named after the grammar and the field names as comments', () => {
    const sources: string[] = []
    const recording = (param: string, body: string) => {
      sources.push(body)
      return new Function(param, body) as (constants: unknown[]) => unknown
    }
    const grammar = named('sensor frame', struct({ temperature: range(u8, 0, 100), kind: enumeration(u8, { a: 1 }) }))
    compileWith(grammar, recording)
    expect(sources.length).toBeGreaterThanOrEqual(2)
    expect(sources[0]).toMatch(/\/\/# sourceURL=oxwire\/sensor_frame\.js$/)
    expect(sources[1]).toMatch(/\/\/# sourceURL=oxwire\/sensor_frame\.encode\.js$/)
    expect(sources[0]).toContain('// "field temperature"')
    expect(sources[0]).toContain('// "field kind"')
  })
})
