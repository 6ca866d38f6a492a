/**
 * A checksum algorithm over a byte range.
 *
 * Ranges rather than subarrays so that frame decoders can checksum a slice of
 * the input without allocating a view per frame.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { checksummed, u8, varBytes, type ChecksumAlgorithm } from 'oxwire/combinators'
 * // Any object with a name, a width and compute() is an algorithm.
 * const twosComplement: ChecksumAlgorithm = {
 *   name: 'SUM-8/TWOS-COMPLEMENT',
 *   width: 8,
 *   compute(bytes, start, end) {
 *     let sum = 0
 *     for (let i = start; i < end; i++) sum += bytes[i] ?? 0
 *     return -sum & 0xff
 *   },
 * }
 * assert.deepEqual(encode(checksummed(varBytes(u8), twosComplement, u8), Uint8Array.of(1, 2)), right(Uint8Array.of(2, 1, 2, 0xfb)))
 * ```
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
  /**
   * Optional: the checksum of bytes[start, end) with bytes[zeroStart,
   * zeroEnd) read as zeros, without copying the range. A checksum field
   * inside the bytes it covers (IPv4, TCP, UDP, ICMP) is computed so; where
   * this is missing, over a copy with the field zeroed. It must equal
   * `compute` over such a copy.
   */
  computeWithZeros?(bytes: Uint8Array, start: number, end: number, zeroStart: number, zeroEnd: number): number
}

/**
 * CRC parameters in the Rocksoft model used by the CRC RevEng catalogue, so
 * that any catalogue entry can be copied verbatim (`check` and `residue` are
 * omitted: they are derived, not inputs).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { crc, type CrcParams } from 'oxwire/combinators'
 * // Copied from the CRC RevEng catalogue entry for CRC-16/KERMIT.
 * const kermit: CrcParams = { name: 'CRC-16/KERMIT', width: 16, poly: 0x1021, init: 0, refIn: true, refOut: true, xorOut: 0 }
 * const check = new TextEncoder().encode('123456789')
 * assert.equal(crc(kermit).compute(check, 0, check.length), 0x2189)
 * ```
 * @category Checksum
 */
export interface CrcParams {
  /** Catalogue name, e.g. 'CRC-16/ARC'. */
  readonly name: string
  /** Register width in bits. */
  readonly width: 8 | 16 | 32
  /** Generator polynomial, normal (MSB-first) form, without the top x^width term. */
  readonly poly: number
  /** Register value before the first byte, unreflected. */
  readonly init: number
  /** Whether each input byte is taken LSB-first. */
  readonly refIn: boolean
  /** Whether the final register is bit-reversed before `xorOut`. */
  readonly refOut: boolean
  /** Value XORed into the (possibly reflected) final register. */
  readonly xorOut: number
}

/**
 * Thrown by a checksum algorithm whose data is cut short (a deflate stream
 * that ends early): more input might complete it. Decoding a checksum at
 * the end of the input then reports `incomplete`, as a field that runs
 * out of input does; inside a region of known size it is `invalid`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { ChecksumDataIncomplete, checksummed, rest, u8, untilLast, type ChecksumAlgorithm } from 'oxwire/combinators'
 * // A toy algorithm: its data must end with 0xff.
 * const ended: ChecksumAlgorithm = { name: 'ENDED', width: 8, compute: (b, start, end) => {
 *   if (b[end - 1] !== 0xff) throw new ChecksumDataIncomplete('no 0xff yet')
 *   return end - start
 * } }
 * const g = checksummed(untilLast(1, rest), ended, u8)
 * assert.equal(decode(g, Uint8Array.of(1, 0xff, 2))._tag, 'Right')
 * const cut = decode(g, Uint8Array.of(1, 2, 2))
 * assert.equal(cut._tag === 'Left' && cut.left.kind, 'incomplete')
 * ```
 * @category Checksum
 */
export class ChecksumDataIncomplete extends Error {
  /** Says why the data is cut short. */
  constructor(message: string) {
    super(message)
    this.name = 'ChecksumDataIncomplete'
  }
}
