import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { decode, encode } from '../../src/index.js'
import { array, i16be, sized, struct, u16be, u8, uleb128, utf8, varBytes, rest } from '../../combinators/index.js'
import { eventRecord, telemetry, type EvrRecord, type TlmFrame } from '../../protocols/index.js'
import {
  arbitraryFrame, arbitraryMutation, changeByte, insertBytes, lengthFields, mutate, pointPastEnd, truncations,
} from '../../src/testing/index.js'

const log: TlmFrame = { seq: 1, timestamp: 2, payload: { type: 'log', level: 'info', message: 'héllo' } }
const logBytes = (encode(telemetry, log) as E.Right<Uint8Array>).right

describe('byte mutators', () => {
  test('changeByte XORs one byte of a copy', () => {
    const original = Uint8Array.of(1, 2, 3)
    expect(changeByte(original, 1, 0xff)).toEqual(Uint8Array.of(1, 0xfd, 3))
    expect(original).toEqual(Uint8Array.of(1, 2, 3))
  })

  test('insertBytes inserts before an offset, at the start and at the end', () => {
    expect(insertBytes(Uint8Array.of(1, 2), 1, Uint8Array.of(9, 8))).toEqual(Uint8Array.of(1, 9, 8, 2))
    expect(insertBytes(Uint8Array.of(1, 2), 0, Uint8Array.of(9))).toEqual(Uint8Array.of(9, 1, 2))
    expect(insertBytes(Uint8Array.of(1, 2), 2, Uint8Array.of(9))).toEqual(Uint8Array.of(1, 2, 9))
  })

  test('truncations are every strict prefix, shortest first', () => {
    expect(truncations(Uint8Array.of(1, 2, 3))).toEqual([new Uint8Array(0), Uint8Array.of(1), Uint8Array.of(1, 2)])
    expect(truncations(new Uint8Array(0))).toEqual([])
  })
})

describe('lengthFields', () => {
  test('finds TLM payload length at offset 10 and the message length inside it', () => {
    const fields = lengthFields(telemetry, log)
    expect(fields.map(({ kind, offset, size, value, path }) => ({ kind, offset, size, value, path }))).toEqual([
      { kind: 'length', offset: 10, size: 2, value: 9, path: ['payload'] },
      { kind: 'length', offset: 13, size: 2, value: 6, path: ['payload', 'message'] },
    ])
  })

  test('finds a batch count', () => {
    const batch: TlmFrame = { seq: 0, timestamp: 0, payload: { type: 'batch', readings: [{ sensorId: 1, unit: 'volt', value: 1 }] } }
    expect(lengthFields(telemetry, batch).map((f) => [f.kind, f.offset, f.value])).toEqual([['length', 10, 12], ['count', 12, 1]])
  })

  test('finds EVR body length and each TLV varint length, past varying sizes', () => {
    const record: EvrRecord = {
      flags: { ackRequested: false, retransmit: false, urgent: false },
      deviceId: 1n,
      eventId: 2,
      fields: [{ tag: 'label', text: 'x'.repeat(200) }, { tag: 'humidity', percent: 5 }, { tag: 'unknown', code: 9, bytes: Uint8Array.of(1) }],
    }
    const fields = lengthFields(eventRecord, record)
    expect(fields.map((f) => [f.offset, f.size, f.value, f.path.join('.')])).toEqual([
      [2, 2, 12 + 1 + 2 + 200 + 1 + 1 + 1 + 1 + 1 + 1, ''],
      [17, 2, 200, 'fields.0'],
      [220, 1, 1, 'fields.1'],
      [223, 1, 1, 'fields.2'],
    ])
  })

  test('a fixed-count array and a fixed-size region have no length field; a oneOf value is walked', () => {
    expect(lengthFields(struct({ a: array(2, u8), b: sized(2, rest) }), { a: [1, 2], b: Uint8Array.of(1, 2) })).toEqual([])
  })
})

describe('pointPastEnd', () => {
  test('TLM: a payload length past the end is incomplete', () => {
    const [length] = lengthFields(telemetry, log)
    const damaged = pointPastEnd(logBytes, length!)!
    expect(damaged.length).toBe(logBytes.length)
    const result = decode(telemetry, damaged)
    expect(E.isLeft(result) && result.left.kind).toBe('incomplete')
  })

  test('a varint length may grow when pointed past the end', () => {
    const g = struct({ data: varBytes(uleb128(4)) })
    const bytes = (encode(g, { data: new Uint8Array(127) }) as E.Right<Uint8Array>).right
    const [field] = lengthFields(g, { data: new Uint8Array(127) })
    const damaged = pointPastEnd(bytes, field!)!
    expect(damaged.length).toBe(bytes.length + 1)
    expect(E.isLeft(decode(g, damaged))).toBe(true)
  })

  test('undefined when the field cannot hold a value past the end', () => {
    const g = struct({ data: varBytes(u8), pad: rest })
    const value = { data: Uint8Array.of(1), pad: new Uint8Array(300) }
    const bytes = (encode(g, value) as E.Right<Uint8Array>).right
    expect(pointPastEnd(bytes, lengthFields(g, value)[0]!)).toBeUndefined()
  })
})

describe('mutate and arbitraryMutation', () => {
  test('mutate applies each kind of mutation', () => {
    expect(mutate(telemetry, log, logBytes, { kind: 'change', offset: 0, xor: 1 })[0]).toBe(0x5b)
    expect(mutate(telemetry, log, logBytes, { kind: 'truncate', length: 3 })).toEqual(logBytes.subarray(0, 3))
    expect(mutate(telemetry, log, logBytes, { kind: 'insert', offset: 2, bytes: Uint8Array.of(7) }).length).toBe(logBytes.length + 1)
    expect(mutate(telemetry, log, logBytes, { kind: 'lengthPastEnd', offset: 10 })).toEqual(pointPastEnd(logBytes, lengthFields(telemetry, log)[0]!))
    expect(mutate(telemetry, log, logBytes, { kind: 'lengthPastEnd', offset: 3 })).toBe(logBytes)
  })

  test('every kind of mutation is drawn, and the drawn ones fit the frame (200 frames)', () => {
    const kinds = new Set<string>()
    fc.assert(
      fc.property(arbitraryFrame(telemetry).chain((f) => arbitraryMutation(telemetry, f.value, f.bytes).map((m) => ({ ...f, m }))), ({ bytes, m }) => {
        kinds.add(m.kind)
        if (m.kind === 'change') expect(m.offset).toBeLessThan(bytes.length)
        if (m.kind === 'truncate') expect(m.length).toBeLessThan(bytes.length)
      }),
      { numRuns: 200 },
    )
    expect([...kinds].sort()).toEqual(['change', 'insert', 'lengthPastEnd', 'truncate'])
  })

  test('an empty frame can still be damaged by insertion, never by a byte change', () => {
    const empty = struct({})
    const drawn = fc.sample(arbitraryMutation(empty, {}, new Uint8Array(0)), 50)
    expect(drawn.every((m) => m.kind === 'insert' || m.kind === 'truncate')).toBe(true)
  })

  test('text inside a struct and a signed field are walked', () => {
    const g = struct({ t: utf8(varBytes(u16be)), n: i16be })
    expect(lengthFields(g, { t: 'ab', n: -1 }).map((f) => f.offset)).toEqual([0])
  })
})
