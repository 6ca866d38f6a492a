import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import {
  f32be, f32le, f64be, f64le, i16be, i16le, i32be, i32le, i64be, i64le, i8, u16be, u16le, u32be, u32le, u64be, u64le, u8,
} from '../../combinators/numbers.js'
import { decode, encode } from '../../src/api.js'
import { assertDecodeFails, assertEncodeFails, assertRoundTrip, checkGrammar } from '../../src/testing/index.js'

const ints = [
  { name: 'u8', codec: u8, min: 0, max: 255, minHex: '00', maxHex: 'ff' },
  { name: 'i8', codec: i8, min: -128, max: 127, minHex: '80', maxHex: '7f' },
  { name: 'u16be', codec: u16be, min: 0, max: 0xffff, minHex: '00 00', maxHex: 'ff ff' },
  { name: 'u16le', codec: u16le, min: 0, max: 0xffff, minHex: '00 00', maxHex: 'ff ff' },
  { name: 'i16be', codec: i16be, min: -0x8000, max: 0x7fff, minHex: '80 00', maxHex: '7f ff' },
  { name: 'i16le', codec: i16le, min: -0x8000, max: 0x7fff, minHex: '00 80', maxHex: 'ff 7f' },
  { name: 'u32be', codec: u32be, min: 0, max: 0xffffffff, minHex: '00 00 00 00', maxHex: 'ff ff ff ff' },
  { name: 'u32le', codec: u32le, min: 0, max: 0xffffffff, minHex: '00 00 00 00', maxHex: 'ff ff ff ff' },
  { name: 'i32be', codec: i32be, min: -0x80000000, max: 0x7fffffff, minHex: '80 00 00 00', maxHex: '7f ff ff ff' },
  { name: 'i32le', codec: i32le, min: -0x80000000, max: 0x7fffffff, minHex: '00 00 00 80', maxHex: 'ff ff ff 7f' },
] as const

describe.each(ints)('$name', ({ codec, min, max, minHex, maxHex }) => {
  const width = minHex.split(' ').length
  it('round-trips 0, min and max to exact bytes', () => {
    assertRoundTrip(codec, 0, '00 '.repeat(width))
    assertRoundTrip(codec, min, minHex)
    assertRoundTrip(codec, max, maxHex)
  })
  it('rejects values just outside its range, fractions, NaN and non-numbers', () => {
    assertEncodeFails(codec, min - 1, 'range')
    assertEncodeFails(codec, max + 1, 'range')
    assertEncodeFails(codec, 1.5, 'type')
    assertEncodeFails(codec, Number.NaN, 'type')
    assertEncodeFails(codec, Infinity, 'type')
    assertEncodeFails(codec, '1', 'type')
    assertEncodeFails(codec, 1n, 'type')
  })
  it('reports incomplete with the missing byte count', () => {
    assertDecodeFails(codec, '', { kind: 'incomplete', offset: 0, needed: width })
    if (width > 1) assertDecodeFails(codec, '01', { kind: 'incomplete', offset: 0, needed: width - 1 })
    assertDecodeFails(codec, '00 '.repeat(width + 1), { kind: 'trailing', offset: width })
  })
  it('keeps the laws', () => {
    checkGrammar(codec, { values: fc.integer({ min, max }) })
  })
})

it('orders bytes by endianness', () => {
  assertRoundTrip(u16be, 0x0102, '01 02')
  assertRoundTrip(u16le, 0x0102, '02 01')
  assertRoundTrip(u32be, 0x01020304, '01 02 03 04')
  assertRoundTrip(u32le, 0x01020304, '04 03 02 01')
  assertRoundTrip(i16le, -2, 'fe ff')
  assertRoundTrip(i32be, -2, 'ff ff ff fe')
  assertRoundTrip(u64be, 0x0102030405060708n, '01 02 03 04 05 06 07 08')
  assertRoundTrip(u64le, 0x0102030405060708n, '08 07 06 05 04 03 02 01')
  assertRoundTrip(f32be, 1, '3f 80 00 00')
  assertRoundTrip(f32le, 1, '00 00 80 3f')
  assertRoundTrip(f64be, 1, '3f f0 00 00 00 00 00 00')
  assertRoundTrip(f64le, 1, '00 00 00 00 00 00 f0 3f')
})

const bigs = [
  { name: 'u64be', codec: u64be, min: 0n, max: 2n ** 64n - 1n },
  { name: 'u64le', codec: u64le, min: 0n, max: 2n ** 64n - 1n },
  { name: 'i64be', codec: i64be, min: -(2n ** 63n), max: 2n ** 63n - 1n },
  { name: 'i64le', codec: i64le, min: -(2n ** 63n), max: 2n ** 63n - 1n },
] as const

describe.each(bigs)('$name', ({ codec, min, max }) => {
  it('round-trips 0n and the extremes exactly', () => {
    assertRoundTrip(codec, 0n, '00 00 00 00 00 00 00 00')
    assertRoundTrip(codec, min)
    assertRoundTrip(codec, max)
    assertRoundTrip(codec, 2n ** 53n + 1n) // beyond exact doubles
  })
  it('rejects values outside 64 bits and numbers', () => {
    assertEncodeFails(codec, min - 1n, 'range')
    assertEncodeFails(codec, max + 1n, 'range')
    assertEncodeFails(codec, 1, 'type')
  })
  it('keeps the laws', () => {
    checkGrammar(codec, { values: fc.bigInt({ min, max }) })
  })
})

it('writes the 64-bit extremes as their two\'s complement bytes', () => {
  assertRoundTrip(u64be, 2n ** 64n - 1n, 'ff ff ff ff ff ff ff ff')
  assertRoundTrip(i64be, -(2n ** 63n), '80 00 00 00 00 00 00 00')
  assertRoundTrip(i64le, -(2n ** 63n), '00 00 00 00 00 00 00 80')
  assertRoundTrip(i64le, -1n, 'ff ff ff ff ff ff ff ff')
})

const floats = [
  { name: 'f32be', codec: f32be, arb: fc.float(), negZero: '80 00 00 00' },
  { name: 'f32le', codec: f32le, arb: fc.float(), negZero: '00 00 00 80' },
  { name: 'f64be', codec: f64be, arb: fc.double(), negZero: '80 00 00 00 00 00 00 00' },
  { name: 'f64le', codec: f64le, arb: fc.double(), negZero: '00 00 00 00 00 00 00 80' },
] as const

describe.each(floats)('$name', ({ codec, arb, negZero }) => {
  it('keeps -0 apart from 0', () => {
    const bytes = assertRoundTrip(codec, -0, negZero)
    const back = decode(codec, bytes)
    expect(E.isRight(back) && Object.is(back.right, -0)).toBe(true)
    const zero = decode(codec, new Uint8Array(bytes.length))
    expect(E.isRight(zero) && Object.is(zero.right, 0)).toBe(true)
  })
  it('round-trips NaN, the infinities and the extremes', () => {
    assertRoundTrip(codec, Number.NaN)
    assertRoundTrip(codec, Infinity)
    assertRoundTrip(codec, -Infinity)
    const width = negZero.split(' ').length
    const largest = width === 4 ? 3.4028234663852886e38 : Number.MAX_VALUE
    const tiniest = width === 4 ? 1.401298464324817e-45 : Number.MIN_VALUE
    assertRoundTrip(codec, largest)
    assertRoundTrip(codec, -largest)
    assertRoundTrip(codec, tiniest)
  })
  it('rejects non-numbers', () => {
    assertEncodeFails(codec, '1', 'type')
    assertEncodeFails(codec, 1n, 'type')
  })
  it('keeps the laws (NaN payloads may change)', () => {
    checkGrammar(codec, { values: arb })
  })
})

describe('f32 rounding', () => {
  it('rounds to the nearest binary32 as Math.fround does', () => {
    expect(decode(f32be, Uint8Array.of(0x3d, 0xcc, 0xcc, 0xcd))).toEqual(E.right(Math.fround(0.1)))
    // 0.1 itself is not a binary32: it is written rounded, and reads back rounded.
    expect(encode(f32be, 0.1)).toEqual(E.right(Uint8Array.of(0x3d, 0xcc, 0xcc, 0xcd)))
  })
  it('rejects finite values beyond binary32 range, which would become Infinity', () => {
    assertEncodeFails(f32be, 3.5e38, 'range')
    assertEncodeFails(f32le, -1e300, 'range')
  })
})
