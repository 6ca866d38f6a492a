import * as E from 'fp-ts/lib/Either.js'
import type { Either } from 'fp-ts/lib/Either.js'
import type { Codec } from '../grammar/codec.js'
import type { ChecksumPolicy } from '../grammar/node.js'
import { DecodeState } from '../runtime/decode-state.js'
import type { DecodeError } from '../runtime/errors.js'
import type { ChecksumReport } from '../runtime/checksum-report.js'
import { decoderOf } from './decoder.js'

/**
 * A decoded value and what was found for each checksum field.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodeChecksums, type CheckedValue } from 'oxwire'
 * import { checksum, struct, sum8, u8 } from 'oxwire/combinators'
 * const frame = struct({ data: u8, sum: checksum(u8, sum8) })
 * const result = decodeChecksums(frame, Uint8Array.of(7, 7))
 * assert.ok(result._tag === 'Right')
 * const checked: CheckedValue<{ data: number }> = result.right
 * assert.deepEqual(checked.value, { data: 7 })
 * assert.equal(checked.checksums[0]?.status, 'valid')
 * ```
 * @category Checksum
 */
export interface CheckedValue<A> {
  /** The decoded value. */
  readonly value: A
  /** One report per checksum field decoded, in the order their structs ended. */
  readonly checksums: readonly ChecksumReport[]
}

/**
 * Options of {@link decodeChecksums}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodeChecksums, type DecodeChecksumsOptions } from 'oxwire'
 * import { checksum, struct, sum8, u8 } from 'oxwire/combinators'
 * const frame = struct({ data: u8, sum: checksum(u8, sum8) }) // verified by default
 * const analyse: DecodeChecksumsOptions = { policy: 'report' } // report every mismatch, fail on none
 * const result = decodeChecksums(frame, Uint8Array.of(7, 9), analyse)
 * assert.ok(result._tag === 'Right')
 * assert.deepEqual(result.right.checksums.map((c) => [c.status, c.stored, c.computed]), [['invalid', 9, 7]])
 * ```
 * @category Checksum
 */
export interface DecodeChecksumsOptions {
  /**
   * A policy for every checksum field instead of each one's own: `report`
   * computes all of them (TCP/UDP included) and fails on none, as a
   * capture analyser wants.
   */
  readonly policy?: ChecksumPolicy
}

/**
 * Decodes like `decode` (every byte used) and reports each checksum field
 * (see `checksum`): where it is, what was stored, what was computed, and
 * whether they agree (`valid`, `invalid`, or `unverified` when ignored or
 * when its context, such as a pseudo-header, is missing).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodeChecksums } from 'oxwire'
 * import { checksum, internetChecksum, struct, u16be } from 'oxwire/combinators'
 * const header = struct({ id: u16be, sum: checksum(u16be, internetChecksum, { policy: 'ignore' }) })
 * const result = decodeChecksums(header, Uint8Array.of(0x12, 0x34, 0, 0), { policy: 'report' })
 * assert.equal(result._tag === 'Right' && result.right.checksums[0]?.status, 'invalid')
 * assert.equal(result._tag === 'Right' && result.right.checksums[0]?.computed, 0xedcb)
 * ```
 * @category Checksum
 */
export function decodeChecksums<A>(codec: Codec<A>, bytes: Uint8Array, options: DecodeChecksumsOptions = {}): Either<DecodeError, CheckedValue<A>> {
  const state = new DecodeState(bytes)
  const checksums: ChecksumReport[] = []
  state.checksums = checksums
  if (options.policy !== undefined) state.checksumPolicy = options.policy
  const value = decoderOf(codec.node)(state) as A
  if (state.error !== undefined) return E.left(state.error)
  if (state.pos !== bytes.length) {
    const remaining = bytes.length - state.pos
    return E.left({ kind: 'trailing', offset: state.pos, path: [], message: `${remaining} byte(s) left after the value`, remaining })
  }
  return E.right({ value, checksums })
}
