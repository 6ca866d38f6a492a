import { isRight, type Either } from 'fp-ts/lib/Either.js'
import { decode } from '../api.js'
import type { Codec } from '../grammar/codec.js'
import type { DecodeError } from '../runtime/errors.js'

// Where a capture file cut short (tcpdump or dumpcap stopped mid-write, a
// download that broke off) stops holding whole records, so the records
// before the cut are still read. Only lengths are read here, each checked
// against the bytes there are; the grammars read everything else.

/**
 * The length of the longest prefix of a classic pcap file made of the
 * header and whole records (0 when not even the header is whole).
 * @internal
 */
export function wholePcapPrefix(bytes: Uint8Array): number {
  if (bytes.length < 24) return 0
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // Magic numbers written little-endian start with D4 (microseconds) or 4D (nanoseconds).
  const little = bytes[0] === 0xd4 || bytes[0] === 0x4d
  let pos = 24
  while (pos + 16 <= bytes.length) {
    const next = pos + 16 + view.getUint32(pos + 8, little)
    if (next > bytes.length) break
    pos = next
  }
  return pos
}

/**
 * The length of the longest prefix of a pcapng file made of whole blocks
 * (each `type · length · body · length`), in the byte order of its section
 * header's byte-order magic.
 * @internal
 */
export function wholePcapngPrefix(bytes: Uint8Array): number {
  if (bytes.length < 12) return 0
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const little = bytes[8] === 0x4d
  let pos = 0
  while (pos + 12 <= bytes.length) {
    const length = view.getUint32(pos + 4, little)
    if (length < 12 || pos + length > bytes.length) break
    pos += length
  }
  return pos
}

/**
 * Decodes a capture file with its grammar; a file that ends inside a
 * record (an `incomplete` error) is decoded again up to its last whole
 * record, and `cutAt` says where the rest began.
 * @internal
 */
export function decodeWholeRecords(grammar: Codec<unknown>, bytes: Uint8Array, wholePrefix: (bytes: Uint8Array) => number): { result: Either<DecodeError, unknown>; cutAt: number | undefined } {
  const result = decode(grammar, bytes)
  if (isRight(result) || result.left.kind !== 'incomplete') return { result, cutAt: undefined }
  const whole = wholePrefix(bytes)
  if (whole === 0 || whole >= bytes.length) return { result, cutAt: undefined }
  const again = decode(grammar, bytes.subarray(0, whole))
  return isRight(again) ? { result: again, cutAt: whole } : { result, cutAt: undefined }
}
