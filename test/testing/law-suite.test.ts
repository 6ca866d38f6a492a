/**
 * The published law suite catches the faults it claims to catch: each law
 * run on a hand-written codec broken in one way fails, and passes on the
 * codec done right.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { custom } from '../../combinators/custom.js'
import { u8 } from '../../combinators/numbers.js'
import { struct } from '../../combinators/struct.js'
import type { EncodeError } from '../../src/runtime/errors.js'
import { assertDecodeFails, assertDecodesTo, assertEncodeFails, assertRoundTrip, checkGrammar, grammarProperties } from '../../src/testing/index.js'

const byte = fc.integer({ min: 0, max: 127 })

// Seven-bit values in a byte; `decode` as given, `encode` writes the value.
const sevenBit = (decode: (b: number) => number) =>
  custom<number>({
    name: 'seven-bit',
    size: { min: 1, max: 1 },
    decode: (s) => (s.has(1) ? decode(s.bytes[s.pos++] as number) : 0),
    encode: (s, v) => {
      if (!Number.isInteger(v) || v < 0 || v > 127) return s.fail('range', `${String(v)} is not 0..127`)
      s.reserve(1)
      s.bytes[s.pos++] = v
    },
  })

describe('the published law suite', () => {
  it('passes a codec that keeps every law', () => {
    const strict = custom<number>({
      name: 'seven-bit',
      size: { min: 1, max: 1 },
      decode: (s) => {
        if (!s.has(1)) return 0
        const b = s.bytes[s.pos] as number
        if (b > 127) {
          s.failInvalid('high bit set', '0..127', String(b))
          return 0
        }
        s.pos++
        return b
      },
      encode: (s, v) => {
        if (!Number.isInteger(v) || v < 0 || v > 127) return s.fail('range', `${String(v)} is not 0..127`)
        s.reserve(1)
        s.bytes[s.pos++] = v
      },
    })
    checkGrammar(strict, { values: byte, numRuns: 50 })
  })

  it('anyBytes: catches a decoding that is not canonical (the high bit dropped)', () => {
    const lossy = sevenBit((b) => b & 0x7f)
    // Valid values still round-trip both ways...
    fc.assert(grammarProperties(lossy, { values: byte }).roundTrip)
    fc.assert(grammarProperties(lossy, { values: byte }).bytesRoundTrip)
    // ...but bytes with the high bit set decode to a value that encodes otherwise.
    expect(() => fc.assert(grammarProperties(lossy, { values: byte }).anyBytes, { numRuns: 200, includeErrorInReport: true })).toThrow(/does not encode back/)
  })

  it('anyValue: catches an encode error of no known kind', () => {
    const sloppy = custom<number>({
      name: 'sloppy',
      size: { min: 1, max: 1 },
      decode: (s) => (s.has(1) ? (s.bytes[s.pos++] as number) : 0),
      encode: (s, v) => {
        if (typeof v !== 'number') return s.fail('wrong' as EncodeError['kind'], 'not a number')
        s.reserve(1)
        s.bytes[s.pos++] = v & 0xff
      },
    })
    expect(() => fc.assert(grammarProperties(sloppy, { values: fc.integer({ min: 0, max: 255 }) }).anyValue, { numRuns: 200, includeErrorInReport: true })).toThrow(/unknown kind wrong/)
  })

  it('truncation: catches an incomplete error that claims too many missing bytes', () => {
    const greedy = custom<number>({
      name: 'greedy',
      size: { min: 2, max: 2 },
      decode: (s) => {
        if (s.end - s.pos < 2) {
          s.failIncomplete(10, 'wants ten more')
          return 0
        }
        s.pos += 2
        return s.bytes[s.pos - 1] as number
      },
      encode: (s, v) => {
        s.reserve(2)
        s.bytes[s.pos++] = 0
        s.bytes[s.pos++] = v
      },
    })
    const truncation = grammarProperties(greedy, { values: fc.integer({ min: 0, max: 255 }) }).truncation
    expect(truncation).toBeDefined()
    expect(() => fc.assert(truncation!, { numRuns: 20, includeErrorInReport: true })).toThrow(/claims 10 more byte/)
  })

  it('uses the given values instead of derived ones', () => {
    const seen: number[] = []
    fc.assert(grammarProperties(u8, { values: fc.constant(7).map((v) => (seen.push(v), v)) }).roundTrip, { numRuns: 5 })
    expect(seen).toEqual([7, 7, 7, 7, 7])
  })

  it('a given value that does not encode fails the run', () => {
    expect(() => fc.assert(grammarProperties(u8, { values: fc.constant(256) }).roundTrip, { numRuns: 1, includeErrorInReport: true })).toThrow(/a given value does not encode/)
  })
})

describe('the published example assertions', () => {
  const pair = struct({ a: u8, b: u8 })
  it('compare a null-prototype value with the plain object decoding gives', () => {
    const value = Object.assign(Object.create(null) as { a: number; b: number }, { a: 1, b: 2 })
    assertRoundTrip(pair, value, '01 02')
    assertDecodesTo(pair, '01 02', value)
  })
  it('fail with the formatted error when a step fails', () => {
    expect(() => assertRoundTrip(pair, { a: 1, b: 256 })).toThrow(/encode failed/)
    expect(() => assertDecodesTo(pair, '01', { a: 1, b: 2 })).toThrow(/decode failed/)
    expect(() => assertEncodeFails(pair, { a: 1, b: 2 }, 'range')).toThrow(/expected encode to fail with range, got 01 02/)
    expect(() => assertEncodeFails(pair, { a: 1, b: 256 }, 'range', ['a'])).toThrow()
    expect(() => assertDecodeFails(pair, '01 02', { kind: 'incomplete' })).toThrow(/expected decode of 01 02 to fail with incomplete/)
    expect(() => assertDecodeFails(pair, '01', { kind: 'incomplete', needed: 2 })).toThrow()
    expect(() => assertDecodeFails(pair, '01', { kind: 'incomplete', path: ['a'] })).toThrow()
  })
  it('the needed count may be claimed unknown, and is compared when claimed', () => {
    expect(assertDecodeFails(pair, '01', { kind: 'incomplete', needed: 1 }).kind).toBe('incomplete')
    expect(() => assertDecodeFails(pair, '01 02 03', { kind: 'trailing', needed: undefined })).toThrow()
  })
})
