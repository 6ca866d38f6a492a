import { codec, type Codec } from '../src/grammar/codec.js'
import { sizeBounds } from '../src/analysis/index.js'
import { Expression } from './expression.js'
import { requireCodec, requireCountOrCodec } from './validate.js'

/**
 * A sequence of items: a fixed count, a count prefix that is computed on
 * encode, or an {@link Expression} of earlier fields (`ref('byteCount').dividedBy(2)`). A count read from the wire is checked against the bytes left
 * before any item is decoded, so a lying count costs nothing.
 *
 * @throws RangeError when the count comes from the wire and an item can
 *   take zero bytes (the count would then be unbounded work).
 * @example
 * ```ts
 * const readings = array(u8, u16be)
 * decode(readings, Uint8Array.of(2, 0, 1, 0, 2)) // right([1, 2])
 * encode(array(2, u8), [1])                     // left({ kind: 'length', ... })
 * ```
 * @category Repetition
 */
export function array<A>(count: number | Codec<number> | Expression, item: Codec<A>): Codec<A[]> {
  if (count instanceof Expression) count = codec<number>({ tag: 'expr', expr: count.expr })
  requireCountOrCodec('array', 'count', count)
  requireCodec('array', 'item', item)
  if (typeof count !== 'number' && sizeBounds(item).min === 0) throw new RangeError('array: an item of zero bytes needs a fixed count')
  return codec({ tag: 'array', count, item })
}

/**
 * Items one after another until the enclosing region ends (zero items is
 * fine). An item that consumes no bytes is an error, so it cannot loop.
 * @example
 * ```ts
 * decode(sized(u8, many(u16be)), Uint8Array.of(4, 0, 1, 0, 2)) // right([1, 2])
 * ```
 * @category Repetition
 */
export function many<A>(item: Codec<A>): Codec<A[]> {
  requireCodec('many', 'item', item)
  return codec({ tag: 'many', item })
}
