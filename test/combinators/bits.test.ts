import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bitConstant, bits, flag, uint } from '../../combinators/bits.js'
import { sizeBounds } from '../../src/index.js'
import { assertDecodeFails, assertDecodesTo, assertEncodeFails, assertRoundTrip, checkGrammar } from '../../src/testing/index.js'

describe('bits', () => {
  const header = bits({ version: bitConstant(4, 2), reserved: bitConstant(1, 0), urgent: flag, retransmit: flag, ack: flag })

  it('lists fields from the most significant bit of the first byte down', () => {
    assertRoundTrip(header, { urgent: true, retransmit: false, ack: true }, '25')
    assertRoundTrip(header, { urgent: false, retransmit: false, ack: false }, '20')
    assertRoundTrip(header, { urgent: true, retransmit: true, ack: true }, '27')
    assertRoundTrip(bits({ high: uint(1), low: uint(7) }), { high: 1, low: 0 }, '80')
    assertRoundTrip(bits({ high: uint(7), low: uint(1) }), { high: 0, low: 1 }, '01')
  })

  it('groups several bytes big-endian', () => {
    assertRoundTrip(bits({ a: uint(4), b: uint(12) }), { a: 1, b: 0x234 }, '12 34')
    assertRoundTrip(bits({ a: uint(3), b: uint(13), c: uint(8) }), { a: 7, b: 0, c: 0xff }, 'e0 00 ff')
    assertRoundTrip(bits({ all: uint(32) }), { all: 0xffffffff }, 'ff ff ff ff')
    assertRoundTrip(bits({ top: flag, rest: uint(31) }), { top: true, rest: 0 }, '80 00 00 00')
  })

  it('says a wrong constant is invalid at that field', () => {
    assertDecodeFails(header, '35', { kind: 'invalid', offset: 0, path: ['version'] })
    assertDecodeFails(header, '2d', { kind: 'invalid', offset: 0, path: ['reserved'] })
    assertDecodeFails(header, '', { kind: 'incomplete', offset: 0, needed: 1 })
    assertDecodeFails(bits({ a: uint(16) }), '01', { kind: 'incomplete', offset: 0, needed: 1 })
  })

  it('checks field values on encode', () => {
    assertEncodeFails(bits({ a: uint(3), b: uint(5) }), { a: 8, b: 0 }, 'range', ['a'])
    assertEncodeFails(bits({ a: uint(3), b: uint(5) }), { a: -1, b: 0 }, 'range', ['a'])
    assertEncodeFails(bits({ a: uint(3), b: uint(5) }), { a: 0, b: 1.5 }, 'type', ['b'])
    assertEncodeFails(header, { urgent: 1, retransmit: false, ack: false }, 'type', ['urgent'])
    assertEncodeFails(header, 0x25, 'type')
  })

  it('refuses layouts that are not whole bytes, and bad widths or constants', () => {
    expect(() => bits({ a: uint(7) })).toThrow(RangeError)
    expect(() => bits({ a: uint(64), b: uint(8) })).toThrow(RangeError)
    expect(() => uint(0)).toThrow(RangeError)
    expect(() => uint(65)).toThrow(RangeError)
    expect(() => bitConstant(2, 4)).toThrow(RangeError)
    expect(() => bitConstant(2, -1)).toThrow(RangeError)
  })

  it('has a fixed size', () => {
    expect(sizeBounds(bits({ a: uint(4), b: uint(20) }))).toEqual({ min: 3, max: 3 })
  })

  it('keeps the laws', () => {
    checkGrammar(header, { values: fc.record({ urgent: fc.boolean(), retransmit: fc.boolean(), ack: fc.boolean() }) })
    checkGrammar(bits({ a: uint(5), b: flag, c: uint(26) }), { values: fc.record({ a: fc.integer({ min: 0, max: 31 }), b: fc.boolean(), c: fc.integer({ min: 0, max: 2 ** 26 - 1 }) }) })
    assertDecodesTo(bits({ a: uint(16), b: uint(8) }), 'ab cd ef', { a: 0xabcd, b: 0xef })
  })
})
