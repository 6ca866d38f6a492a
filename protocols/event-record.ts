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

/** `temperature` field (tag 1). @category EVR */
export interface TemperatureField {
  /** Discriminant. */ readonly tag: 'temperature'
  /** Hundredths of a degree Celsius (i16). */ readonly centiCelsius: number
}

/** `humidity` field (tag 2). @category EVR */
export interface HumidityField {
  /** Discriminant. */ readonly tag: 'humidity'
  /** Percent, 0..100. */ readonly percent: number
}

/** `label` field (tag 3). @category EVR */
export interface LabelField {
  /** Discriminant. */ readonly tag: 'label'
  /** UTF-8 text. */ readonly text: string
}

/** `location` field (tag 4). @category EVR */
export interface LocationField {
  /** Discriminant. */ readonly tag: 'location'
  /** Degrees, binary32. */ readonly latitude: number
  /** Degrees, binary32. */ readonly longitude: number
}

/** Any TLV field of an EVR body. @category EVR */
export type EvrField = TemperatureField | HumidityField | LabelField | LocationField | UnknownField

/** EVR header flags (the low nibble of byte 1, without the reserved bit). @category EVR */
export interface EvrFlags {
  /** Bit 0. */ readonly ackRequested: boolean
  /** Bit 1. */ readonly retransmit: boolean
  /** Bit 2. */ readonly urgent: boolean
}

/** A decoded EVR record; derived fields (sync, version, length, TLV lengths, crc) are not in it. @category EVR */
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
 *
 * @example
 * ```ts
 * encode(eventRecord, {
 *   flags: { ackRequested: true, retransmit: false, urgent: false },
 *   deviceId: 42n, eventId: 7, fields: [{ tag: 'humidity', percent: 55 }],
 * })
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
 * @category EVR
 */
export const eventRecordMaxFrame: number = sizeBounds(eventRecord).max
