import { codec, type Codec } from '../src/grammar/codec.js'
import { Expression } from './expression.js'
import { requireCodec, requireCountOrCodec } from './validate.js'

/**
 * A region of exactly N bytes that `inner` must use in full and cannot read
 * past. N is fixed, or read from a length prefix (computed on encode). A
 * length that points past the input is `incomplete`, checked before the
 * region is read; bytes the inner grammar leaves unused are `invalid`.
 * N may also be an {@link Expression} of earlier fields (`ref('totalLength')
 * .minus(ref('ihl').times(4))`), whose derived fields encoding computes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { sized, u8, u16be } from 'oxwire/combinators'
 * assert.deepEqual(decode(sized(u8, u16be), Uint8Array.of(2, 0, 7)), right(7))
 * const unused = decode(sized(u8, u16be), Uint8Array.of(3, 0, 1, 0))
 * assert.ok(unused._tag === 'Left' && unused.left.kind === 'invalid')
 * const cut = decode(sized(u8, u16be), Uint8Array.of(2, 0))
 * assert.ok(cut._tag === 'Left' && cut.left.kind === 'incomplete' && cut.left.needed === 1)
 * ```
 * @category Regions
 */
export function sized<A>(length: number | Codec<number> | Expression, inner: Codec<A>): Codec<A> {
  if (length instanceof Expression) length = codec<number>({ tag: 'expr', expr: length.expr })
  requireCountOrCodec('sized', 'length', length)
  requireCodec('sized', 'inner', inner)
  return codec({ tag: 'sized', length, inner })
}
