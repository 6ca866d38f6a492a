import { describe, expect, it } from 'vitest'
import {
  array, bitConstant, bits, derived, flag, optional, ref, u16be, bytes, checksummed, constant, crc8Smbus, custom, dependent, enumeration, i8, imap, inline, many, marker,
  named, oneOf, range, refine, sized, struct, tagged, taggedUnion, u64be, u8, uint, uleb128, utf8, varBytes,
} from '../../combinators/index.js'
import { decode, type Codec } from '../../src/index.js'

// Bad arguments are refused when the grammar is built, naming the
// combinator and the argument, never later inside decode.
const build = (f: () => unknown) => () => void f()

describe('children must be codecs', () => {
  it('a factory that was not called is named in the error', () => {
    // As a new user writes it: uleb128, not uleb128().
    expect(build(() => struct({ n: uleb128 as never }))).toThrow(TypeError)
    expect(build(() => struct({ n: uleb128 as never }))).toThrow(/struct: field "n" is a function, not a codec; call it first \(uleb128\(\.\.\.\)\)/)
  })

  it('every combinator that takes a codec checks it', () => {
    const countFirst = new Set<unknown>()
    const countOrLength = (f: (x: never) => unknown) => {
      countFirst.add(f)
      return f
    }
    const notCodecs: unknown[] = [undefined, null, 3, 'u8', {}, { node: {} }, { node: { tag: 'nope' } }, [u8]]
    const cases: [string, (x: never) => unknown][] = [
      ['struct', (x) => struct({ a: x })],
      ['array', (x) => array(2, x)],
      ['array', countOrLength((x) => array(x, u8))],
      ['many', (x) => many(x)],
      ['sized', countOrLength((x) => sized(x, u8))],
      ['sized', (x) => sized(2, x)],
      ['varBytes', (x) => varBytes(x)],
      ['utf8', (x) => utf8(x)],
      ['constant', (x) => constant(x, 1)],
      ['marker', (x) => marker(x)],
      ['enumeration', (x) => enumeration(x, { a: 1 })],
      ['range', (x) => range(x, 0, 1)],
      ['refine', (x) => refine(x, () => true, 'ok')],
      ['imap', (x) => imap(x, (v) => v, (v) => v)],
      ['inline', (x) => inline(x)],
      ['dependent', (x) => dependent(x, { 1: u8 }, () => 1)],
      // An undefined case is an absent one (dependentOpen's optional cases).
      ['dependent', (x) => dependent(u8, { 1: (x as unknown) ?? null } as never, () => 1)],
      ['tagged', (x) => tagged('type', 'a', x)],
      ['taggedUnion', (x) => taggedUnion(x, 'type', { a: struct({}) })],
      ['checksummed', (x) => checksummed(x, crc8Smbus, u8)],
      ['checksummed', (x) => checksummed(u8, crc8Smbus, x)],
      ['named', (x) => named('a', x)],
      ['oneOf', (x) => oneOf(x)],
    ]
    for (const [name, make] of cases) {
      for (const bad of notCodecs) {
        // A number is a fixed count or length, not a bad codec.
        if (typeof bad === 'number' && countFirst.has(make)) continue
        expect(build(() => make(bad as never)), `${name} with ${String(bad)}`).toThrow(TypeError)
        expect(build(() => make(bad as never)), `${name} with ${String(bad)}`).toThrow(new RegExp(`^${name}: `))
      }
    }
  })

  it('oneOf alternatives must be named', () => {
    expect(build(() => oneOf(u8 as never))).toThrow(/oneOf: alternative 0 must be named/)
  })
})

describe('codes, bounds and sizes are numbers of the right domain', () => {
  it('refuses codes that are not numbers, as loaded from JSON', () => {
    const codes = JSON.parse('{ "ok": 1, "bad": "2; globalThis.x = 1 //" }') as Record<string, number>
    expect(build(() => enumeration(u8, codes))).toThrow(TypeError)
    expect(build(() => enumeration(u8, codes))).toThrow(/enumeration: code of "bad" must be a number/)
  })

  it('refuses codes outside the head and non-integer or non-finite codes', () => {
    expect(build(() => enumeration(u8, { big: 256 }))).toThrow(RangeError)
    expect(build(() => enumeration(u8, { neg: -1 }))).toThrow(/outside 0\.\.255/)
    expect(build(() => enumeration(i8, { half: 0.5 }))).toThrow(/must be an integer/)
    expect(build(() => enumeration(u8, { inf: Infinity }))).toThrow(/must be finite/)
    expect(enumeration(i8, { neg: -1 }).node.tag).toBe('enum')
  })

  it('range bounds match the codec: numbers or bigints, finite, inside it, in order', () => {
    expect(build(() => range(u8, '0' as never, 5))).toThrow(TypeError)
    expect(build(() => range(u64be, 0 as never, 5n))).toThrow(/range: min must be a bigint/)
    expect(build(() => range(u8, 0, 300))).toThrow(/range: max 300 is outside 0\.\.255/)
    expect(build(() => range(u8, Number.NaN, 5))).toThrow(/range: min must be finite/)
    expect(build(() => range(u8, 5, 1))).toThrow(/min is above max/)
    expect(range(u64be, 1n, 5n).node.tag).toBe('range')
  })

  it('sizes and counts are non-negative integers', () => {
    expect(build(() => bytes(-1))).toThrow(/bytes: n must be an integer/)
    expect(build(() => bytes('4' as never))).toThrow(TypeError)
    expect(build(() => sized(1.5, u8))).toThrow(RangeError)
    expect(build(() => array(-2, u8))).toThrow(/array: count/)
    expect(build(() => uleb128(9))).toThrow(/uleb128: maxBytes must be an integer in 1\.\.7/)
    expect(build(() => uint(0))).toThrow(/uint: width/)
    expect(build(() => bitConstant(3, 9))).toThrow(/fit its width/)
    expect(build(() => custom({ name: 'c', size: { min: -1, max: 1 }, decode: () => 0, encode: () => undefined }))).toThrow(/custom: spec.size.min/)
  })

  it('functions and names are checked', () => {
    expect(build(() => imap(u8, 'x' as never, (v: number) => v))).toThrow(/imap: decode must be a function/)
    expect(build(() => refine(u8, () => true, 3 as never))).toThrow(/refine: message must be a string/)
    expect(build(() => dependent(u8, { 1: u8 }, 'no' as never))).toThrow(/dependent: headOf must be a function/)
    expect(build(() => named(7 as never, u8))).toThrow(/named: name must be a string/)
    expect(build(() => checksummed(u8, {} as never, u8))).toThrow(/checksummed: algorithm/)
  })
})

describe('field names cannot touch prototypes', () => {
  it('refuses __proto__ as a field name', () => {
    expect(build(() => struct({ ['__proto__']: u8 } as never))).toThrow(/struct: a field may not be named "__proto__"/)
    expect(build(() => bits({ ['__proto__']: uint(8) } as never))).toThrow(/bits: a field may not be named "__proto__"/)
    expect(build(() => tagged('__proto__', 'a', struct({})))).toThrow(/tagged: a field may not be named "__proto__"/)
  })

  it('refuses accessors and symbol keys among fields', () => {
    const withGetter = Object.defineProperty({}, 'n', { get: () => u8, enumerable: true })
    expect(build(() => struct(withGetter as never))).toThrow(/struct: fields\.n is an accessor/)
    expect(build(() => struct({ [Symbol('s')]: u8 } as never))).toThrow(/symbol keys/)
  })

  it('decoded objects are plain, with Object.prototype and own properties only', () => {
    const g = struct({ constructor: u8, toString: u8, hasOwnProperty: u8 })
    const decoded = decode(g, Uint8Array.of(1, 2, 3))
    expect(decoded._tag).toBe('Right')
    const value = (decoded as { right: object }).right
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.keys(value)).toEqual(['constructor', 'toString', 'hasOwnProperty'])
  })
})

describe('grammar trees are frozen', () => {
  it('codecs, nodes, fields and codes cannot change after they are built', () => {
    const g = struct({ a: u8, e: enumeration(u8, { x: 1 }) })
    expect(Object.isFrozen(g)).toBe(true)
    expect(Object.isFrozen(g.node)).toBe(true)
    const node = g.node as { fields: readonly (readonly [string, Codec<unknown>])[] }
    expect(Object.isFrozen(node.fields)).toBe(true)
    expect(Object.isFrozen(node.fields[0])).toBe(true)
    const e = node.fields[1]?.[1].node as { codes: object }
    expect(Object.isFrozen(e.codes)).toBe(true)
    expect(Object.isFrozen(named('n', u8))).toBe(true)
  })

  it('does not freeze what the user passed in', () => {
    const codes = { x: 1 }
    enumeration(u8, codes)
    expect(Object.isFrozen(codes)).toBe(false)
  })
})

describe('presence on a number', () => {
  it('refuses at build time a part chosen by true/false on a bare reference to a numeric field', () => {
    expect(() => struct({ has: u8, v: optional(ref('has'), u16be) })).toThrow(TypeError)
    expect(() => struct({ has: derived(u8), v: optional(ref('has'), u16be) })).toThrow(/has decodes to a number, never true or false; write ref\("has"\)\.notEquals\(0\)/)
    // What it means is accepted, and a boolean flag as before.
    expect(() => struct({ has: derived(u8), v: optional(ref('has').notEquals(0), u16be) })).not.toThrow()
    expect(() => struct({ flags: bits({ spare: uint(7), has: derived(flag) }), v: optional(ref('has'), u16be) })).not.toThrow()
  })
})
