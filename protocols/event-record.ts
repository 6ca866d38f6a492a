import { sizeBounds, type Codec, type NamedCodec } from '../src/index.js'
import {
  bitConstant, bits, checksummed, constant, crc32IsoHdlc, dependentOpen, f32le, flag, i16le, imap, inline, many, marker,
  named, range, rest, sized, struct, tagged, u16le, u32le, u64le, u8, uleb128, utf8, varBytes,
} from '../combinators/index.js'

const tlvLength = uleb128(4)

const knownTags = { temperature: 1, humidity: 2, label: 3, location: 4 } as const
const knownCodes: ReadonlySet<number> = new Set(Object.values(knownTags))

/**
 * Value of a TLV record whose tag EVR does not define: kept whole so that it
 * re-encodes to the same bytes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { tlvField, type UnknownField } from 'oxwire/protocols'
 * const field: UnknownField = { tag: 'unknown', code: 99, bytes: Uint8Array.of(1, 2) }
 * assert.deepEqual(decode(tlvField, Uint8Array.of(99, 2, 1, 2)), right(field))
 * ```
 * @category EVR
 */
export interface UnknownField {
  /** Discriminant. */
  readonly tag: 'unknown'
  /** The tag byte. */
  readonly code: number
  /** The value bytes (a view of the input). */
  readonly bytes: Uint8Array
}

/**
 * `temperature` field (tag 1).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { tlvField, type TemperatureField } from 'oxwire/protocols'
 * const field: TemperatureField = { tag: 'temperature', centiCelsius: -250 }
 * assert.deepEqual(decode(tlvField, Uint8Array.of(1, 2, 0x06, 0xff)), right(field))
 * ```
 * @category EVR
 */
export interface TemperatureField {
  /** Discriminant. */ readonly tag: 'temperature'
  /** Hundredths of a degree Celsius (i16). */ readonly centiCelsius: number
}

/**
 * `humidity` field (tag 2).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { tlvField, type HumidityField } from 'oxwire/protocols'
 * const field: HumidityField = { tag: 'humidity', percent: 55 }
 * assert.deepEqual(encode(tlvField, field), right(Uint8Array.of(2, 1, 55)))
 * const over = decode(tlvField, Uint8Array.of(2, 1, 101)) // percent is 0..100
 * assert.ok(over._tag === 'Left' && over.left.kind === 'invalid')
 * ```
 * @category EVR
 */
export interface HumidityField {
  /** Discriminant. */ readonly tag: 'humidity'
  /** Percent, 0..100. */ readonly percent: number
}

/**
 * `label` field (tag 3).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { tlvField, type LabelField } from 'oxwire/protocols'
 * const field: LabelField = { tag: 'label', text: 'pump' }
 * assert.deepEqual(encode(tlvField, field), right(Uint8Array.of(3, 4, 0x70, 0x75, 0x6d, 0x70)))
 * ```
 * @category EVR
 */
export interface LabelField {
  /** Discriminant. */ readonly tag: 'label'
  /** UTF-8 text. */ readonly text: string
}

/**
 * `location` field (tag 4).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { tlvField, type LocationField } from 'oxwire/protocols'
 * const field: LocationField = { tag: 'location', latitude: 48.5, longitude: -2.25 } // exact in binary32
 * const bytes = encode(tlvField, field)
 * assert.equal(bytes._tag === 'Right' && bytes.right.length, 10)
 * assert.deepEqual(bytes._tag === 'Right' && decode(tlvField, bytes.right), right(field))
 * ```
 * @category EVR
 */
export interface LocationField {
  /** Discriminant. */ readonly tag: 'location'
  /** Degrees, binary32. */ readonly latitude: number
  /** Degrees, binary32. */ readonly longitude: number
}

/**
 * Any TLV field of an EVR body.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { eventRecord, type EvrField } from 'oxwire/protocols'
 * const fields: EvrField[] = [{ tag: 'humidity', percent: 40 }, { tag: 'unknown', code: 200, bytes: Uint8Array.of(7) }]
 * const record = { flags: { ackRequested: false, retransmit: false, urgent: false }, deviceId: 1n, eventId: 2, fields }
 * const bytes = encode(eventRecord, record)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(eventRecord, bytes.right), right(record))
 * ```
 * @category EVR
 */
export type EvrField = TemperatureField | HumidityField | LabelField | LocationField | UnknownField

/**
 * EVR header flags (the low nibble of byte 1, without the reserved bit).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode } from 'oxwire'
 * import { eventRecord, type EvrFlags } from 'oxwire/protocols'
 * const flags: EvrFlags = { ackRequested: true, retransmit: false, urgent: true }
 * const bytes = encode(eventRecord, { flags, deviceId: 1n, eventId: 2, fields: [] })
 * assert.equal(bytes._tag === 'Right' && bytes.right[1], 0x25) // version 2, reserved 0, urgent, ackRequested
 * ```
 * @category EVR
 */
export interface EvrFlags {
  /** Bit 0. */ readonly ackRequested: boolean
  /** Bit 1. */ readonly retransmit: boolean
  /** Bit 2. */ readonly urgent: boolean
}

/**
 * A decoded EVR record; derived fields (sync, version, length, TLV lengths, crc) are not in it.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { eventRecord, type EvrRecord } from 'oxwire/protocols'
 * const record: EvrRecord = { flags: { ackRequested: true, retransmit: false, urgent: false }, deviceId: 42n, eventId: 7, fields: [] }
 * const bytes = encode(eventRecord, record)
 * assert.ok(bytes._tag === 'Right')
 * assert.equal(bytes.right.length, 20) // sync, flags, length, 12-byte body, CRC-32
 * assert.deepEqual(decode(eventRecord, bytes.right), right(record))
 * ```
 * @category EVR
 */
export interface EvrRecord {
  /** Header flags. */
  readonly flags: EvrFlags
  /** Device identifier, the full u64 range. */
  readonly deviceId: bigint
  /** Event identifier. */
  readonly eventId: number
  /** TLV fields in wire order (possibly none). */
  readonly fields: EvrField[]
}

// Built once per unknown code (at most 252 of them) rather than once per
// field decoded: interpreters cache their work per grammar node.
const unknownByCode = new Map<number, Codec<UnknownField>>()
function unknownField(code: number): Codec<UnknownField> {
  let grammar = unknownByCode.get(code)
  if (grammar === undefined) {
    grammar = imap(varBytes(tlvLength), (bytes): UnknownField => ({ tag: 'unknown', code, bytes }), (field) => field.bytes)
    unknownByCode.set(code, grammar)
  }
  return grammar
}

/**
 * One TLV record of an EVR body: tag u8, length as a minimal LEB128 varint
 * of at most 4 bytes, then a value read by tag. Every value, known or not,
 * is read inside a region of exactly `len` bytes, so a wrong length is
 * reported at the record and a bad value at its own bytes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { tlvField } from 'oxwire/protocols'
 * assert.deepEqual(decode(tlvField, Uint8Array.of(2, 1, 55)), right({ tag: 'humidity', percent: 55 }))
 * const wrongLength = decode(tlvField, Uint8Array.of(2, 2, 55, 0)) // humidity takes one byte, not two
 * assert.ok(wrongLength._tag === 'Left' && wrongLength.left.kind === 'invalid')
 * ```
 * @category EVR
 */
export const tlvField: Codec<EvrField> = dependentOpen(
  u8,
  {
    1: sized(tlvLength, tagged('tag', 'temperature', struct({ centiCelsius: i16le }))),
    2: sized(tlvLength, tagged('tag', 'humidity', struct({ percent: range(u8, 0, 100) }))),
    3: sized(tlvLength, tagged('tag', 'label', struct({ text: utf8(rest) }))),
    4: sized(tlvLength, tagged('tag', 'location', struct({ latitude: f32le, longitude: f32le }))),
  },
  unknownField,
  (field): number => {
    if (field.tag !== 'unknown') return knownTags[field.tag]
    // An "unknown" record under a known code would decode as the known one.
    if (knownCodes.has(field.code)) throw new Error(`code ${field.code} is a known tag`)
    return field.code
  },
  { name: 'tag' },
)

/**
 * The EVR event record (specified in docs/protocols/evr.md, little-endian): sync
 * byte B5 and version nibble 2 (its detection marker), flag bits, a body of
 * 12..4096 bytes (deviceId, eventId, TLV fields), and a CRC-32/ISO-HDLC of
 * everything before it.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { eventRecord } from 'oxwire/protocols'
 * const record = {
 *   flags: { ackRequested: true, retransmit: false, urgent: false },
 *   deviceId: 42n, eventId: 7, fields: [{ tag: 'humidity', percent: 55 }],
 * } as const
 * const bytes = encode(eventRecord, { ...record, fields: [...record.fields] })
 * assert.ok(bytes._tag === 'Right')
 * assert.equal(bytes.right[0], 0xb5) // the sync byte
 * assert.deepEqual(decode(eventRecord, bytes.right), right({ ...record, fields: [...record.fields] }))
 * ```
 * @category EVR
 */
export const eventRecord: NamedCodec<'evr', EvrRecord> = named(
  'evr',
  checksummed(
    struct({
      sync: marker(constant(u8, 0xb5)),
      flags: bits({
        version: bitConstant(4, 2, { marker: true }),
        reserved: bitConstant(1, 0),
        urgent: flag,
        retransmit: flag,
        ackRequested: flag,
      }),
      body: inline(sized(range(u16le, 12, 4096), struct({ deviceId: u64le, eventId: u32le, fields: many(tlvField) }))),
    }),
    crc32IsoHdlc,
    u32le,
  ),
)

/**
 * The largest EVR record in bytes (4104), derived from the grammar.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { eventRecordMaxFrame } from 'oxwire/protocols'
 * assert.equal(eventRecordMaxFrame, 4104) // 4 header + 4096 body + 4 CRC
 * ```
 * @category EVR
 */
export const eventRecordMaxFrame: number = sizeBounds(eventRecord).max
