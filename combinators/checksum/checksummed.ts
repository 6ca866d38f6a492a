import { codec, type Codec } from '../../src/grammar/codec.js'
import type { ChecksumAlgorithm } from './algorithm.js'
import { requireCodec } from '../validate.js'

/**
 * Which bytes of the covered grammar a checksum leaves out.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { bytes, checksummed, sum8, u8, type ChecksumCoverage } from 'oxwire/combinators'
 * const skipLength: ChecksumCoverage = { skipStart: 1 } // the sum leaves out the first byte
 * assert.deepEqual(encode(checksummed(bytes(3), sum8, u8, skipLength), Uint8Array.of(9, 1, 2)), right(Uint8Array.of(9, 1, 2, 3)))
 * ```
 * @category Checksum
 */
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
 * @throws RangeError when a skip count is negative or not an integer.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { checksummed, crc16CcittFalse, struct, u8, u16be, varBytes } from 'oxwire/combinators'
 * const frame = checksummed(struct({ id: u8, data: varBytes(u8) }), crc16CcittFalse, u16be)
 * const bytes = encode(frame, { id: 1, data: Uint8Array.of(0xaa) })
 * const crc = crc16CcittFalse.compute(Uint8Array.of(1, 1, 0xaa), 0, 3)
 * assert.deepEqual(bytes, right(Uint8Array.of(1, 1, 0xaa, crc >> 8, crc & 0xff)))
 * const damaged = decode(frame, Uint8Array.of(1, 1, 0xab, crc >> 8, crc & 0xff))
 * assert.ok(damaged._tag === 'Left' && damaged.left.kind === 'checksum')
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
