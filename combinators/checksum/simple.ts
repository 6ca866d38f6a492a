import { checkRange, type ChecksumAlgorithm } from './algorithm.js'

/**
 * Internet checksum (RFC 1071): ones'-complement of the ones'-complement sum
 * of big-endian 16-bit words, an odd trailing byte padded with zero. The
 * result is the value to store in the header (e.g. IPv4, UDP, ICMP), so a
 * range that already contains a correct checksum yields 0.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { internetChecksum } from 'oxwire/combinators'
 * // The RFC 1071 worked example: words 0001 f203 f4f5 f6f7 sum to ddf2.
 * const words = Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7)
 * assert.equal(internetChecksum.compute(words, 0, words.length), 0x220d)
 * ```
 * @category Checksum
 */
export const internetChecksum: ChecksumAlgorithm = {
  name: 'INTERNET-CHECKSUM/RFC-1071',
  width: 16,
  compute(bytes, start, end) {
    checkRange(bytes, start, end)
    // Carries are deferred: a double holds 2^53 / 0xffff words, far beyond any
    // buffer, so folding once at the end gives the same ones'-complement sum.
    let sum = 0
    let i = start
    for (const stop = end - 1; i < stop; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!
    if (i < end) sum += bytes[i]! << 8
    while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000)
    return ~sum & 0xffff
  },
  computeWithZeros(bytes, start, end, zeroStart, zeroEnd) {
    checkRange(bytes, start, end)
    // Words read as zero add nothing: skip them (byte by byte where the
    // zeroed bytes do not start and end on words of the range).
    if ((zeroStart - start) % 2 === 0 && (zeroEnd - start) % 2 === 0 && start <= zeroStart && zeroStart <= zeroEnd && zeroEnd <= end) {
      let sum = 0
      let i = start
      for (; i < zeroStart; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!
      i = zeroEnd
      for (const stop = end - 1; i < stop; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!
      if (i < end) sum += bytes[i]! << 8
      while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000)
      return ~sum & 0xffff
    }
    let sum = 0
    let i = start
    for (const stop = end - 1; i < stop; i += 2) {
      const high = i >= zeroStart && i < zeroEnd ? 0 : bytes[i]!
      const low = i + 1 >= zeroStart && i + 1 < zeroEnd ? 0 : bytes[i + 1]!
      sum += (high << 8) | low
    }
    if (i < end && !(i >= zeroStart && i < zeroEnd)) sum += bytes[i]! << 8
    while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000)
    return ~sum & 0xffff
  },
}

/**
 * Sum of bytes modulo 256, the trailer of many simple serial framings.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { sum8 } from 'oxwire/combinators'
 * assert.equal(sum8.compute(Uint8Array.of(0xff, 0x02), 0, 2), 0x01)
 * ```
 * @category Checksum
 */
export const sum8: ChecksumAlgorithm = {
  name: 'SUM-8',
  width: 8,
  compute(bytes, start, end) {
    checkRange(bytes, start, end)
    let sum = 0
    for (let i = start; i < end; i++) sum += bytes[i]!
    return sum & 0xff
  },
}

/**
 * XOR of all bytes (longitudinal redundancy check), as in NMEA 0183 sentences.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { xor8 } from 'oxwire/combinators'
 * assert.equal(xor8.compute(Uint8Array.of(0x0f, 0xf0, 0x01), 0, 3), 0xfe)
 * ```
 * @category Checksum
 */
export const xor8: ChecksumAlgorithm = {
  name: 'XOR-8',
  width: 8,
  compute(bytes, start, end) {
    checkRange(bytes, start, end)
    let x = 0
    for (let i = start; i < end; i++) x ^= bytes[i]!
    return x
  },
}
