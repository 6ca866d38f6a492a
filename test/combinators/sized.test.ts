import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bytes, rest } from '../../combinators/bytes.js'
import { custom } from '../../combinators/custom.js'
import { i8, u16be, u8 } from '../../combinators/numbers.js'
import { many } from '../../combinators/repeat.js'
import { sized } from '../../combinators/sized.js'
import { struct } from '../../combinators/struct.js'
import { imap, range } from '../../combinators/transform.js'
import { uleb128 } from '../../combinators/varint.js'
import { sizeBounds } from '../../src/index.js'
import { assertDecodeFails, assertDecodesTo, assertEncodeFails, assertRoundTrip, checkGrammar } from '../../src/testing/index.js'

describe('sized', () => {
  it('confines the inner grammar to a fixed region', () => {
    assertRoundTrip(sized(2, u16be), 0x0102, '01 02')
    assertRoundTrip(sized(3, rest), Uint8Array.of(1, 2, 3), '01 02 03')
    assertRoundTrip(sized(0, rest), new Uint8Array(0), '')
    assertRoundTrip(struct({ a: sized(2, rest), b: u8 }), { a: Uint8Array.of(1, 2), b: 3 }, '01 02 03')
  })

  it('computes a length prefix on encode', () => {
    assertRoundTrip(sized(u8, many(u16be)), [1, 2], '04 00 01 00 02')
    assertRoundTrip(sized(u8, many(u16be)), [], '00')
    assertRoundTrip(sized(uleb128(2), rest), new Uint8Array(200).fill(3))
  })

  it('says unused bytes in the region are invalid, at the first unused byte', () => {
    assertDecodeFails(sized(u8, u16be), '03 00 01 00', { kind: 'invalid', offset: 3 })
    assertDecodeFails(sized(3, u16be), '00 01 00', { kind: 'invalid', offset: 2 })
  })

  it('says an inner grammar running past its region is invalid, not incomplete', () => {
    assertDecodeFails(sized(u8, struct({ a: u16be, b: u16be })), '03 00 01 00 00 00', { kind: 'invalid', offset: 3, path: ['b'] })
    // Even when the region ends where the input does: more input would not help.
    assertDecodeFails(sized(u8, struct({ a: u16be, b: u16be })), '03 00 01 00', { kind: 'invalid', offset: 3, path: ['b'] })
  })

  it('says a length beyond the input is incomplete, with how much is missing', () => {
    assertDecodeFails(sized(u8, rest), '05 01 02', { kind: 'incomplete', offset: 1, needed: 3 })
    assertDecodeFails(sized(u16be, rest), 'ff ff', { kind: 'incomplete', offset: 2, needed: 0xffff })
    assertDecodeFails(sized(2, u16be), '01', { kind: 'incomplete', offset: 0, needed: 1 })
  })

  it('turns a length field that is negative or fractional into an invalid error', () => {
    assertDecodeFails(sized(i8, rest), 'ff 00', { kind: 'invalid', offset: 0 })
    const half = imap(u8, (n) => n / 2, (n) => n * 2)
    assertDecodeFails(sized(half, rest), '03 00 00', { kind: 'invalid', offset: 0 })
  })

  it('checks a range on the length before reading the region', () => {
    assertDecodeFails(sized(range(u16be, 0, 4), rest), '00 05 00 00 00 00 00', { kind: 'invalid', offset: 0 })
  })

  it('fails encode when the value does not fill a fixed region or overflows the prefix', () => {
    assertEncodeFails(sized(3, u16be), 1, 'length')
    assertEncodeFails(sized(u8, rest), new Uint8Array(256), 'length')
    assertEncodeFails(sized(range(u8, 0, 2), rest), new Uint8Array(3), 'length')
    assertEncodeFails(sized(u8, u16be), 'x', 'type')
  })

  it('encodes through a length prefix with no upper size bound', () => {
    let calls = 0
    const unbounded = custom<number>({
      name: 'len-ascii',
      size: { min: 1, max: Infinity },
      decode: (s) => (s.has(1) ? (s.bytes[s.pos++] as number) - 0x30 : 0),
      encode: (s, v) => {
        calls++
        s.reserve(1)
        s.bytes[s.pos++] = 0x30 + v
      },
    })
    assertRoundTrip(sized(unbounded, rest), Uint8Array.of(7, 8), '32 07 08')
    expect(calls).toBeGreaterThan(0)
    assertEncodeFails(sized(unbounded, u16be), 'x', 'type')
  })

  it('derives size bounds from the prefix and the region', () => {
    expect(sizeBounds(sized(4, rest))).toEqual({ min: 4, max: 4 })
    expect(sizeBounds(sized(u8, rest))).toEqual({ min: 1, max: 256 })
    expect(sizeBounds(sized(range(u16be, 0, 10), rest))).toEqual({ min: 2, max: 12 })
    expect(sizeBounds(sized(u8, u16be))).toEqual({ min: 3, max: 3 })
  })

  it('rejects bad fixed lengths when built', () => {
    expect(() => sized(-1, rest)).toThrow(RangeError)
    expect(() => sized(1.5, rest)).toThrow(RangeError)
  })

  it('keeps the laws', () => {
    checkGrammar(sized(u8, many(u16be)), { values: fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 20 }) })
    checkGrammar(sized(4, struct({ a: u8, rest })), { values: fc.record({ a: fc.integer({ min: 0, max: 255 }), rest: fc.uint8Array({ minLength: 3, maxLength: 3 }) }) })
    assertDecodesTo(sized(4, bytes(4)), '01 02 03 04', Uint8Array.of(1, 2, 3, 4))
  })
})
