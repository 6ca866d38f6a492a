import { codec, type Codec } from '../src/grammar/codec.js'
import { requireCodec } from './validate.js'

/**
 * Marks a protocol's detection marker (magic, sync byte, version). Once a
 * marker has matched, a later failure inside a `oneOf` alternative is that
 * alternative's own error (it is committed), not a reason to try the next.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { constant, marker, named, oneOf, struct, u8, u16be } from 'oxwire/combinators'
 * const tlm = named('tlm', struct({ magic: marker(constant(u16be, 0x5aa5)), seq: u16be }))
 * const other = named('other', struct({ kind: u8, seq: u16be }))
 * // The magic matched, so a short frame is tlm's own error, not a reason to try `other`.
 * const result = decode(oneOf(tlm, other), Uint8Array.of(0x5a, 0xa5, 0x00))
 * assert.ok(result._tag === 'Left' && result.left.kind === 'incomplete')
 * ```
 * @category Structure
 */
export function marker<A>(inner: Codec<A>): Codec<A> {
  requireCodec('marker', 'inner', inner)
  return codec({ tag: 'marker', inner })
}
