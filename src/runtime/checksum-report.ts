/** What to do with a checksum that does not match. @category Grammar nodes */
export type ChecksumPolicy = 'verify' | 'report' | 'ignore'

/**
 * What decoding found for one checksum field (see `checksum` and
 * `decodeChecksums`).
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
