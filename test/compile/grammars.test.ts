import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { codec, type Codec, type Grammar } from '../../src/grammar/codec.js'
import { decode, encode } from '../../src/api.js'
import { compile, isCompiled } from '../../src/compile/compile.js'
import { compileWith } from '../../src/compile/compile.js'
import {
  array, bitConstant, bits, bytes, checksummed, constant, crc8Smbus, custom, dependent, dependentOpen, enumeration, f32be,
  f64le, flag, i16be, i32le, i64be, i8, imap, inline, many, marker, named, oneOf, range, refine, rest, sized, struct, u16be,
  u16le, u32be, u64le, u8, uint, uleb128, utf8, varBytes, xor8, taggedUnion,
} from '../../combinators/index.js'
import { decodesAlike, encodesAlike } from './agree.js'

const bcd = custom<number>({
  name: 'bcd',
  size: { min: 1, max: 1 },
  decode: (s) => {
    if (!s.has(1)) return 0
    const b = s.bytes[s.pos++] as number
    if ((b & 15) > 9) throw new Error('not BCD')
    return (b >> 4) * 10 + (b & 15)
  },
  encode: (s, v) => {
    if (v > 99) throw new Error('too big')
    s.reserve(1)
    s.bytes[s.pos++] = (Math.floor(v / 10) << 4) | v % 10
  },
})
const unbounded = custom<number>({
  name: 'unbounded',
  size: { min: 1, max: Infinity },
  decode: (s) => (s.has(1) ? (s.bytes[s.pos++] as number) : 0),
  encode: (s, v) => {
    s.reserve(1)
    s.bytes[s.pos++] = v
  },
})

// Small grammars, each stressing a few node kinds, so that random bytes
// reach both success and every kind of failure.
const grammars: Record<string, Codec<any>> = {
  ints: struct({ a: i8, b: i16be, c: i32le, d: u32be, e: u16le }),
  bigAndFloat: struct({ a: i64be, b: u64le, c: f32be, d: f64le }),
  varint: array(3, uleb128(3)),
  bitFields: bits({ kind: bitConstant(2, 1, { marker: true }), a: uint(3), f: flag, g: bitConstant(2, 0) }),
  wideBits: struct({ w: bits({ x: uint(32) }), v: bits({ hi: uint(12), lo: uint(4) }) }),
  text: struct({ fixed: utf8(bytes(3)), short: utf8(varBytes(u8)), tail: utf8(rest) }),
  longText: utf8(sized(u16be, rest)),
  refinedAndMapped: struct({ even: refine(u8, (n) => n % 2 === 0, 'even'), doubled: imap(u8, (n) => n * 2, (n) => n / 2), r: range(i8, -5, 5) }),
  throwingMap: imap(u8, (n) => { if (n > 200) throw new Error('big'); return n }, (n) => { if (n === 7) throw new Error('seven'); return n }),
  counted: struct({ fixed: array(2, u16le), counted: array(u8, i8), region: sized(4, many(u8)) }),
  signedLengths: struct({ a: sized(i8, rest), b: array(i8, u8) }),
  custom: struct({ a: bcd, b: u8 }),
  unboundedPrefix: sized(unbounded, many(u8)),
  careless: struct({ a: u8, skip: custom<number>({ name: 'skip', size: { min: 2, max: 2 }, decode: (s) => ((s.pos += 2), 0), encode: (s) => { s.reserve(2); s.pos += 2 } }), b: sized(3, struct({ c: custom<number>({ name: 'back', size: { min: 0, max: 0 }, decode: (s) => ((s.pos -= s.bytes[0]! % 3), 0), encode: () => undefined }), d: many(u8) })) }),
  dependentOpen: dependentOpen(
    u16be,
    { 1: struct({ a: u8 }), 300: struct({ b: u16be }) },
    (k: number) => imap(bytes(1), (raw) => ({ other: k, raw }), (v: { raw: Uint8Array }) => v.raw),
    (v: any) => ('a' in v ? 1 : 'b' in v ? 300 : v.other),
  ),
  throwingOtherwise: dependentOpen(
    u8,
    { 1: struct({ a: u8 }) },
    (k: number) => {
      if (k > 100) throw new Error('no grammar')
      return imap(u8, (x) => ({ k, x }), (v: { x: number }) => v.x)
    },
    (v: any) => (v === null || typeof v !== 'object' ? {} : 'a' in v ? 1 : v.k),
  ),
  enumHead: dependent(enumeration(u8, { one: 1, two: 2 }), { one: struct({ x: u8 }), two: struct({ y: i8 }) }, (v: any) => ('x' in v ? 'one' : 'two')),
  bigintHead: dependent(u64le, { 1: struct({ x: u8 }) } as any, () => 1n as any),
  oneOfOverlap: oneOf(named('x', struct({ m: marker(constant(u8, 1)), x: u8 })), named('y', struct({ y: u8 })), named('z', struct({ m: marker(constant(u16be, 0x0102)) }))),
  nestedOneOf: struct({
    first: oneOf(named('a', struct({ m: marker(constant(u8, 0xaa)), v: u8 })), named('b', struct({ m: marker(bits({ s: bitConstant(4, 0xb, { marker: true }), n: uint(4) })) }))),
    then: u8,
  }),
  inlines: struct({
    head: u8,
    mapped: inline(imap(struct({ p: u8 }), (v) => ({ ...v, q: 1 }), ({ p }) => ({ p }))),
    flat: inline(sized(2, struct({ seq: u16be }))),
    after: u8,
  }),
  onlyMapped: struct({ m: inline(imap(struct({ p: u8 }), (v) => ({ ...v }), (v) => v)) }),
  checksumSkips: checksummed(struct({ len: u8, body: varBytes(u8) }), crc8Smbus, u8, { skipStart: 1, skipEnd: 1 }),
  xorFrame: checksummed(struct({ m: constant(u16be, 0xcafe), data: varBytes(uleb128(2)) }), xor8, u8),
  // struct() refuses the name; a hand-made node must still decode to a plain object.
  protoKey: codec<unknown>({ tag: 'struct', fields: [['__proto__', u8], ['x', u8]] }),
  constantsOnly: struct({ a: constant(u8, 3), b: marker(constant(bytes(0), new Uint8Array())) }),
  floatLength: sized(imap(u8, (n) => n + 0.5, (n) => n - 0.5), rest),
  mappedCount: array(imap(u8, (n) => n, (n) => n), u8),
  enumWide: enumeration(range(u16be, 0, 1000), { a: 0, b: 999 }),
}

const compiled = Object.fromEntries(Object.entries(grammars).map(([k, g]) => [k, compile(g)]))

describe('compiled grammars agree with the interpreter', () => {
  for (const [name, grammar] of Object.entries(grammars)) {
    const fast = compiled[name] as Grammar
    it(`${name}: decoding random bytes, and encoding what they decode to`, () => {
      expect(isCompiled(fast)).toBe(true)
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 24 }), (input) => {
          decodesAlike(grammar, fast, input)
          let decoded: ReturnType<typeof decode>
          try {
            decoded = decode(grammar, input)
          } catch {
            return // an interpreter bug that decodesAlike saw the compiled codec share
          }
          if (decoded._tag === 'Right') encodesAlike(grammar, fast, decoded.right)
        }),
        { numRuns: 200 },
      )
    })
    it(`${name}: encoding arbitrary values`, () => {
      fc.assert(fc.property(fc.anything(), (value) => encodesAlike(grammar, fast, value)), { numRuns: 40 })
    })
  }
})

describe('grammars known only at run time', () => {
  // As EVR does: one grammar per unknown code, built once and reused, so
  // the compiled codec compiles it when it comes back.
  const cache = new Map<number, Codec<{ code: number; raw: Uint8Array }>>()
  const open = dependentOpen(
    u8,
    { 1: struct({ a: u8 }) },
    (code: number) => {
      let g = cache.get(code)
      if (g === undefined) cache.set(code, (g = imap(varBytes(uleb128(2)), (raw) => ({ code, raw }), (v: { raw: Uint8Array }) => v.raw)))
      return g
    },
    (v: any) => ('a' in v ? 1 : v.code),
  )
  const fast = compile(open)

  it('decode and encode alike on first sight and after', () => {
    const inputs = [Uint8Array.of(9, 2, 7, 7), Uint8Array.of(9, 1, 5), Uint8Array.of(9, 0x80, 0x01, ...new Array(128).fill(1)), Uint8Array.of(9, 3, 1), Uint8Array.of(1, 4)]
    for (let round = 0; round < 3; round++) {
      for (const input of inputs) {
        decodesAlike(open, fast, input)
        const decoded = decode(open, input)
        if (decoded._tag === 'Right') encodesAlike(open, fast, decoded.right)
      }
      encodesAlike(open, fast, { code: 9, raw: 'not bytes' })
    }
  })
})

describe('tagged values', () => {
  const shape = taggedUnion(enumeration(u8, { circle: 1, rect: 2 }), 'kind', { circle: struct({ r: u16be }), rect: struct({ w: u8, h: u8, c: constant(u8, 0) }) })
  const fast = compile(shape)
  it('encode alike however the value holds its fields', () => {
    const hidden = { kind: 'circle' }
    Object.defineProperty(hidden, 'r', { value: 5, enumerable: false })
    const inherited = Object.assign(Object.create({ r: 5 }), { kind: 'circle' })
    const values = [{ kind: 'circle', r: 5 }, { kind: 'rect', w: 1, h: 2 }, hidden, inherited, { kind: 'circle' }, { kind: 'rect', w: 1 }, null, 7, 'circle']
    for (const value of values) encodesAlike(shape, fast, value)
    expect(encode(fast, { kind: 'circle', r: 5 })).toEqual(encode(shape, { kind: 'circle', r: 5 }))
  })
})

describe('compile', () => {
  it('falls back to the interpreter where code generation is refused', () => {
    const refuse = () => {
      throw new EvalError('Code generation from strings disallowed for this context')
    }
    const codec = struct({ a: u8 })
    const result = compileWith(codec, refuse)
    expect(result).toBe(codec)
    expect(isCompiled(result)).toBe(false)
    expect(decode(result, Uint8Array.of(1))).toEqual(decode(codec, Uint8Array.of(1)))
  })

  it('passes on errors other than a refusal', () => {
    expect(() => compileWith(u8, () => { throw new TypeError('boom') })).toThrow(TypeError)
  })

  it('leaves a grammar too large to be worth compiling to the interpreter', () => {
    let big: Codec<any> = u8
    for (let i = 0; i < 14; i++) big = oneOf(named('a', struct({ m: marker(constant(u8, i)), x: big })), named('b', struct({ y: big })))
    expect(isCompiled(compile(big))).toBe(false)
  })
})
