import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decode, encode } from '../../src/api.js'
import { eventRecord, telemetry, type EvrRecord } from '../../protocols/index.js'
import { assertEncodeFails, fromHex, toHex } from '../../src/testing/index.js'

// The choices that docs/protocols/tlm.md and evr.md (section 11) record
// where PROTOCOLS.md is silent, each checked here so the docs cannot drift.
// Frames were written by hand and sealed with the reference CRCs.

function decoded<A>(result: E.Either<{ message: string }, A>): A {
  if (E.isLeft(result)) throw new Error(result.left.message)
  return result.right
}

describe('TLM choices', () => {
  it('decodes a NaN with a payload to NaN, which re-encodes as some NaN', () => {
    const frame = fromHex('5a a5 01 02 00 01 00 00 00 00 00 0b 00 01 00 7f f0 00 00 00 00 00 01 96 d0')
    const value = decoded(decode(telemetry, frame))
    expect(value.payload).toEqual({ type: 'reading', sensorId: 1, unit: 'celsius', value: NaN })
    // JavaScript does not promise to keep NaN payload bits; only NaN-ness is checked.
    const again = decoded(encode(telemetry, value))
    expect(new DataView(again.buffer).getFloat64(15)).toBeNaN()
  })

  it('writes the NaN literal as the canonical quiet NaN 7F F8 00 ..', () => {
    const written = decoded(encode(telemetry, { seq: 1, timestamp: 0, payload: { type: 'reading', sensorId: 1, unit: 'celsius', value: NaN } }))
    expect(toHex(written.subarray(15, 23))).toBe('7f f8 00 00 00 00 00 00')
  })

  it('keeps a leading byte-order mark in a log message as U+FEFF, byte for byte', () => {
    const frame = fromHex('5a a5 01 03 00 01 00 00 00 00 00 06 01 00 03 ef bb bf bb 7f')
    const value = decoded(decode(telemetry, frame))
    expect(value.payload).toEqual({ type: 'log', level: 'info', message: '\ufeff' })
    expect(toHex(decoded(encode(telemetry, value)))).toBe(toHex(frame))
  })

  it('does not normalise text: composed and decomposed é stay distinct', () => {
    const composed = decoded(encode(telemetry, { seq: 0, timestamp: 0, payload: { type: 'log', level: 'info', message: '\u00e9' } }))
    const decomposed = decoded(encode(telemetry, { seq: 0, timestamp: 0, payload: { type: 'log', level: 'info', message: 'e\u0301' } }))
    expect(composed.length).toBe(14 + 3 + 2)
    expect(decomposed.length).toBe(14 + 3 + 3)
  })
})

describe('EVR choices', () => {
  const location = (latitude: number, longitude: number): EvrRecord => ({
    flags: { ackRequested: false, retransmit: false, urgent: false },
    deviceId: 1n,
    eventId: 1,
    fields: [{ tag: 'location', latitude, longitude }],
  })

  it('decodes a NaN with a payload to NaN, and writes the NaN literal as 00 00 C0 7F', () => {
    const record = fromHex('b5 20 16 00 01 00 00 00 00 00 00 00 01 00 00 00 04 08 01 00 c0 7f 00 00 00 80 c4 a3 33 19')
    const value = decoded(decode(eventRecord, record))
    expect(value).toEqual(location(NaN, -0))
    const again = decoded(encode(eventRecord, value))
    expect(new DataView(again.buffer).getFloat32(18, true)).toBeNaN()
    const literal = decoded(encode(eventRecord, location(NaN, -0)))
    expect(toHex(literal.subarray(18, 26))).toBe('00 00 c0 7f 00 00 00 80')
  })

  it('keeps infinities and -0 exactly', () => {
    const record = fromHex('b5 20 16 00 01 00 00 00 00 00 00 00 01 00 00 00 04 08 00 00 80 7f 00 00 80 ff d0 5d f8 21')
    const value = decoded(decode(eventRecord, record))
    expect(value).toEqual(location(Infinity, -Infinity))
    expect(toHex(decoded(encode(eventRecord, value)))).toBe(toHex(record))
  })

  it('refuses a finite coordinate beyond binary32 rather than writing an infinity', () => {
    assertEncodeFails(eventRecord, location(1e39, 0), 'range', ['fields', 0, 'latitude'])
  })

  it('keeps repeated fields in wire order', () => {
    const value: EvrRecord = {
      flags: { ackRequested: true, retransmit: true, urgent: true },
      deviceId: 5n,
      eventId: 6,
      fields: [
        { tag: 'humidity', percent: 40 },
        { tag: 'temperature', centiCelsius: -5 },
        { tag: 'humidity', percent: 41 },
      ],
    }
    expect(decoded(decode(eventRecord, decoded(encode(eventRecord, value))))).toEqual(value)
  })
})
