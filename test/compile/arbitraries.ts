import fc from 'fast-check'
import type { EvrRecord, TlmFrame } from '../../protocols/index.js'

// Values of the two protocols, for agreement tests and the benchmark corpus.

const text = (maxBytes: number) =>
  fc.oneof(fc.string({ maxLength: maxBytes }), fc.string({ unit: 'grapheme', maxLength: Math.floor(maxBytes / 4) }))

const unit = fc.constantFrom('celsius', 'percent', 'pascal', 'volt')
const reading = fc.record({ sensorId: fc.integer({ min: 0, max: 0xffff }), unit, value: fc.double() })

/** Any TLM frame value (all four payload types). */
export const tlmFrame: fc.Arbitrary<TlmFrame> = fc.record({
  seq: fc.integer({ min: 0, max: 0xffff }),
  timestamp: fc.integer({ min: 0, max: 0xffffffff }),
  payload: fc.oneof(
    fc.record({ type: fc.constant('heartbeat' as const), uptime: fc.integer({ min: 0, max: 0xffffffff }), status: fc.integer({ min: 0, max: 255 }) }),
    reading.map((r) => ({ type: 'reading' as const, ...r })),
    fc.record({ type: fc.constant('log' as const), level: fc.constantFrom('debug', 'info', 'warn', 'error', 'fatal'), message: text(200) }),
    fc.record({ type: fc.constant('batch' as const), readings: fc.array(reading, { maxLength: 12 }) }),
  ),
}) as fc.Arbitrary<TlmFrame>

const f32 = fc.float({ noDefaultInfinity: false }).map((x) => Math.fround(x))
const field = fc.oneof(
  fc.record({ tag: fc.constant('temperature' as const), centiCelsius: fc.integer({ min: -32768, max: 32767 }) }),
  fc.record({ tag: fc.constant('humidity' as const), percent: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ tag: fc.constant('label' as const), text: text(60) }),
  fc.record({ tag: fc.constant('location' as const), latitude: f32, longitude: f32 }),
  fc.record({ tag: fc.constant('unknown' as const), code: fc.integer({ min: 5, max: 255 }), bytes: fc.uint8Array({ maxLength: 200 }) }),
)

/** Any EVR record value whose body fits 12..4096 bytes. */
export const evrRecord: fc.Arbitrary<EvrRecord> = fc.record({
  flags: fc.record({ ackRequested: fc.boolean(), retransmit: fc.boolean(), urgent: fc.boolean() }),
  deviceId: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  eventId: fc.integer({ min: 0, max: 0xffffffff }),
  fields: fc.array(field, { maxLength: 8 }),
}) as fc.Arbitrary<EvrRecord>

/** Ways to damage a valid frame: truncate, flip a byte, insert or drop bytes, append garbage. */
export function corrupt(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = bytes.length
  return fc.oneof(
    fc.integer({ min: 0, max: Math.max(0, n - 1) }).map((k) => bytes.slice(0, k)),
    fc.tuple(fc.integer({ min: 0, max: Math.max(0, n - 1) }), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
      const copy = bytes.slice()
      if (n > 0) copy[i] = (copy[i] as number) ^ x
      return copy
    }),
    fc.tuple(fc.integer({ min: 0, max: n }), fc.uint8Array({ minLength: 1, maxLength: 4 })).map(([i, extra]) => {
      const copy = new Uint8Array(n + extra.length)
      copy.set(bytes.subarray(0, i))
      copy.set(extra, i)
      copy.set(bytes.subarray(i), i + extra.length)
      return copy
    }),
    fc.tuple(fc.integer({ min: 0, max: Math.max(0, n - 1) }), fc.integer({ min: 1, max: 4 })).map(([i, k]) => {
      const copy = new Uint8Array(bytes.subarray(0, i).length + bytes.subarray(Math.min(n, i + k)).length)
      copy.set(bytes.subarray(0, i))
      copy.set(bytes.subarray(Math.min(n, i + k)), Math.min(i, n))
      return copy
    }),
    fc.uint8Array({ minLength: 1, maxLength: 8 }).map((garbage) => {
      const copy = new Uint8Array(n + garbage.length)
      copy.set(bytes)
      copy.set(garbage, n)
      return copy
    }),
  )
}
