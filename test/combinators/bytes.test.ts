import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { bytes, rest, varBytes } from '../../combinators/bytes.js'
import { u16be, u8 } from '../../combinators/numbers.js'
import { struct } from '../../combinators/struct.js'
import { uleb128 } from '../../combinators/varint.js'
import { decode } from '../../src/api.js'
import { codecLaws, decodeFails, encodeFails, fromHex, roundtrip } from '../helpers/laws.js'

describe('bytes(n)', () => {
  it('round-trips exactly n bytes, including none', () => {
    roundtrip(bytes(3), Uint8Array.of(1, 2, 3), '01 02 03')
    roundtrip(bytes(0), new Uint8Array(0), '')
  })
  it('decodes to a view of the input, not a copy', () => {
    const input = fromHex('aa bb cc')
    const out = decode(struct({ head: u8, tail: bytes(2) }), input)
    if (E.isLeft(out)) throw new Error('decode failed')
    expect(out.right.tail.buffer).toBe(input.buffer)
    expect(out.right.tail.byteOffset).toBe(1)
  })
  it('rejects a wrong length or type on encode, and short input on decode', () => {
    encodeFails(bytes(2), Uint8Array.of(1), 'length')
    encodeFails(bytes(2), [1, 2], 'type')
    decodeFails(bytes(4), '01 02', { kind: 'incomplete', offset: 0, needed: 2 })
  })
  it('rejects a bad size when built', () => {
    expect(() => bytes(-1)).toThrow(RangeError)
    expect(() => bytes(1.5)).toThrow(RangeError)
  })
  it('keeps the laws', () => {
    codecLaws(bytes(5), fc.uint8Array({ minLength: 5, maxLength: 5 }))
  })
})

describe('rest', () => {
  it('takes every byte left, including none', () => {
    roundtrip(rest, Uint8Array.of(9, 8), '09 08')
    roundtrip(rest, new Uint8Array(0), '')
    roundtrip(struct({ kind: u8, data: rest }), { kind: 7, data: Uint8Array.of(1, 2) }, '07 01 02')
  })
  it('keeps the laws (a prefix is a shorter valid value, so no prefix law)', () => {
    codecLaws(rest, fc.uint8Array({ maxLength: 40 }), { prefixes: false })
  })
})

describe('varBytes', () => {
  it('writes the length prefix on encode', () => {
    roundtrip(varBytes(u8), Uint8Array.of(0xaa, 0xbb), '02 aa bb')
    roundtrip(varBytes(u8), new Uint8Array(0), '00')
    roundtrip(varBytes(u16be), new Uint8Array(300).fill(7))
    roundtrip(varBytes(uleb128(2)), new Uint8Array(128).fill(1).subarray(0, 128))
  })
  it('moves the region when a varint prefix is shorter than its maximum', () => {
    const out = roundtrip(varBytes(uleb128(4)), Uint8Array.of(5, 6, 7))
    expect(Array.from(out)).toEqual([3, 5, 6, 7])
  })
  it('fails encode with length when the bytes do not fit the prefix', () => {
    encodeFails(varBytes(u8), new Uint8Array(256), 'length')
    encodeFails(varBytes(u8), 'text', 'type')
  })
  it('is incomplete when the prefix promises more than the input holds', () => {
    decodeFails(varBytes(u8), '05 01 02', { kind: 'incomplete', offset: 1, needed: 3 })
    decodeFails(varBytes(u16be), '00', { kind: 'incomplete', offset: 0, needed: 1 })
  })
  it('keeps the laws', () => {
    codecLaws(varBytes(u8), fc.uint8Array({ maxLength: 255 }))
    codecLaws(varBytes(uleb128(2)), fc.uint8Array({ maxLength: 300 }), { numRuns: 50 })
  })
})
