import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { bytes, rest, varBytes } from '../../combinators/bytes.js'
import { u16be, u8 } from '../../combinators/numbers.js'
import { struct } from '../../combinators/struct.js'
import { uleb128 } from '../../combinators/varint.js'
import { decode } from '../../src/api.js'
import { assertDecodeFails, assertEncodeFails, assertRoundTrip, checkGrammar, fromHex } from '../../src/testing/index.js'

describe('bytes(n)', () => {
  it('round-trips exactly n bytes, including none', () => {
    assertRoundTrip(bytes(3), Uint8Array.of(1, 2, 3), '01 02 03')
    assertRoundTrip(bytes(0), new Uint8Array(0), '')
  })
  it('decodes to a view of the input, not a copy', () => {
    const input = fromHex('aa bb cc')
    const out = decode(struct({ head: u8, tail: bytes(2) }), input)
    if (E.isLeft(out)) throw new Error('decode failed')
    expect(out.right.tail.buffer).toBe(input.buffer)
    expect(out.right.tail.byteOffset).toBe(1)
  })
  it('rejects a wrong length or type on encode, and short input on decode', () => {
    assertEncodeFails(bytes(2), Uint8Array.of(1), 'length')
    assertEncodeFails(bytes(2), [1, 2], 'type')
    assertDecodeFails(bytes(4), '01 02', { kind: 'incomplete', offset: 0, needed: 2 })
  })
  it('rejects a bad size when built', () => {
    expect(() => bytes(-1)).toThrow(RangeError)
    expect(() => bytes(1.5)).toThrow(RangeError)
  })
  it('keeps the laws', () => {
    checkGrammar(bytes(5), { values: fc.uint8Array({ minLength: 5, maxLength: 5 }) })
  })
})

describe('rest', () => {
  it('takes every byte left, including none', () => {
    assertRoundTrip(rest, Uint8Array.of(9, 8), '09 08')
    assertRoundTrip(rest, new Uint8Array(0), '')
    assertRoundTrip(struct({ kind: u8, data: rest }), { kind: 7, data: Uint8Array.of(1, 2) }, '07 01 02')
  })
  it('keeps the laws (a prefix is a shorter valid value, so no prefix law)', () => {
    checkGrammar(rest, { values: fc.uint8Array({ maxLength: 40 }) })
  })
})

describe('varBytes', () => {
  it('writes the length prefix on encode', () => {
    assertRoundTrip(varBytes(u8), Uint8Array.of(0xaa, 0xbb), '02 aa bb')
    assertRoundTrip(varBytes(u8), new Uint8Array(0), '00')
    assertRoundTrip(varBytes(u16be), new Uint8Array(300).fill(7))
    assertRoundTrip(varBytes(uleb128(2)), new Uint8Array(128).fill(1).subarray(0, 128))
  })
  it('moves the region when a varint prefix is shorter than its maximum', () => {
    const out = assertRoundTrip(varBytes(uleb128(4)), Uint8Array.of(5, 6, 7))
    expect(Array.from(out)).toEqual([3, 5, 6, 7])
  })
  it('fails encode with length when the bytes do not fit the prefix', () => {
    assertEncodeFails(varBytes(u8), new Uint8Array(256), 'length')
    assertEncodeFails(varBytes(u8), 'text', 'type')
  })
  it('is incomplete when the prefix promises more than the input holds', () => {
    assertDecodeFails(varBytes(u8), '05 01 02', { kind: 'incomplete', offset: 1, needed: 3 })
    assertDecodeFails(varBytes(u16be), '00', { kind: 'incomplete', offset: 0, needed: 1 })
  })
  it('keeps the laws', () => {
    checkGrammar(varBytes(u8), { values: fc.uint8Array({ maxLength: 255 }) })
    checkGrammar(varBytes(uleb128(2)), { values: fc.uint8Array({ maxLength: 300 }), numRuns: 50 })
  })
})
