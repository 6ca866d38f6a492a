// 24-bit integers, signed and least-significant-bit-first bit fields, bit
// groups up to 64 bits (bigint above 53), and a bits group as a dependent head.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  bitConstant, bits, bytes, dependent, dependentOpen, derived, imap, flag, i24be, i24le, int, optional, ref, struct, tagged, u24be, u24le, u8, u16be, uint,
} from '../../combinators/index.js'
import { decode, encode, firstBytes, startPatterns, type TypeOf } from '../../src/index.js'
import { startMatcher } from '../../src/analysis/index.js'
import { layout } from '../../src/interpret/layout.js'
import { compile } from '../../src/compile/compile.js'
import { decodesAlike, encodesAlike, fastPathDecodes, fastPathEncodes } from '../compile/agree.js'
import {
  assertDecodeFails, assertEncodeFails, assertRoundTrip, checkIncompleteOnTruncation, checkRoundTrip, fromHex,
} from '../../src/testing/index.js'

describe('24-bit integers', () => {
  it('read and write three bytes in either order, signed or not', () => {
    assertRoundTrip(u24be, 0x010203, '01 02 03')
    assertRoundTrip(u24le, 0x010203, '03 02 01')
    assertRoundTrip(u24be, 0xffffff, 'ff ff ff')
    assertRoundTrip(i24be, -1, 'ff ff ff')
    assertRoundTrip(i24be, -8388608, '80 00 00')
    assertRoundTrip(i24be, 8388607, '7f ff ff')
    assertRoundTrip(i24le, -2, 'fe ff ff')
    assertRoundTrip(i24le, 0x123456, '56 34 12')
  })
  it('say what is missing and what does not fit', () => {
    assertDecodeFails(u24be, '01 02', { kind: 'incomplete', offset: 0, needed: 1 })
    assertDecodeFails(struct({ a: u8, b: i24le }), '01 02', { kind: 'incomplete', offset: 1, path: ['b'] })
    assertEncodeFails(u24le, 0x1000000, 'range')
    assertEncodeFails(u24be, -1, 'range')
    assertEncodeFails(i24be, 8388608, 'range')
    assertEncodeFails(i24le, 1.5, 'type')
  })
  it('compiled code agrees with the interpreter', () => {
    const g = struct({ a: u24be, b: u24le, c: i24be, d: i24le })
    const compiled = compile(g)
    const value = { a: 0xabcdef, b: 0x123456, c: -123456, d: 8388607 }
    const bytes_ = assertRoundTrip(g, value)
    expect(fastPathDecodes(g, bytes_)).toEqual(value)
    fastPathEncodes(g, value, bytes_)
    decodesAlike(g, compiled, bytes_)
    decodesAlike(g, compiled, bytes_.subarray(0, 10))
    encodesAlike(g, compiled, { ...value, c: 8388608 })
  })
  it('have the size, domain and description of their width', () => {
    checkRoundTrip(struct({ a: u24be, b: i24le }), { numRuns: 50 })
    expect(layout(struct({ len: u24le })).find((r) => r.path === 'len')?.type).toBe('u24le')
  })
})

describe('signed bit fields', () => {
  const delta = bits({ dx: int(4), dy: int(4) })
  it('are two’s complement within their width', () => {
    assertRoundTrip(delta, { dx: -1, dy: 7 }, 'f7')
    assertRoundTrip(delta, { dx: -8, dy: 0 }, '80')
    assertRoundTrip(bits({ a: int(1), b: uint(7) }), { a: -1, b: 0 }, '80')
    assertRoundTrip(bits({ a: int(32) }), { a: -2 }, 'ff ff ff fe')
    assertRoundTrip(bits({ a: uint(3), b: int(13) }), { a: 1, b: -4096 }, '30 00')
  })
  it('refuse values outside their width, at the field', () => {
    assertEncodeFails(delta, { dx: 8, dy: 0 }, 'range', ['dx'])
    assertEncodeFails(delta, { dx: 0, dy: -9 }, 'range', ['dy'])
    assertEncodeFails(delta, { dx: 0, dy: 1.5 }, 'type', ['dy'])
  })
  it('are seen by references with their sign', () => {
    const g = struct({ h: bits({ n: int(8) }), data: optional(ref('n').lessThan(0), u8) })
    assertRoundTrip(g, { h: { n: -3 }, data: 9 }, 'fd 09')
    assertRoundTrip(g, { h: { n: 3 }, data: undefined }, '03')
  })
})

describe('least-significant-bit-first groups', () => {
  it('put the first field in the low bits of the first byte (DEFLATE)', () => {
    const block = bits({ final: flag, type: uint(2), rest: uint(5) }, { bitOrder: 'lsb' })
    assertRoundTrip(block, { final: true, type: 2, rest: 0 }, '05')
    assertRoundTrip(block, { final: false, type: 1, rest: 31 }, 'fa')
  })
  it('continue a field across bytes into the next byte’s low bits', () => {
    // a = 5 in bits 0..2; b = 683 in bits 3..12 (5 bits of byte 0, 5 of byte 1); c = 6 in bits 13..15
    const g = bits({ a: uint(3), b: uint(10), c: uint(3) }, { bitOrder: 'lsb' })
    assertRoundTrip(g, { a: 5, b: 683, c: 6 }, '5d d5')
    assertRoundTrip(bits({ a: int(5), b: int(11) }, { bitOrder: 'lsb' }), { a: -1, b: -1024 }, '1f 80')
  })
  it('check constants where the order puts them, and find frames by them', () => {
    const g = bits({ sync: bitConstant(3, 5, { marker: true }), n: uint(5) }, { bitOrder: 'lsb' })
    assertRoundTrip(g, { n: 1 }, '0d')
    assertDecodeFails(g, '0c', { kind: 'invalid', offset: 0, path: ['sync'] })
    expect(firstBytes(g)?.every((b) => (b & 7) === 5)).toBe(true)
    expect(firstBytes(g)).toHaveLength(32)
    expect(startPatterns(g)).toEqual([{ mask: Uint8Array.of(0x07), value: Uint8Array.of(0x05) }])
    const wide = bits({ n: uint(12), tag: bitConstant(4, 0xa, { marker: true }) }, { bitOrder: 'lsb' })
    const starts = startMatcher(wide) as (bytes: Uint8Array, pos: number, end: number) => boolean
    expect(starts(Uint8Array.of(0x00, 0xa5), 0, 2)).toBe(true)
    expect(starts(Uint8Array.of(0xff, 0x05), 0, 2)).toBe(false)
  })
  it('describe their bits from the low end', () => {
    const rows = layout(bits({ a: uint(3), b: uint(5) }, { bitOrder: 'lsb' }))
    expect(rows.map((r) => r.size)).toEqual(['3 bits (2..0, lsb first)', '5 bits (7..3, lsb first)'])
  })
  it('refuse an unknown order', () => {
    expect(() => bits({ a: uint(8) }, { bitOrder: 'middle' as never })).toThrow(RangeError)
    expect(() => bits({ a: uint(8) }, { bitOrder: 1 as never })).toThrow(TypeError)
    expect(() => bits({ a: uint(8) }, null as never)).toThrow(TypeError)
  })
})

describe('bit groups up to 64 bits', () => {
  const word = bits({ high: uint(4), wide: uint(60) })
  it('decode fields over 53 bits as bigints, narrower ones as numbers', () => {
    expectTypeOf<TypeOf<typeof word>>().toEqualTypeOf<{ readonly high: number; readonly wide: bigint }>()
    assertRoundTrip(word, { high: 10, wide: 42n }, 'a0 00 00 00 00 00 00 2a')
    assertRoundTrip(word, { high: 0, wide: 2n ** 60n - 1n }, '0f ff ff ff ff ff ff ff')
    assertRoundTrip(bits({ all: uint(64) }), { all: 2n ** 64n - 1n }, 'ff ff ff ff ff ff ff ff')
    assertRoundTrip(bits({ all: int(64) }), { all: -(2n ** 63n) }, '80 00 00 00 00 00 00 00')
    assertRoundTrip(bits({ a: int(54), b: uint(10) }, { bitOrder: 'lsb' }), { a: -1n, b: 0 }, 'ff ff ff ff ff ff 3f 00')
    assertRoundTrip(bits({ a: uint(53), b: flag, c: uint(2) }), { a: 2 ** 53 - 1, b: true, c: 1 }, 'ff ff ff ff ff ff fd')
    assertRoundTrip(bits({ a: uint(20), b: uint(20) }), { a: 0xfffff, b: 1 }, 'ff ff f0 00 01')
    const seven = bits({ a: uint(50), b: int(6) }, { bitOrder: 'lsb' })
    assertRoundTrip(seven, { a: 2 ** 50 - 1, b: -32 }, 'ff ff ff ff ff ff 83')
  })
  it('refuse a number for a bigint field and the reverse, and values too wide', () => {
    assertEncodeFails(word, { high: 0, wide: 1 }, 'type', ['wide'])
    assertEncodeFails(word, { high: 0n, wide: 1n }, 'type', ['high'])
    assertEncodeFails(word, { high: 0, wide: 2n ** 60n }, 'range', ['wide'])
    assertEncodeFails(bits({ a: int(64) }), { a: 2n ** 63n }, 'range', ['a'])
    assertDecodeFails(word, 'a0 00 00', { kind: 'incomplete', offset: 0, needed: 5 })
  })
  it('infer number | bigint when the width is not a literal', () => {
    const n: number = 60
    const g = bits({ x: uint(n), y: uint(4) })
    expectTypeOf<TypeOf<typeof g>>().toEqualTypeOf<{ readonly x: number | bigint; readonly y: number }>()
  })
  it('keep the laws and agree with the compiled path', () => {
    const g = struct({ w: word, s: bits({ a: int(40), b: uint(8) }, { bitOrder: 'lsb' }), t: bits({ x: int(12), y: uint(4) }, { bitOrder: 'lsb' }) })
    checkRoundTrip(g, { numRuns: 60 })
    checkIncompleteOnTruncation(g, { numRuns: 20 })
    const compiled = compile(g)
    const value = { w: { high: 3, wide: 5n }, s: { a: -(2 ** 39), b: 7 }, t: { x: -2048, y: 15 } }
    const encoded = assertRoundTrip(g, value)
    decodesAlike(g, compiled, encoded)
    encodesAlike(g, compiled, value)
    encodesAlike(g, compiled, { ...value, t: { x: 2048, y: 0 } })
    // The generated code reads and writes every width itself.
    expect(fastPathDecodes(g, encoded)).toEqual(value)
    fastPathEncodes(g, value, encoded)
    const five = bits({ a: int(20), b: uint(19), c: flag }, { bitOrder: 'lsb' })
    const fiveValue = { a: -524288, b: 0x7ffff, c: true }
    const fiveBytes = assertRoundTrip(five, fiveValue)
    expect(fastPathDecodes(five, fiveBytes)).toEqual(fiveValue)
    fastPathEncodes(five, fiveValue, fiveBytes)
    const eight = bits({ k: bitConstant(3, 5), a: int(61) })
    const eightValue = { a: -(2n ** 60n) }
    const eightBytes = assertRoundTrip(eight, eightValue)
    expect(fastPathDecodes(eight, eightBytes)).toEqual(eightValue)
    fastPathEncodes(eight, eightValue, eightBytes)
    for (const bad of [{ a: 2n ** 60n }, { a: 1 }]) encodesAlike(eight, compile(eight), bad)
    decodesAlike(eight, compile(eight), Uint8Array.of(0x20, 0, 0, 0, 0, 0, 0, 0))
  })
  it('refuse widths past 64 bits, and bigint fields as derived', () => {
    expect(() => bits({ a: uint(64), b: uint(8) })).toThrow(RangeError)
    expect(() => uint(65)).toThrow(RangeError)
    expect(() => int(0)).toThrow(RangeError)
    expect(() => bitConstant(54, 1)).toThrow(RangeError)
    expect(() => derived(uint(54))).toThrow(RangeError)
  })
})

describe('a bits group as a dependent head', () => {
  const head = bits({ version: bitConstant(4, 1), type: uint(4) })
  const message = dependent(head, { 1: tagged('kind', 'short', struct({ n: u8 })), 2: tagged('kind', 'long', struct({ n: u16be })) }, (v) => (v.kind === 'short' ? 1 : 2))
  it('chooses the case by its one number field and writes it back', () => {
    assertRoundTrip(message, { kind: 'long', n: 256 }, '12 01 00')
    assertRoundTrip(message, { kind: 'short', n: 7 }, '11 07')
    assertDecodeFails(message, '13 00', { kind: 'invalid', offset: 0, path: ['type'] })
    assertDecodeFails(message, '21 00', { kind: 'invalid', offset: 0, path: ['type', 'version'] })
    expect(decode(message, fromHex('13'))).toMatchObject(E.left({ message: 'no case for type 3' }))
  })
  it('a signed, lsb-first head works alike; the head is seen by references', () => {
    const signedHead = bits({ step: int(4), spare: bitConstant(4, 0) }, { bitOrder: 'lsb' })
    const g = struct({ body: dependent(signedHead, { [-1]: struct({ back: u8 }), 1: struct({ on: u8 }) }, (v) => ('back' in v ? -1 : 1)), copy: bytes(ref('step').times(-1)) })
    assertRoundTrip(g, { body: { back: 4 }, copy: Uint8Array.of(9) }, '0f 04 09')
  })
  it('or one field of a group in a struct, through ref, derived from the case', () => {
    const g = struct({ h: bits({ type: derived(uint(4)), level: uint(4) }), body: dependent(ref('type'), { 1: u8, 2: u16be }, (v) => (v > 255 ? 2 : 1)) })
    assertRoundTrip(g, { h: { level: 3 }, body: 300 }, '23 01 2c')
    assertRoundTrip(g, { h: { level: 15 }, body: 5 }, '1f 05')
  })
  it('dependentOpen takes one too, with unknown values to otherwise', () => {
    const open = dependentOpen(head, { 1: struct({ n: u8 }) }, (type) => imap(u16be, (w) => ({ type, w }), (v: { w: number }) => v.w), (v) => ('n' in v ? 1 : v.type))
    assertRoundTrip(open, { n: 5 }, '11 05')
    assertRoundTrip(open, { type: 9, w: 258 }, '19 01 02')
    assertDecodeFails(open, '29 00 00', { kind: 'invalid', offset: 0, path: ['type', 'version'] })
    checkRoundTrip(open, { numRuns: 40 })
    checkRoundTrip(message, { numRuns: 40 })
    expect(() => dependentOpen(bits({ a: uint(4), b: uint(4) }) as never, {}, () => u8, () => 1)).toThrow(/dependentOpen: a bits head must hold exactly one number field/)
  })
  it('refuse a group with no single number field', () => {
    expect(() => dependent(bits({ a: uint(4), b: uint(4) }) as never, {} as never, () => 1)).toThrow(RangeError)
    expect(() => dependent(bits({ a: flag, b: bitConstant(7, 0) }) as never, {} as never, () => 1)).toThrow(/exactly one number field/)
  })
  it('encode says which head a value cannot have', () => {
    expect(encode(message, { kind: 'short' as const, n: 300 })).toMatchObject(E.left({ kind: 'range', path: ['n'] }))
  })
})
