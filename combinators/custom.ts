import { codec, type Codec } from '../src/grammar/codec.js'
import type { DecodeState } from '../src/runtime/decode-state.js'
import type { EncodeState } from '../src/runtime/encode-state.js'
import type { SizeRange } from '../src/grammar/node.js'
import { requireFunction, requireInteger, requireString } from './validate.js'

/**
 * What {@link custom} needs to know about a hand-written codec.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { custom, type CustomSpec } from 'oxwire/combinators'
 * // One byte read as a signed magnitude: the high bit is the sign.
 * const spec: CustomSpec<number> = {
 *   name: 'signMagnitude8',
 *   size: { min: 1, max: 1 },
 *   decode: (s) => {
 *     if (!s.has(1)) return 0
 *     const b = s.bytes[s.pos++] ?? 0
 *     return b & 0x80 ? -(b & 0x7f) : b
 *   },
 *   encode: (s, v) => {
 *     s.reserve(1)
 *     s.bytes[s.pos++] = v < 0 ? 0x80 | -v : v
 *   },
 * }
 * assert.deepEqual(decode(custom(spec), Uint8Array.of(0x85)), right(-5))
 * ```
 * @category Custom
 */
export interface CustomSpec<A> {
  /** Name shown in errors and descriptions. */
  readonly name: string
  /**
   * Reads a value at `state.pos` and advances it. Call `state.has(n)` before
   * reading n bytes; on a broken rule call `state.failInvalid(...)`.
   */
  readonly decode: (state: DecodeState) => A
  /** Writes a value (`state.reserve(n)` first) or calls `state.fail(...)`. */
  readonly encode: (state: EncodeState, value: A) => void
  /** Smallest and largest encoded size; max may be Infinity. */
  readonly size: SizeRange
}

/**
 * A codec written by hand, for what the vocabulary cannot say. It works with
 * every interpreter that can treat it as opaque; an exception it throws
 * becomes a typed error.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { custom } from 'oxwire/combinators'
 * const bcdByte = custom<number>({
 *   name: 'bcd8',
 *   size: { min: 1, max: 1 },
 *   decode: (s) => {
 *     if (!s.has(1)) return 0
 *     const b = s.bytes[s.pos++] ?? 0
 *     if ((b >> 4) > 9 || (b & 15) > 9) s.failInvalid('not a BCD byte', '00..99', b.toString(16))
 *     return (b >> 4) * 10 + (b & 15)
 *   },
 *   encode: (s, v) => {
 *     s.reserve(1)
 *     s.bytes[s.pos++] = (Math.floor(v / 10) << 4) | v % 10
 *   },
 * })
 * assert.deepEqual(decode(bcdByte, Uint8Array.of(0x42)), right(42))
 * assert.deepEqual(encode(bcdByte, 17), right(Uint8Array.of(0x17)))
 * const bad = decode(bcdByte, Uint8Array.of(0x4f))
 * assert.ok(bad._tag === 'Left' && bad.left.kind === 'invalid')
 * ```
 * @category Custom
 */
export function custom<A>(spec: CustomSpec<A>): Codec<A> {
  requireString('custom', 'spec.name', spec.name)
  requireFunction('custom', 'spec.decode', spec.decode)
  requireFunction('custom', 'spec.encode', spec.encode)
  const { min, max } = spec.size ?? ({} as Partial<SizeRange>)
  requireInteger('custom', 'spec.size.min', min)
  if (max !== Infinity) requireInteger('custom', 'spec.size.max', max, min)
  return codec({
    tag: 'custom',
    name: spec.name,
    decode: spec.decode,
    encode: spec.encode as (state: EncodeState, value: unknown) => void,
    size: { min, max: max as number },
  })
}
