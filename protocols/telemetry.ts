import { sizeBounds, type Codec, type NamedCodec } from '../src/index.js'
import {
  array, checksummed, constant, crc16CcittFalse, dependent, enumeration, f64be, inline, marker, named, range, rest, sized,
  struct, tagged, u16be, u32be, u8, utf8,
} from '../combinators/index.js'

/**
 * Unit of a TLM reading.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { unit, type Unit } from 'oxwire/protocols'
 * const volt: Unit = 'volt'
 * assert.deepEqual(decode(unit, Uint8Array.of(3)), right(volt))
 * ```
 * @category TLM
 */
export type Unit = 'celsius' | 'percent' | 'pascal' | 'volt'

/**
 * Severity of a TLM log payload.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { telemetry, type LogSeverity } from 'oxwire/protocols'
 * const level: LogSeverity = 'warn'
 * const frame = { seq: 2, timestamp: 0, payload: { type: 'log', level, message: 'disk 91% full' } } as const
 * const bytes = encode(telemetry, frame)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(telemetry, bytes.right), right(frame))
 * ```
 * @category TLM
 */
export type LogSeverity = 'debug' | 'info' | 'warn' | 'error' | 'fatal'

/**
 * One sensor reading.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { reading, type Reading } from 'oxwire/protocols'
 * const r: Reading = { sensorId: 7, unit: 'celsius', value: 21.5 }
 * const bytes = encode(reading, r)
 * assert.equal(bytes._tag === 'Right' && bytes.right.length, 11) // u16 id, u8 unit, f64 value
 * assert.deepEqual(bytes._tag === 'Right' && decode(reading, bytes.right), right(r))
 * ```
 * @category TLM
 */
export interface Reading {
  /** Sensor number. */
  readonly sensorId: number
  /** Unit of `value`. */
  readonly unit: Unit
  /** The measurement (binary64). */
  readonly value: number
}

/**
 * `heartbeat` payload (type 1).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { telemetry, type HeartbeatPayload } from 'oxwire/protocols'
 * const payload: HeartbeatPayload = { type: 'heartbeat', uptime: 3600, status: 0 }
 * const bytes = encode(telemetry, { seq: 1, timestamp: 1700000000, payload })
 * assert.ok(bytes._tag === 'Right')
 * assert.equal(bytes.right[3], 1) // the type byte of a heartbeat
 * assert.deepEqual(decode(telemetry, bytes.right), right({ seq: 1, timestamp: 1700000000, payload }))
 * ```
 * @category TLM
 */
export interface HeartbeatPayload {
  /** Discriminant. */ readonly type: 'heartbeat'
  /** Seconds since start. */ readonly uptime: number
  /** Device status byte. */ readonly status: number
}

/**
 * `reading` payload (type 2).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { telemetry, type ReadingPayload } from 'oxwire/protocols'
 * const payload: ReadingPayload = { type: 'reading', sensorId: 3, unit: 'percent', value: 55 }
 * const bytes = encode(telemetry, { seq: 9, timestamp: 0, payload })
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(telemetry, bytes.right), right({ seq: 9, timestamp: 0, payload }))
 * ```
 * @category TLM
 */
export interface ReadingPayload extends Reading {
  /** Discriminant. */ readonly type: 'reading'
}

/**
 * `log` payload (type 3).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode } from 'oxwire'
 * import { telemetry, type LogPayload } from 'oxwire/protocols'
 * const payload: LogPayload = { type: 'log', level: 'error', message: 'x'.repeat(1022) }
 * // The message holds at most 1021 bytes: one more is an encode error, not a bad frame.
 * const tooLong = encode(telemetry, { seq: 1, timestamp: 0, payload })
 * assert.ok(tooLong._tag === 'Left')
 * ```
 * @category TLM
 */
export interface LogPayload {
  /** Discriminant. */ readonly type: 'log'
  /** Severity. */ readonly level: LogSeverity
  /** UTF-8 text, at most 1021 bytes encoded. */ readonly message: string
}

/**
 * `batch` payload (type 4).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { telemetry, type BatchPayload } from 'oxwire/protocols'
 * const payload: BatchPayload = { type: 'batch', readings: [{ sensorId: 1, unit: 'volt', value: 3.3 }, { sensorId: 2, unit: 'pascal', value: 101325 }] }
 * const bytes = encode(telemetry, { seq: 4, timestamp: 0, payload })
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(telemetry, bytes.right), right({ seq: 4, timestamp: 0, payload }))
 * ```
 * @category TLM
 */
export interface BatchPayload {
  /** Discriminant. */ readonly type: 'batch'
  /** At most 93 readings (the payload holds 1024 bytes). */ readonly readings: Reading[]
}

/**
 * A decoded TLM frame; derived fields (magic, version, type, length, crc) are not in it.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { telemetry, type TlmFrame } from 'oxwire/protocols'
 * const frame: TlmFrame = { seq: 1, timestamp: 1700000000, payload: { type: 'heartbeat', uptime: 60, status: 0 } }
 * const bytes = encode(telemetry, frame)
 * assert.ok(bytes._tag === 'Right')
 * assert.equal(bytes.right.length, 19) // 12 header + 5 payload + 2 CRC
 * assert.deepEqual(decode(telemetry, bytes.right), right(frame))
 * ```
 * @category TLM
 */
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { unit } from 'oxwire/protocols'
 * assert.deepEqual(decode(unit, Uint8Array.of(0)), right('celsius'))
 * assert.deepEqual(encode(unit, 'pascal'), right(Uint8Array.of(2)))
 * const unknown = decode(unit, Uint8Array.of(9))
 * assert.ok(unknown._tag === 'Left' && unknown.left.kind === 'invalid')
 * ```
 * @category TLM
 */
export const unit: Codec<Unit> = enumeration(u8, { celsius: 0, percent: 1, pascal: 2, volt: 3 })

/**
 * One sensor reading: the `reading` payload, and each item of a `batch`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { reading } from 'oxwire/protocols'
 * const bytes = Uint8Array.of(0x00, 0x07, 0x00, 0x40, 0x35, 0x80, 0, 0, 0, 0, 0)
 * assert.deepEqual(decode(reading, bytes), right({ sensorId: 7, unit: 'celsius', value: 21.5 }))
 * ```
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { telemetry } from 'oxwire/protocols'
 * const frame = { seq: 1, timestamp: 1700000000, payload: { type: 'heartbeat', uptime: 60, status: 0 } } as const
 * const bytes = encode(telemetry, frame)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual([...bytes.right.subarray(0, 4)], [0x5a, 0xa5, 0x01, 0x01]) // magic, version, type
 * assert.deepEqual(decode(telemetry, bytes.right), right(frame))
 * bytes.right[13] = 0xff // damage the payload
 * const damaged = decode(telemetry, bytes.right)
 * assert.ok(damaged._tag === 'Left' && damaged.left.kind === 'checksum')
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { telemetryMaxFrame } from 'oxwire/protocols'
 * assert.equal(telemetryMaxFrame, 1038) // 12 header + 1024 payload + 2 CRC
 * ```
 * @category TLM
 */
export const telemetryMaxFrame: number = sizeBounds(telemetry).max
