import type { Codec } from '../src/index.js'
import {
  bitConstant, bits, bytes, checksum, checksummed, constant, crc32IsoHdlc, derived, flag, imap, inflated, inline, length32, many, marker, optional, ref, rest,
  sized, stringz, struct, text, u16le, u32le, u8, untilLast, type ChecksumAlgorithm,
} from '../combinators/index.js'

/**
 * One subfield of a gzip member's extra field (FEXTRA): a two-letter id and its data.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { deflateRawSync } from 'node:zlib'
 * import { decode, encode } from 'oxwire'
 * import { gzipMember, type GzipSubfield } from 'oxwire/protocols'
 * const extra: GzipSubfield[] = [{ id: 'AP', data: Uint8Array.of(1, 2) }]
 * const bytes = encode(gzipMember, { flags: { text: false }, mtime: 0, extraFlags: 0, os: 3, extra, data: new Uint8Array(deflateRawSync('x')) })
 * const back = bytes._tag === 'Right' ? decode(gzipMember, bytes.right) : undefined
 * assert.deepEqual(back?._tag === 'Right' && back.right.extra, extra)
 * ```
 * @category Gallery
 */
export interface GzipSubfield {
  /** The subfield id, two Latin-1 characters (`SI1`, `SI2`), e.g. `AP` for Apollo file type information. */ readonly id: string
  /** The subfield's data (its length `LEN` is derived). */ readonly data: Uint8Array
}

/**
 * A decoded gzip member (RFC 1952).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { deflateRawSync, gunzipSync } from 'node:zlib'
 * import { encode } from 'oxwire'
 * import { gzipMember, type GzipMember } from 'oxwire/protocols'
 * const member: GzipMember = { flags: { text: true }, mtime: 0, extraFlags: 0, os: 255, comment: 'hi', headerCrc: true, data: new Uint8Array(deflateRawSync('abc')) }
 * const bytes = encode(gzipMember, member)
 * assert.equal(bytes._tag === 'Right' && gunzipSync(bytes.right).toString(), 'abc')
 * ```
 * @category Gallery
 */
export interface GzipMember {
  /** The header's flag bits that are not derived from the fields' presence. */ readonly flags: {
    /** FTEXT: the data is probably text. */ readonly text: boolean
  }
  /** MTIME: modification time in Unix seconds, 0 when none. */ readonly mtime: number
  /** XFL: 2 for the best compression, 4 for the fastest. */ readonly extraFlags: number
  /** OS: the file system the member was made on (3 Unix, 0 FAT, 255 unknown, ...). */ readonly os: number
  /** FEXTRA: the extra field's subfields, when present. */ readonly extra?: GzipSubfield[] | undefined
  /** FNAME: the original file name (ISO-8859-1), when present. */ readonly name?: string | undefined
  /** FCOMMENT: a comment (ISO-8859-1), when present. */ readonly comment?: string | undefined
  /** FHCRC: `true` when the header carries its CRC-16 (verified on decode, computed on encode). */ readonly headerCrc?: true | undefined
  /** The deflate-compressed data (RFC 1951) as stored; its CRC-32 and ISIZE are derived. */ readonly data: Uint8Array
}

// grammar:start gzipMember
// FHCRC is the low 16 bits of the CRC-32 of the header bytes before it. A
// checksum field covers its struct with its own bytes as zero; it stands
// last in the header, so its two bytes are left out here.
const headerCrc16: ChecksumAlgorithm = { name: 'CRC-16/GZIP-FHCRC', width: 16, compute: (b, start, end) => crc32IsoHdlc.compute(b, start, end - 2) & 0xffff }
const subfield = struct({ id: text(bytes(2), 'latin1'), length: derived(u16le), data: bytes(ref('length')) })
const header = struct({
  magic: marker(constant(bytes(2), Uint8Array.of(0x1f, 0x8b))),
  method: constant(u8, 8),
  flags: bits({ reserved: bitConstant(3, 0), fcomment: derived(flag), fname: derived(flag), fextra: derived(flag), fhcrc: derived(flag), text: flag }),
  mtime: u32le,
  extraFlags: u8,
  os: u8,
  extra: optional(ref('fextra'), sized(u16le, many(subfield))),
  name: optional(ref('fname'), stringz('latin1')),
  comment: optional(ref('fcomment'), stringz('latin1')),
  headerCrc: optional(ref('fhcrc'), imap(checksum(u16le, headerCrc16), () => true as const, () => undefined)),
})
// Inflating is bounded: past 16 MiB of output a member is refused, not allocated.
const limit = { maxOutputLength: 16 * 2 ** 20 }
const trailer = (data: Codec<Uint8Array>) => checksummed(checksummed(data, inflated(crc32IsoHdlc, limit), u32le), inflated(length32, limit), u32le, { skipEnd: 4 })

/**
 * One gzip member (RFC 1952): the header with every optional field
 * (FEXTRA subfields, FNAME and FCOMMENT as zero-terminated Latin-1,
 * FHCRC), the deflate data up to the 8-byte trailer, and the trailer's
 * CRC-32 and ISIZE, verified against the data inflated with `node:zlib`
 * (at most 16 MiB of it) and computed on encode. The flags that say which
 * optional fields are present are derived from the value. A member cut
 * anywhere is `incomplete`. The data stays compressed in the value, so a
 * file re-encodes byte for byte; a file of several members is several
 * decodes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { deflateRawSync, gunzipSync } from 'node:zlib'
 * import { decode, encode } from 'oxwire'
 * import { gzipMember, type GzipMember } from 'oxwire/protocols'
 * const member: GzipMember = { flags: { text: true }, mtime: 0, extraFlags: 0, os: 3, name: 'hi.txt', data: new Uint8Array(deflateRawSync('hello')) }
 * const bytes = encode(gzipMember, member)
 * assert.equal(bytes._tag === 'Right' && gunzipSync(bytes.right).toString(), 'hello')
 * const back = bytes._tag === 'Right' ? decode(gzipMember, bytes.right) : undefined
 * assert.equal(back?._tag === 'Right' && back.right.name, 'hi.txt')
 * ```
 * @category Gallery
 */
export const gzipMember: Codec<GzipMember> = struct({ header: inline(header), data: trailer(untilLast(8, rest)) })
// grammar:end
