import { codec, type Codec } from '../src/grammar/codec.js'
import { requireCodec } from './validate.js'

/**
 * Marks a protocol's detection marker (magic, sync byte, version). Once a
 * marker has matched, a later failure inside a `oneOf` alternative is that
 * alternative's own error (it is committed), not a reason to try the next.
 * @example
 * ```ts
 * struct({ magic: marker(constant(u16be, 0x5aa5)), seq: u16be })
 * ```
 * @category Structure
 */
export function marker<A>(inner: Codec<A>): Codec<A> {
  requireCodec('marker', 'inner', inner)
  return codec({ tag: 'marker', inner })
}
