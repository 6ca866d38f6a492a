import type { Arbitrary } from 'fast-check'
import type { Codec } from '../grammar/codec.js'
import { encode } from '../api.js'
import { formatError } from '../runtime/format.js'
import { arbitrary } from './arbitrary.js'
import type { ArbitraryOptions } from './options.js'

/**
 * A valid value and its encoding.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import fc from 'fast-check'
 * import { encode, right } from 'oxwire'
 * import { telemetry, type TlmFrame } from 'oxwire/protocols'
 * import { arbitraryFrame, type Frame } from 'oxwire/testing'
 * const [frame]: Frame<TlmFrame>[] = fc.sample(arbitraryFrame(telemetry), { numRuns: 1, seed: 42 })
 * assert.ok(frame !== undefined)
 * assert.deepEqual(encode(telemetry, frame.value), right(frame.bytes))
 * ```
 * @category Testing
 */
export interface Frame<A> {
  /** The value. */
  readonly value: A
  /** Its encoding: the bytes `decode` turns back into `value`. */
  readonly bytes: Uint8Array
}

/**
 * A fast-check arbitrary of valid encoded frames with their values: the
 * values of {@link arbitrary}, encoded.
 * @throws Error (while generating) if a derived value does not encode,
 *   which would be a bug in the derivation, not in the grammar under test.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import fc from 'fast-check'
 * import { decode, right } from 'oxwire'
 * import { telemetry } from 'oxwire/protocols'
 * import { arbitraryFrame } from 'oxwire/testing'
 * fc.assert(fc.property(arbitraryFrame(telemetry), ({ value, bytes }) => {
 *   assert.deepEqual(decode(telemetry, bytes), right(value))
 * }), { numRuns: 50 })
 * ```
 * @category Testing
 */
export function arbitraryFrame<A>(grammar: Codec<A>, options: ArbitraryOptions = {}): Arbitrary<Frame<A>> {
  return framesOf(grammar, arbitrary(grammar, options), 'arbitraryFrame: a derived value')
}

/**
 * Frames of the given values; a value that does not encode fails the run
 * (a given value must be valid).
 * @internal
 */
export function framesOf<A>(grammar: Codec<A>, values: Arbitrary<A>, what = 'a given value'): Arbitrary<Frame<A>> {
  return values.map((value) => {
    const bytes = encode(grammar, value)
    if (bytes._tag === 'Left') throw new Error(`${what} does not encode: ${formatError(bytes.left)}`)
    return { value, bytes: bytes.right }
  })
}
