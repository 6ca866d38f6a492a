import type { Codec, TypeOf } from '../src/codec.js'
import { sizeBounds } from '../src/interpret/size.js'
import {
  array, checksummed, constant, crc16CcittFalse, dependent, enumeration, f64be, inline, marker, named, range, sized,
  struct, tagged, u16be, u32be, u8, utf8, varBytes,
} from '../combinators/index.js'

/**
 * Unit of a TLM reading (code 0..3).
 * @category TLM
 */
export const unit = enumeration(u8, { celsius: 0, percent: 1, pascal: 2, volt: 3 })

/**
 * One sensor reading: the `reading` payload, and each item of a `batch`.
 * @category TLM
 */
export const reading = struct({ sensorId: u16be, unit, value: f64be })

const level = enumeration(u8, { debug: 0, info: 1, warn: 2, error: 3, fatal: 4 })

// The type byte at offset 3 chooses the payload at offset 12; the length at
// offset 10 bounds it. Each case therefore carries the fields in between.
const payloadLength = range(u16be, 0, 1024)
function frameWith<const T extends string, A extends object>(type: T, payload: Codec<A>) {
  return struct({ seq: u16be, timestamp: u32be, payload: sized(payloadLength, tagged('type', type, payload)) })
}

const frames = {
  heartbeat: frameWith('heartbeat', struct({ uptime: u32be, status: u8 })),
  reading: frameWith('reading', reading),
  log: frameWith('log', struct({ level, message: utf8(varBytes(u16be)) })),
  batch: frameWith('batch', struct({ readings: array(u8, reading) })),
}

/**
 * The TLM telemetry frame (protocol A of PROTOCOLS.md, big-endian):
 * magic 5A A5 and version 1 (its detection marker), the payload type, seq,
 * timestamp, a length-prefixed payload of at most 1024 bytes, and a
 * CRC-16/CCITT-FALSE of everything before it.
 *
 * @example
 * ```ts
 * const bytes = encode(telemetry, { seq: 1, timestamp: 1700000000, payload: { type: 'heartbeat', uptime: 60, status: 0 } })
 * decode(telemetry, bytes.right) // right({ seq: 1, timestamp: 1700000000, payload: { type: 'heartbeat', ... } })
 * ```
 * @category TLM
 */
export const telemetry = named(
  'tlm',
  checksummed(
    struct({
      magic: marker(constant(u16be, 0x5aa5)),
      version: marker(constant(u8, 1)),
      frame: inline(dependent(enumeration(u8, { heartbeat: 1, reading: 2, log: 3, batch: 4 }), frames, (f) => f.payload.type, { name: 'type' })),
    }),
    crc16CcittFalse,
    u16be,
  ),
)

/**
 * A decoded TLM frame.
 * @category TLM
 */
export type TlmFrame = TypeOf<typeof telemetry>

/**
 * The largest TLM frame in bytes (1038), derived from the grammar.
 * @category TLM
 */
export const telemetryMaxFrame: number = sizeBounds(telemetry).max
