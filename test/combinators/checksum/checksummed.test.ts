import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bytes, varBytes } from '../../../combinators/bytes.js'
import { checksummed } from '../../../combinators/checksum/checksummed.js'
import { crc16CcittFalse, crc32IsoHdlc } from '../../../combinators/checksum/crc.js'
import { sum8, xor8 } from '../../../combinators/checksum/simple.js'
import { constant } from '../../../combinators/constant.js'
import { u16be, u16le, u32be, u8 } from '../../../combinators/numbers.js'
import { struct } from '../../../combinators/struct.js'
import { sizeBounds } from '../../../src/index.js'
import { assertDecodeFails, assertEncodeFails, assertRoundTrip, checkGrammar } from '../../../src/testing/index.js'

describe('checksummed', () => {
  const frame = checksummed(struct({ id: u8, data: varBytes(u8) }), crc16CcittFalse, u16be)

  it('computes the checksum on encode over every byte before it', () => {
    // "123456789" with CRC-16/CCITT-FALSE is the catalogue check value 0x29B1.
    const digits = checksummed(bytes(9), crc16CcittFalse, u16be)
    assertRoundTrip(digits, new TextEncoder().encode('123456789'), '31 32 33 34 35 36 37 38 39 29 b1')
    assertRoundTrip(checksummed(bytes(0), sum8, u8), new Uint8Array(0), '00')
    assertRoundTrip(checksummed(bytes(2), xor8, u8), Uint8Array.of(0x0f, 0xf0), '0f f0 ff')
  })

  it('reports a mismatch as a checksum error with both values, at the checksum field', () => {
    const error = assertDecodeFails(frame, '01 01 aa 00 00', { kind: 'checksum', offset: 3, path: [] })
    if (error.kind !== 'checksum') throw new Error('unreachable')
    expect(error.found).toBe(0)
    expect(error.expected).toBe(crc16CcittFalse.compute(Uint8Array.of(1, 1, 0xaa), 0, 3))
    expect(error.algorithm).toBe('CRC-16/CCITT-FALSE')
  })

  it('is incomplete, not a checksum error, when the checksum is cut off', () => {
    const good = assertRoundTrip(frame, { id: 1, data: Uint8Array.of(0xaa) })
    assertDecodeFails(frame, good.subarray(0, 4), { kind: 'incomplete', offset: 3, needed: 1 })
  })

  it('checks the inner grammar before the checksum', () => {
    assertDecodeFails(checksummed(constant(u8, 7), sum8, u8), '08 08', { kind: 'invalid', offset: 0 })
  })

  it('covers a chosen region: PNG\'s CRC skips the chunk length', () => {
    const iend = checksummed(struct({ length: constant(u32be, 0), type: constant(bytes(4), Uint8Array.of(0x49, 0x45, 0x4e, 0x44)) }), crc32IsoHdlc, u32be, { skipStart: 4 })
    assertRoundTrip(iend, {}, '00 00 00 00 49 45 4e 44 ae 42 60 82')
    const ihdr = checksummed(
      struct({
        length: constant(u32be, 13),
        type: constant(bytes(4), new TextEncoder().encode('IHDR')),
        width: u32be, height: u32be, depth: u8, colour: u8, compression: u8, filter: u8, interlace: u8,
      }),
      crc32IsoHdlc, u32be, { skipStart: 4 },
    )
    // The IHDR chunk of a 1x1 RGBA PNG, as every PNG encoder writes it.
    assertRoundTrip(ihdr, { width: 1, height: 1, depth: 8, colour: 6, compression: 0, filter: 0, interlace: 0 },
      '00 00 00 0d 49 48 44 52 00 00 00 01 00 00 00 01 08 06 00 00 00 1f 15 c4 89')
  })

  it('leaves bytes at the end out when asked', () => {
    const trailer = checksummed(struct({ a: u8, b: u8, pad: u8 }), sum8, u8, { skipEnd: 1 })
    assertRoundTrip(trailer, { a: 1, b: 2, pad: 0x80 }, '01 02 80 03')
    const both = checksummed(bytes(4), sum8, u8, { skipStart: 1, skipEnd: 1 })
    assertRoundTrip(both, Uint8Array.of(0x80, 1, 2, 0x80), '80 01 02 80 03')
  })

  it('turns a coverage larger than the data into a typed error, never a throw', () => {
    const skipped = checksummed(varBytes(u8), sum8, u8, { skipStart: 3 })
    assertDecodeFails(skipped, '01 aa 00', { kind: 'invalid', offset: 0 })
    assertEncodeFails(skipped, Uint8Array.of(1), 'length')
    const tail = checksummed(varBytes(u8), sum8, u8, { skipStart: 1, skipEnd: 2 })
    assertDecodeFails(tail, '01 aa 00', { kind: 'invalid', offset: 0 })
    assertEncodeFails(tail, Uint8Array.of(1), 'length')
    assertRoundTrip(tail, Uint8Array.of(1, 2), '02 01 02 00')
  })

  it('turns an exception from a user-written algorithm into a typed error', () => {
    const broken = { name: 'BROKEN', width: 8 as const, compute: (): number => { throw new Error('no table') } }
    const error = assertDecodeFails(checksummed(u8, broken, u8), '01 02', { kind: 'invalid', offset: 0 })
    expect(error.message).toContain('no table')
    expect(assertEncodeFails(checksummed(u8, broken, u8), 1, 'invalid').message).toContain('no table')
  })

  it('rejects negative or fractional coverage when built', () => {
    expect(() => checksummed(u8, sum8, u8, { skipStart: -1 })).toThrow(RangeError)
    expect(() => checksummed(u8, sum8, u8, { skipEnd: 0.5 })).toThrow(RangeError)
  })

  it('fails encode when the checksum does not fit its field', () => {
    assertEncodeFails(checksummed(bytes(9), crc32IsoHdlc, u16le), new TextEncoder().encode('123456789'), 'range')
  })

  it('adds the field to its size bounds', () => {
    expect(sizeBounds(frame)).toEqual({ min: 4, max: 259 })
  })

  it('keeps the laws', () => {
    checkGrammar(frame, { values: fc.record({ id: fc.integer({ min: 0, max: 255 }), data: fc.uint8Array({ maxLength: 40 }) }) })
    checkGrammar(checksummed(varBytes(u8), sum8, u8, { skipStart: 1, skipEnd: 1 }), { values: fc.uint8Array({ minLength: 1, maxLength: 20 }) })
  })
})
