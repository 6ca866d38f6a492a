import fc from 'fast-check'
import type { Detected } from '../../protocols/detect.js'
import type { EvrRecord } from '../../protocols/event-record.js'
import type { TlmFrame } from '../../protocols/telemetry.js'
import { concat, frameBytes } from './frames.js'

// Small hand-written generators of valid values (until a grammar-derived
// `arbitrary` exists); sizes kept small so properties stay fast.
const reading = fc.record({
  sensorId: fc.nat(0xffff),
  unit: fc.constantFrom('celsius', 'percent', 'pascal', 'volt' as const),
  value: fc.double(),
})

const tlmPayload: fc.Arbitrary<TlmFrame['payload']> = fc.oneof(
  fc.record({ type: fc.constant('heartbeat' as const), uptime: fc.nat(0xffffffff), status: fc.nat(0xff) }),
  reading.map((r) => ({ type: 'reading' as const, ...r })),
  fc.record({
    type: fc.constant('log' as const),
    level: fc.constantFrom('debug', 'info', 'warn', 'error', 'fatal' as const),
    message: fc.string({ maxLength: 40 }),
  }),
  fc.record({ type: fc.constant('batch' as const), readings: fc.array(reading, { maxLength: 4 }) }),
)

const tlm: fc.Arbitrary<Detected> = fc
  .record({ seq: fc.nat(0xffff), timestamp: fc.nat(0xffffffff), payload: tlmPayload })
  .map((value) => ({ protocol: 'tlm', value }))

const evrField: fc.Arbitrary<EvrRecord['fields'][number]> = fc.oneof(
  fc.record({ tag: fc.constant('temperature' as const), centiCelsius: fc.integer({ min: -32768, max: 32767 }) }),
  fc.record({ tag: fc.constant('humidity' as const), percent: fc.nat(100) }),
  fc.record({ tag: fc.constant('label' as const), text: fc.string({ maxLength: 30 }) }),
  fc.record({ tag: fc.constant('location' as const), latitude: fc.float({ noNaN: true }), longitude: fc.float({ noNaN: true }) }),
  fc.record({ tag: fc.constant('unknown' as const), code: fc.integer({ min: 5, max: 255 }), bytes: fc.uint8Array({ maxLength: 24 }) }),
)

const evr: fc.Arbitrary<Detected> = fc
  .record({
    flags: fc.record({ ackRequested: fc.boolean(), retransmit: fc.boolean(), urgent: fc.boolean() }),
    deviceId: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    eventId: fc.nat(0xffffffff),
    fields: fc.array(evrField, { maxLength: 4 }),
  })
  .map((value) => ({ protocol: 'evr', value }))

/** A valid TLM or EVR value. */
export const detected: fc.Arbitrary<Detected> = fc.oneof(tlm, evr)

/** Garbage rich in marker bytes (5A A5 01, B5 2x), so that false frame starts are common. */
export const garbage: fc.Arbitrary<Uint8Array> = fc
  .array(fc.oneof(fc.constantFrom(0x5a, 0xa5, 0x01, 0xb5, 0x20, 0x21, 0x00, 0x10), fc.nat(255)), { minLength: 1, maxLength: 24 })
  .map((bytes) => Uint8Array.from(bytes))

/** Where each generated frame sits in the stream. */
export interface Placed {
  readonly value: Detected
  readonly offset: number
  readonly length: number
}

/** A stream of frames with garbage between some of them, and where each frame is. */
export interface MixedStream {
  readonly bytes: Uint8Array
  readonly frames: readonly Placed[]
}

export const mixedStream: fc.Arbitrary<MixedStream> = fc
  .array(fc.tuple(fc.option(garbage, { freq: 3 }), detected), { maxLength: 12 })
  .chain((items) => fc.tuple(fc.constant(items), fc.option(garbage, { freq: 2 })))
  .map(([items, tail]) => {
    const parts: Uint8Array[] = []
    const frames: Placed[] = []
    let at = 0
    for (const [junk, value] of items) {
      if (junk !== null) {
        parts.push(junk)
        at += junk.length
      }
      const bytes = frameBytes(value)
      parts.push(bytes)
      frames.push({ value, offset: at, length: bytes.length })
      at += bytes.length
    }
    if (tail !== null) parts.push(tail)
    return { bytes: concat(...parts), frames }
  })

/** Cut points that split `length` bytes into chunks (sorted, distinct, inside the range). */
export const splits = (length: number): fc.Arbitrary<number[]> =>
  fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: 40 }).map((cuts) =>
    cuts.filter((c) => c < length).sort((a, b) => a - b),
  )

/** Splits bytes at the given cut points. */
export function chunksOf(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = []
  let from = 0
  for (const cut of [...cuts, bytes.length]) {
    out.push(bytes.subarray(from, cut))
    from = cut
  }
  return out
}
