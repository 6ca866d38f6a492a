export type { ChecksumAlgorithm } from '../../src/grammar/checksum-algorithm.js'

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
