import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { uleb128 } from '../../combinators/varint.js'
import { sizeBounds } from '../../src/index.js'
import { assertDecodeFails, assertEncodeFails, assertRoundTrip, checkGrammar } from '../../src/testing/index.js'

describe('uleb128', () => {
  const v4 = uleb128(4)
  it('round-trips the one/two/three byte boundaries', () => {
    assertRoundTrip(v4, 0, '00')
    assertRoundTrip(v4, 1, '01')
    assertRoundTrip(v4, 127, '7f')
    assertRoundTrip(v4, 128, '80 01')
    assertRoundTrip(v4, 300, 'ac 02')
    assertRoundTrip(v4, 16383, 'ff 7f')
    assertRoundTrip(v4, 16384, '80 80 01')
    assertRoundTrip(v4, 624485, 'e5 8e 26')
    assertRoundTrip(v4, 2 ** 28 - 1, 'ff ff ff 7f')
  })
  it('rejects non-minimal encodings, wherever the zero group is', () => {
    assertDecodeFails(v4, '80 00', { kind: 'invalid', offset: 0 })
    assertDecodeFails(v4, 'ff 80 00', { kind: 'invalid', offset: 0 })
    assertDecodeFails(v4, '81 80 80 00', { kind: 'invalid', offset: 0 })
  })
  it('rejects encodings longer than its maximum as invalid, not incomplete', () => {
    assertDecodeFails(v4, '80 80 80 80 01', { kind: 'invalid', offset: 0 })
    assertDecodeFails(uleb128(1), '80', { kind: 'invalid', offset: 0 })
    assertDecodeFails(v4, 'ff ff ff ff', { kind: 'invalid', offset: 0 })
  })
  it('is incomplete while continuation bytes run out', () => {
    assertDecodeFails(v4, '', { kind: 'incomplete', offset: 0, needed: 1 })
    assertDecodeFails(v4, '80', { kind: 'incomplete', offset: 1, needed: 1 })
    assertDecodeFails(v4, 'ff ff ff', { kind: 'incomplete', offset: 3, needed: 1 })
  })
  it('refuses values beyond its byte budget and non-integers on encode', () => {
    assertEncodeFails(v4, 2 ** 28, 'range')
    assertEncodeFails(v4, -1, 'range')
    assertEncodeFails(uleb128(1), 128, 'range')
    assertEncodeFails(v4, 1.5, 'type')
    assertEncodeFails(v4, 5n, 'type')
    assertRoundTrip(uleb128(7), 2 ** 49 - 1, 'ff ff ff ff ff ff 7f')
    assertEncodeFails(uleb128(7), 2 ** 49, 'range')
  })
  it('knows its size bounds and rejects bad budgets', () => {
    expect(sizeBounds(v4)).toEqual({ min: 1, max: 4 })
    expect(() => uleb128(0)).toThrow(RangeError)
    expect(() => uleb128(8)).toThrow(RangeError)
  })
  it('keeps the laws', () => {
    checkGrammar(v4, { values: fc.integer({ min: 0, max: 2 ** 28 - 1 }) })
    checkGrammar(uleb128(7), { values: fc.integer({ min: 0, max: 2 ** 49 - 1 }), numRuns: 100 })
  })
})
