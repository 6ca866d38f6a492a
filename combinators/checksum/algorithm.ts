import type { CrcParams } from './crc.js'

/**
 * A checksum algorithm over a byte range.
 *
 * Ranges rather than subarrays so that frame decoders can checksum a slice of
 * the input without allocating a view per frame.
 *
 * @category Checksum
 */
export interface ChecksumAlgorithm {
  /** Catalogue name, e.g. 'CRC-16/CCITT-FALSE'. */
  readonly name: string
  /** Width of the result in bits (8, 16 or 32). */
  readonly width: 8 | 16 | 32
  /**
   * The CRC's catalogue parameters, for algorithms made by `crc()`: other
   * back ends (the Wireshark dissector generator) rebuild the CRC from them.
   */
  readonly parameters?: CrcParams
  /** Checksum of bytes[start, end), as an unsigned integer. */
  compute(bytes: Uint8Array, start: number, end: number): number
}

/**
 * Rejects ranges that would otherwise read `undefined` past the buffer and
 * silently yield a wrong checksum instead of an error.
 *
 * @internal
 */
export function checkRange(bytes: Uint8Array, start: number, end: number): void {
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= bytes.length)) {
    throw new RangeError(`checksum range [${start}, ${end}) outside buffer of length ${bytes.length}`)
  }
}
