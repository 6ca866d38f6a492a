import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bytes, rest, varBytes } from '../../combinators/bytes.js'
import { constant } from '../../combinators/constant.js'
import { custom } from '../../combinators/custom.js'
import { f64be, i8, u16be, u32be, u8 } from '../../combinators/numbers.js'
import { array, many } from '../../combinators/repeat.js'
import { sized } from '../../combinators/sized.js'
import { struct } from '../../combinators/struct.js'
import { utf8 } from '../../combinators/text.js'
import { sizeBounds } from '../../src/index.js'
import { assertDecodeFails, assertEncodeFails, assertRoundTrip, checkGrammar } from '../../src/testing/index.js'

describe('array', () => {
  it('round-trips a fixed count, including zero', () => {
    assertRoundTrip(array(2, u16be), [1, 2], '00 01 00 02')
    assertRoundTrip(array(0, u16be), [], '')
    assertRoundTrip(array(3, constant(u8, 1)), [undefined, undefined, undefined], '01 01 01')
  })

  it('writes a count prefix on encode', () => {
    assertRoundTrip(array(u8, u16be), [1, 2], '02 00 01 00 02')
    assertRoundTrip(array(u8, u16be), [], '00')
    assertRoundTrip(array(u8, utf8(varBytes(u8))), ['a', ''], '02 01 61 00')
  })

  it('fails at once when a count from the wire cannot fit the input, without decoding items', () => {
    // 4 billion items of 8 bytes: refused before any item is read or allocated.
    assertDecodeFails(array(u32be, f64be), 'ff ff ff ff 00', { kind: 'incomplete', offset: 4, needed: 0xffffffff * 8 - 1 })
    assertDecodeFails(array(u8, u16be), '03 00 01 00 02', { kind: 'incomplete', offset: 1, needed: 2 })
  })

  it('reads no item at all when the count cannot fit', () => {
    let reads = 0
    const counted = custom<number>({
      name: 'counted',
      size: { min: 2, max: 2 },
      decode: (s) => {
        reads++
        return s.has(2) ? (s.pos += 2) : 0
      },
      encode: () => {},
    })
    assertDecodeFails(array(u32be, counted), 'ff ff ff ff 00 00', { kind: 'incomplete', offset: 4 })
    assertDecodeFails(sized(u8, array(u32be, counted)), '06 7f ff ff ff 00 00', { kind: 'invalid', offset: 1 })
    expect(reads).toBe(0)
  })

  it('says a count that cannot fit its region is invalid', () => {
    assertDecodeFails(sized(u8, array(u8, u16be)), '03 05 00 01 00 02', { kind: 'invalid', offset: 1 })
    assertDecodeFails(sized(u8, array(u32be, f64be)), '05 ff ff ff ff 00', { kind: 'invalid', offset: 1 })
  })

  it('rejects a negative count read from the wire', () => {
    assertDecodeFails(array(i8, u8), 'ff', { kind: 'invalid', offset: 0 })
  })

  it('puts the index of a failing item in the path', () => {
    assertDecodeFails(array(u8, constant(u8, 1)), '03 01 01 02', { kind: 'invalid', offset: 3, path: [2] })
    assertEncodeFails(array(u8, u8), [1, 256], 'range', [1])
  })

  it('fails encode on a wrong count or a count that overflows its field', () => {
    assertEncodeFails(array(2, u8), [1], 'length')
    assertEncodeFails(array(u8, u8), new Array(256).fill(0), 'length')
    assertEncodeFails(array(u8, u8), 'ab', 'type')
  })

  it('refuses a wire count over zero-byte items, and bad fixed counts', () => {
    expect(() => array(u8, bytes(0))).toThrow(RangeError)
    expect(() => array(-1, u8)).toThrow(RangeError)
    expect(() => array(0.5, u8)).toThrow(RangeError)
  })

  it('knows its size bounds', () => {
    expect(sizeBounds(array(3, u16be))).toEqual({ min: 6, max: 6 })
    expect(sizeBounds(array(u8, u16be))).toEqual({ min: 1, max: 1 + 255 * 2 })
  })

  it('keeps the laws', () => {
    checkGrammar(array(u8, u16be), { values: fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 30 }) })
    checkGrammar(array(3, u8), { values: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 3, maxLength: 3 }) })
  })
})

describe('many', () => {
  it('reads items until its region ends, zero items included', () => {
    assertRoundTrip(sized(u8, many(u16be)), [7, 8], '04 00 07 00 08')
    assertRoundTrip(sized(u8, many(u16be)), [], '00')
    assertRoundTrip(many(u8), [1, 2, 3], '01 02 03')
  })

  it('says an item cut by the end of its region is invalid at that item', () => {
    assertDecodeFails(sized(u8, many(u16be)), '03 00 01 02', { kind: 'invalid', offset: 3, path: [1] })
  })

  it('cannot hang on an item that reads no bytes', () => {
    assertDecodeFails(many(bytes(0)), '01', { kind: 'invalid', offset: 0, path: [0] })
    assertDecodeFails(sized(u8, many(struct({}))), '02 00 00', { kind: 'invalid', offset: 1, path: [0] })
    assertRoundTrip(many(rest), [], '') // an empty input has no item to repeat
  })

  it('puts the index of a failing item in the path on encode', () => {
    assertEncodeFails(many(u8), [1, 2, -1], 'range', [2])
    assertEncodeFails(many(u8), {}, 'type')
  })

  it('has no upper size bound', () => {
    expect(sizeBounds(many(u8))).toEqual({ min: 0, max: Infinity })
  })

  it('keeps the laws', () => {
    checkGrammar(sized(u8, many(u16be)), { values: fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 30 }) })
    checkGrammar(many(u8), { values: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 30 }) })
  })
})
