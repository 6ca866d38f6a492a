import { describe, expect, it } from 'vitest'
import {
  array, bitConstant, bits, bytes, checksummed, constant, crc8Smbus, dependent, enumeration, flag, imap, inline, many, marker,
  named, oneOf, range, refine, sized, struct, u16be, u8, uint, i8, utf8, varBytes, custom, uleb128,
} from '../../combinators/index.js'
import { firstBytes, startPatterns } from '../../src/index.js'
import { startMatcher } from '../../src/analysis/index.js'
import { detect } from '../../protocols/detect.js'
import { telemetry } from '../../protocols/telemetry.js'
import { eventRecord } from '../../protocols/event-record.js'

const hex = (a: Uint8Array): string => [...a].map((b) => b.toString(16).padStart(2, '0')).join(' ')

describe('firstBytes', () => {
  it('finds the protocols’ first bytes', () => {
    expect(firstBytes(telemetry)).toEqual([0x5a])
    expect(firstBytes(eventRecord)).toEqual([0xb5])
    expect(firstBytes(detect)).toEqual([0x5a, 0xb5])
  })

  it('is undefined (any byte) when nothing fixes the first byte', () => {
    for (const g of [u8, u16be, struct({ a: u8 }), uleb128(4), utf8(varBytes(u8)), custom<number>({ name: 'c', size: { min: 1, max: 1 }, decode: () => 0, encode: () => undefined })]) {
      expect(firstBytes(g)).toBeUndefined()
    }
    expect(firstBytes(oneOf(named('a', constant(u8, 1)), named('b', u8)))).toBeUndefined()
  })

  it('walks past parts that can be empty', () => {
    expect(firstBytes(struct({ empty: bytes(0), none: array(0, u8), zero: sized(0, many(u8)), c: constant(u8, 7) }))).toEqual([7])
    expect(firstBytes(struct({ maybe: many(constant(u8, 1)), c: constant(u8, 2) }))).toEqual([1, 2])
    expect(firstBytes(checksummed(many(constant(u8, 3)), crc8Smbus, u8))).toBeUndefined()
  })

  it('reads one-byte enumerations, ranges, bit constants and prefixes', () => {
    expect(firstBytes(enumeration(u8, { a: 3, b: 1 }))).toEqual([1, 3])
    expect(firstBytes(struct({ t: dependent(enumeration(u8, { a: 9 }), { a: u8 }, () => 'a' as const) }))).toEqual([9])
    expect(firstBytes(range(u8, 250, 255))).toEqual([250, 251, 252, 253, 254, 255])
    expect(firstBytes(range(i8, -1, 1))).toEqual([0, 1, 255])
    expect(firstBytes(range(u16be, 0, 1))).toBeUndefined()
    // A wider enumeration fixes its first byte too: 0x00 of 00 01.
    expect(firstBytes(enumeration(u16be, { a: 1 }))).toEqual([0])
    expect(firstBytes(bits({ v: bitConstant(6, 0b101010), f: flag, g: flag }))).toEqual([0xa8, 0xa9, 0xaa, 0xab])
    expect(firstBytes(bits({ v: bitConstant(12, 0xabc), u: uint(4) }))).toEqual([0xab])
    expect(firstBytes(bits({ u: uint(8) }))).toBeUndefined()
    // Free bits in between; a non-marker constant after a marker does not narrow (its mismatch is malformed, not garbage).
    expect(firstBytes(bits({ u: uint(6), c: bitConstant(2, 3) }))).toEqual([3, 7, 11, 15, 19, 23, 27, 31, 35, 39, 43, 47, 51, 55, 59, 63, 67, 71, 75, 79, 83, 87, 91, 95, 99, 103, 107, 111, 115, 119, 123, 127, 131, 135, 139, 143, 147, 151, 155, 159, 163, 167, 171, 175, 179, 183, 187, 191, 195, 199, 203, 207, 211, 215, 219, 223, 227, 231, 235, 239, 243, 247, 251, 255])
    expect(firstBytes(bits({ m: bitConstant(4, 2, { marker: true }), r: bitConstant(1, 0), f: uint(3) }))).toHaveLength(16)
    expect(firstBytes(bits({ r: bitConstant(1, 0), m: bitConstant(4, 2, { marker: true }), f: uint(3) }))).toHaveLength(8)
    expect(firstBytes(sized(u8, constant(u8, 1)))).toBeUndefined()
    expect(firstBytes(sized(range(u8, 1, 2), many(u8)))).toEqual([1, 2])
    expect(firstBytes(array(range(u8, 4, 4), u8))).toEqual([4])
    expect(firstBytes(sized(2, inline(struct({ c: constant(u8, 5), d: u8 }))))).toEqual([5])
    expect(firstBytes(imap(refine(constant(u8, 6), () => true, 'ok'), () => 1, () => undefined))).toEqual([6])
    // A grammar of zero bytes matches at any position.
    expect(firstBytes(constant(bytes(0), new Uint8Array(0)))).toBeUndefined()
  })
})

describe('startPatterns', () => {
  it('gives the protocols’ markers', () => {
    const patterns = startPatterns(detect) ?? []
    expect(patterns.map((p) => [hex(p.mask), hex(p.value)])).toEqual([
      ['ff ff ff', '5a a5 01'],
      ['ff f0', 'b5 20'],
    ])
  })

  it('stops at a non-marker constant after a marker, whose mismatch is committed', () => {
    const g = struct({ m: marker(constant(u8, 1)), c: constant(u8, 2) })
    expect(startPatterns(g)?.map((p) => hex(p.value))).toEqual(['01'])
    const before = struct({ c: constant(u8, 2), m: marker(constant(u8, 1)), after: constant(u8, 3) })
    expect(startPatterns(before)?.map((p) => hex(p.value))).toEqual(['02 01'])
    const inBits = struct({ m: marker(constant(u8, 1)), b: bits({ r: bitConstant(1, 0), v: bitConstant(3, 5, { marker: true }), f: uint(4) }) })
    expect(startPatterns(inBits)?.map((p) => hex(p.mask))).toEqual(['ff'])
    const loose = bits({ u: uint(4), m: bitConstant(4, 3, { marker: true }) })
    expect(startPatterns(loose)?.map((p) => [hex(p.mask), hex(p.value)])).toEqual([['0f', '03']])
  })

  it('stops after a checksummed region’s inner grammar', () => {
    const g = checksummed(struct({ c: constant(u8, 0xc0) }), crc8Smbus, u8)
    expect(startPatterns(g)?.map((p) => hex(p.value))).toEqual(['c0'])
  })

  it('is undefined when an alternative has no fixed first byte', () => {
    expect(startPatterns(u8)).toBeUndefined()
    expect(startPatterns(oneOf(named('a', constant(u8, 1)), named('b', struct({ x: u8 }))))).toBeUndefined()
    expect(startPatterns(bits({ u: uint(8), m: bitConstant(8, 3, { marker: true }) }))).toBeUndefined()
  })

  it('matches bytes as far as they go', () => {
    const matcher = startMatcher(detect)
    const at = (...b: number[]): boolean => matcher?.(Uint8Array.from(b), 0, b.length) ?? true
    expect(at(0x5a)).toBe(true)
    expect(at(0x5a, 0xa5, 0x01, 0x09)).toBe(true)
    expect(at(0x5a, 0xa5, 0x02)).toBe(false)
    expect(at(0xb5, 0x2f)).toBe(true)
    expect(at(0xb5, 0x30)).toBe(false)
    expect(at(0x00)).toBe(false)
  })
})
