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
  /** Checksum of bytes[start, end), as an unsigned integer. */
  compute(bytes: Uint8Array, start: number, end: number): number
}
