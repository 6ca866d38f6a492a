import { describe, expect, it } from 'vitest'
import { encode } from '../../src/api.js'
import { eventRecord, telemetry, type EvrField, type EvrRecord, type Reading, type TlmFrame } from '../../protocols/index.js'
import { assertEncodeFails } from '../../src/testing/index.js'

// Encoding refuses every value whose bytes decoding would reject, so that
// whatever oxwire writes, oxwire (and any other reader of PROTOCOLS.md) reads.

const frame = (payload: TlmFrame['payload']): TlmFrame => ({ seq: 1, timestamp: 2, payload })
const reading: Reading = { sensorId: 1, unit: 'volt', value: 3.3 }
const record = (fields: EvrField[], deviceId = 1n): EvrRecord => ({
  flags: { ackRequested: false, retransmit: false, urgent: false },
  deviceId,
  eventId: 1,
  fields,
})

describe('encoding TLM', () => {
  it('fits at most 93 readings in a batch (1 + 11 * 93 = 1024)', () => {
    expect(encode(telemetry, frame({ type: 'batch', readings: Array(93).fill(reading) }))._tag).toBe('Right')
    assertEncodeFails(telemetry, frame({ type: 'batch', readings: Array(94).fill(reading) }), 'length', ['payload'])
  })

  it('fits a log message of at most 1021 UTF-8 bytes', () => {
    expect(encode(telemetry, frame({ type: 'log', level: 'info', message: 'é'.repeat(510) + 'a' }))._tag).toBe('Right')
    assertEncodeFails(telemetry, frame({ type: 'log', level: 'info', message: 'é'.repeat(511) }), 'length', ['payload'])
  })

  it('refuses unknown types, units and levels', () => {
    assertEncodeFails(telemetry, { seq: 1, timestamp: 2, payload: { type: 'ping' } }, 'tag')
    assertEncodeFails(telemetry, frame({ type: 'reading', sensorId: 1, unit: 'kelvin' as 'volt', value: 1 }), 'tag', ['payload', 'unit'])
    assertEncodeFails(telemetry, frame({ type: 'log', level: 'trace' as 'info', message: '' }), 'tag', ['payload', 'level'])
  })

  it('refuses numbers outside their fields', () => {
    assertEncodeFails(telemetry, { seq: 65536, timestamp: 2, payload: { type: 'heartbeat', uptime: 0, status: 0 } }, 'range', ['seq'])
    assertEncodeFails(telemetry, { seq: 1, timestamp: -1, payload: { type: 'heartbeat', uptime: 0, status: 0 } }, 'range', ['timestamp'])
    assertEncodeFails(telemetry, frame({ type: 'heartbeat', uptime: 2 ** 32, status: 0 }), 'range', ['payload', 'uptime'])
    assertEncodeFails(telemetry, frame({ type: 'heartbeat', uptime: 0, status: 256 }), 'range', ['payload', 'status'])
    assertEncodeFails(telemetry, frame({ type: 'batch', readings: [{ ...reading, sensorId: -1 }] }), 'range', ['payload', 'readings', 0, 'sensorId'])
  })

  it('refuses a message that is not well-formed Unicode', () => {
    assertEncodeFails(telemetry, frame({ type: 'log', level: 'warn', message: 'a\ud800' }), 'invalid', ['payload', 'message'])
  })
})

describe('encoding EVR', () => {
  it('takes the full u64 range of deviceId and nothing beyond it', () => {
    expect(encode(eventRecord, record([], 2n ** 64n - 1n))._tag).toBe('Right')
    assertEncodeFails(eventRecord, record([], 2n ** 64n), 'range', ['deviceId'])
    assertEncodeFails(eventRecord, record([], -1n), 'range', ['deviceId'])
  })

  it('refuses humidity above 100 and temperatures outside i16', () => {
    assertEncodeFails(eventRecord, record([{ tag: 'humidity', percent: 101 }]), 'range', ['fields', 0, 'percent'])
    assertEncodeFails(eventRecord, record([{ tag: 'temperature', centiCelsius: 32768 }]), 'range', ['fields', 0, 'centiCelsius'])
  })

  it('refuses an unknown field under a known tag code, which would decode as the known tag', () => {
    assertEncodeFails(eventRecord, record([{ tag: 'unknown', code: 2, bytes: Uint8Array.of(50) }]), 'tag', ['fields', 0])
    assertEncodeFails(eventRecord, record([{ tag: 'unknown', code: 256, bytes: new Uint8Array(0) }]), 'range', ['fields', 0, 'tag'])
  })

  it('refuses a body over 4096 bytes', () => {
    const bytes = (n: number): EvrField => ({ tag: 'unknown', code: 0x80, bytes: new Uint8Array(n) })
    expect(encode(eventRecord, record([bytes(4081)]))._tag).toBe('Right')
    assertEncodeFails(eventRecord, record([bytes(4082)]), 'length')
  })

  it('rounds locations to binary32, as they decode', () => {
    const written = encode(eventRecord, record([{ tag: 'location', latitude: 48.8566, longitude: 2.3522 }]))
    if (written._tag === 'Left') throw new Error(written.left.message)
    const view = new DataView(written.right.buffer)
    expect(view.getFloat32(18, true)).toBe(Math.fround(48.8566))
    expect(view.getFloat32(22, true)).toBe(Math.fround(2.3522))
  })
})
