import { codec, type Codec } from '../../src/grammar/codec.js'
import type { ChecksumPolicy } from '../../src/grammar/node.js'
import { sizeBounds } from '../../src/analysis/index.js'
import type { ChecksumAlgorithm } from './algorithm.js'
import type { OptionalCodec } from '../optional.js'

/**
 * Options of {@link checksum}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { checksum, internetChecksum, struct, u16be, type ChecksumOptions } from 'oxwire/combinators'
 * // Offloaded captures carry partial sums: keep what is stored, do not verify it.
 * const options: ChecksumOptions<never> & { policy: 'ignore' } = { policy: 'ignore' }
 * const header = struct({ id: u16be, sum: checksum(u16be, internetChecksum, options) })
 * assert.deepEqual(decode(header, Uint8Array.of(0x12, 0x34, 0, 0)), right({ id: 0x1234, sum: 0 }))
 * ```
 * @category Checksum
 */
export interface ChecksumOptions<C> {
  /**
   * `verify` (default): a mismatch is a `checksum` error at this field's
   * offset. `report`: decoding goes on; `decodeChecksums` tells the status.
   * `ignore`: not computed on decode (still computed on encode), as
   * Wireshark treats TCP/UDP checksums that offload leaves partial.
   */
  readonly policy?: ChecksumPolicy
  /**
   * Bytes covered in front of the struct (the TCP/UDP pseudo-header): a
   * grammar, and its value from fields of enclosing grammars (`get(name)`)
   * and the struct's length; return undefined when the context is not
   * there (the checksum is then `unverified`, and written as zero).
   */
  readonly context?: ChecksumContextOption<C>
}

/**
 * The context bytes a checksum covers in front of its struct (see {@link ChecksumOptions}).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { checksum, struct, sum8, u8, type ChecksumContextOption } from 'oxwire/combinators'
 * // The inner checksum also covers the enclosing struct's `node` byte.
 * const context: ChecksumContextOption<number> = { grammar: u8, value: (get) => get('node') as number | undefined }
 * const body = struct({ data: u8, sum: checksum(u8, sum8, { context }) })
 * const packet = struct({ node: u8, body })
 * assert.deepEqual(encode(packet, { node: 5, body: { data: 1 } }), right(Uint8Array.of(5, 1, 6)))
 * ```
 * @category Checksum
 */
export interface ChecksumContextOption<C> {
  /** The grammar the context is written in. */
  readonly grammar: Codec<C>
  /** The context value, from enclosing fields (`get`) and the struct's length; undefined when not there. */
  readonly value: (get: (name: string) => unknown, length: number) => C | undefined
}

const POLICIES: readonly string[] = ['verify', 'report', 'ignore']

/**
 * A checksum field inside the bytes it covers: the whole enclosing struct,
 * computed with this field's own bytes as zero (IPv4, TCP, UDP, ICMP), and
 * optionally a context prefix built from enclosing grammars' fields (the
 * TCP/UDP pseudo-header). With policy `verify` it is absent from the
 * value and computed on encode. With `report` or `ignore` the value keeps
 * the stored checksum (an optional field), so a capture whose checksums
 * offload left partial re-encodes byte for byte; leave it out (or delete
 * it after changing the data) to have it computed. Use
 * `checksummed` for a checksum stored after the bytes it covers.
 *
 * @throws RangeError when `field` is not fixed-size or the policy is unknown.
 * @throws TypeError when `algorithm` has no `compute` function.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { checksum, internetChecksum, struct, u16be } from 'oxwire/combinators'
 * const header = struct({ id: u16be, sum: checksum(u16be, internetChecksum), data: u16be })
 * const bytes = encode(header, { id: 0x1234, data: 0x0001 })
 * assert.deepEqual(bytes, { _tag: 'Right', right: Uint8Array.of(0x12, 0x34, 0xed, 0xca, 0x00, 0x01) })
 * const broken = decode(header, Uint8Array.of(0x12, 0x34, 0, 0, 0, 1))
 * assert.equal(broken._tag === 'Left' && broken.left.message, 'INTERNET-CHECKSUM/RFC-1071 mismatch at offset 0x2: stored 0x0000, computed 0xedca')
 * ```
 * @category Checksum
 */
export function checksum<C = never>(field: Codec<number>, algorithm: ChecksumAlgorithm, options?: ChecksumOptions<C> & { readonly policy?: 'verify' }): Codec<void>
export function checksum<C = never>(field: Codec<number>, algorithm: ChecksumAlgorithm, options: ChecksumOptions<C> & { readonly policy: 'report' | 'ignore' }): OptionalCodec<number>
export function checksum<C = never>(field: Codec<number>, algorithm: ChecksumAlgorithm, options: ChecksumOptions<C> = {}): Codec<void> | OptionalCodec<number> {
  if (typeof algorithm !== 'object' || algorithm === null || typeof algorithm.compute !== 'function') throw new TypeError('checksum: algorithm must have a compute function')
  const { min, max } = sizeBounds(field)
  if (min !== max || min === 0) throw new RangeError(`checksum: the field must have a fixed size, not ${min}..${max} byte(s)`)
  const policy = options.policy ?? 'verify'
  if (!POLICIES.includes(policy)) throw new RangeError(`checksum: policy must be verify, report or ignore, not ${String(policy)}`)
  const context = options.context
  if (context !== undefined && typeof context.value !== 'function') throw new TypeError('checksum: context.value must be a function')
  return codec({
    tag: 'checksumField',
    field,
    algorithm,
    policy,
    context: context === undefined ? undefined : { grammar: context.grammar, value: context.value as (get: (name: string) => unknown, length: number) => unknown },
  }) as never
}
