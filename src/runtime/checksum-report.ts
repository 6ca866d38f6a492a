/**
 * What to do with a checksum that does not match.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, type ChecksumPolicy } from 'oxwire'
 * import { checksum, struct, sum8, u8 } from 'oxwire/combinators'
 * const policy: ChecksumPolicy = 'verify'
 * const frame = struct({ data: u8, sum: checksum(u8, sum8, { policy }) })
 * const bad = decode(frame, Uint8Array.of(7, 9))
 * assert.ok(bad._tag === 'Left' && bad.left.kind === 'checksum' && bad.left.offset === 1)
 * ```
 * @category Grammar nodes
 */
export type ChecksumPolicy = 'verify' | 'report' | 'ignore'

/**
 * What decoding found for one checksum field (see `checksum` and
 * `decodeChecksums`).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodeChecksums, type ChecksumReport } from 'oxwire'
 * import { checksum, internetChecksum, struct, u16be } from 'oxwire/combinators'
 * const header = struct({ id: u16be, sum: checksum(u16be, internetChecksum, { policy: 'ignore' }) })
 * const result = decodeChecksums(header, Uint8Array.of(0x12, 0x34, 0, 0))
 * assert.ok(result._tag === 'Right')
 * const report: ChecksumReport | undefined = result.right.checksums[0]
 * assert.deepEqual(report, { field: 'sum', offset: 2, algorithm: 'INTERNET-CHECKSUM/RFC-1071', stored: 0, computed: undefined, status: 'unverified' })
 * ```
 * @category Checksum
 */
export interface ChecksumReport {
  /** The checksum field's key in its struct. */
  readonly field: string
  /** Byte offset of the stored checksum. */
  readonly offset: number
  /** The algorithm's catalogue name. */
  readonly algorithm: string
  /** The value the input carried. */
  readonly stored: number
  /** The value computed over the covered bytes, when it was computed. */
  readonly computed: number | undefined
  /**
   * `valid` or `invalid` when computed; `unverified` when the policy is
   * `ignore` or the context it needs (a pseudo-header) is not there.
   */
  readonly status: 'valid' | 'invalid' | 'unverified'
}
