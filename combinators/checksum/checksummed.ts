import { codec, type Codec } from '../../src/grammar/codec.js'
import type { ChecksumAlgorithm } from './algorithm.js'
import { requireCodec } from '../validate.js'

/** Which bytes of the covered grammar a checksum leaves out. @category Checksum */
export interface ChecksumCoverage {
  /** Bytes at the start of the covered grammar not included (e.g. PNG's length field). */
  readonly skipStart?: number
  /** Bytes at its end not included. */
  readonly skipEnd?: number
}

/**
 * `inner` followed by a checksum of its bytes, stored with `field`.
 * Decoding verifies it (a mismatch is a `checksum` error with both values);
 * encoding computes it. By default the checksum covers every byte of
 * `inner`; `coverage` narrows that to a region, as PNG's CRC covers a
 * chunk's type and data but not its length.
 *
 * Data shorter than the skipped bytes is an `invalid` frame on decode and
 * a `length` error on encode.
 *
 * @throws RangeError when a skip count is negative or not an integer.
 * @example
 * ```ts
 * const frame = checksummed(struct({ id: u8, data: varBytes(u8) }), crc16CcittFalse, u16be)
 * encode(frame, { id: 1, data: Uint8Array.of(0xaa) }) // right(01 01 aa + CRC-16 of those 3 bytes)
 * ```
 * @category Checksum
 */
export function checksummed<A>(inner: Codec<A>, algorithm: ChecksumAlgorithm, field: Codec<number>, coverage: ChecksumCoverage = {}): Codec<A> {
  requireCodec('checksummed', 'inner', inner)
  requireCodec('checksummed', 'field', field)
  if (typeof algorithm !== 'object' || algorithm === null || typeof algorithm.compute !== 'function') {
    throw new TypeError('checksummed: algorithm must be a ChecksumAlgorithm (an object with compute)')
  }
  const skipStart = coverage.skipStart ?? 0
  const skipEnd = coverage.skipEnd ?? 0
  if (!Number.isInteger(skipStart) || skipStart < 0 || !Number.isInteger(skipEnd) || skipEnd < 0) {
    throw new RangeError('checksummed: skipStart and skipEnd must be non-negative integers')
  }
  return codec({ tag: 'checksum', inner, field, algorithm, skipStart, skipEnd })
}
