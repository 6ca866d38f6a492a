import { sizeBounds, type Codec, type NamedCodec } from '../src/index.js'
import {
  array, checksummed, constant, crc16CcittFalse, dependent, enumeration, f64be, inline, marker, named, range, rest, sized,
  struct, tagged, u16be, u32be, u8, utf8,
} from '../combinators/index.js'

/** Unit of a TLM reading. @category TLM */
export type Unit = 'celsius' | 'percent' | 'pascal' | 'volt'

/** Severity of a TLM log payload. @category TLM */
export type LogSeverity = 'debug' | 'info' | 'warn' | 'error' | 'fatal'

/** One sensor reading. @category TLM */
export interface Reading {
  /** Sensor number. */
  readonly sensorId: number
  /** Unit of `value`. */
  readonly unit: Unit
  /** The measurement (binary64). */
  readonly value: number
}

/** `heartbeat` payload (type 1). @category TLM */
export interface HeartbeatPayload {
  /** Discriminant. */ readonly type: 'heartbeat'
  /** Seconds since start. */ readonly uptime: number
  /** Device status byte. */ readonly status: number
}

/** `reading` payload (type 2). @category TLM */
export interface ReadingPayload extends Reading {
  /** Discriminant. */ readonly type: 'reading'
}

/** `log` payload (type 3). @category TLM */
export interface LogPayload {
  /** Discriminant. */ readonly type: 'log'
  /** Severity. */ readonly level: LogSeverity
  /** UTF-8 text, at most 1021 bytes encoded. */ readonly message: string
}

/** `batch` payload (type 4). @category TLM */
export interface BatchPayload {
  /** Discriminant. */ readonly type: 'batch'
  /** At most 93 readings (the payload holds 1024 bytes). */ readonly readings: Reading[]
}

/** A decoded TLM frame; derived fields (magic, version, type, length, crc) are not in it. @category TLM */
export interface TlmFrame {
  /** Sequence number. */
  readonly seq: number
  /** Seconds since the Unix epoch. */
  readonly timestamp: number
  /** The payload, by type. */
  readonly payload: HeartbeatPayload | ReadingPayload | LogPayload | BatchPayload
}

/**
 * Unit of a TLM reading (code 0..3).
 * @category TLM
 */
export const unit: Codec<Unit> = enumeration(u8, { celsius: 0, percent: 1, pascal: 2, volt: 3 })

/**
 * One sensor reading: the `reading` payload, and each item of a `batch`.
 * @category TLM
 */
export const reading: Codec<Reading> = struct({ sensorId: u16be, unit, value: f64be })

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
  // The text is decoded inside its own region (not as utf8(varBytes(...)))
  // so that invalid UTF-8 is reported at the text's first byte, as in EVR.
  log: frameWith('log', struct({ level, message: sized(u16be, utf8(rest)) })),
  batch: frameWith('batch', struct({ readings: array(u8, reading) })),
}

/**
 * The TLM telemetry frame (specified in docs/protocols/tlm.md, big-endian):
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
// The grammar's own type is a union of whole frames, one per payload type;
// TlmFrame is the same set of values with the union moved into `payload`,
// an equivalence TypeScript cannot prove, hence the one assertion.
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
) as NamedCodec<'tlm', TlmFrame>

/**
 * The largest TLM frame in bytes (1038), derived from the grammar.
 * @category TLM
 */
export const telemetryMaxFrame: number = sizeBounds(telemetry).max
