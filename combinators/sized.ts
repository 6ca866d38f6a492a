import { codec, type Codec } from '../src/grammar/codec.js'
import { Expression } from './expression.js'
import { requireCodec, requireCountOrCodec, requireInteger } from './validate.js'

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

/**
 * A region of everything left in the enclosing region (or the input, at
 * the top) except its last `reserve` bytes, which the fields after it
 * read: gzip's compressed data before its 8-byte trailer (Kaitai's
 * `size: _io.size - _io.pos - 8`). `inner` must use the whole region. At
 * the top, fewer than `reserve` bytes left, or an inner grammar that runs
 * out, is `incomplete` (more input would make the region longer); inside
 * a sized region it is `invalid`.
 *
 * @throws RangeError when `reserve` is not a non-negative integer.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { rest, struct, u16be, untilLast } from 'oxwire/combinators'
 * const member = struct({ data: untilLast(2, rest), trailer: u16be })
 * assert.deepEqual(decode(member, Uint8Array.of(1, 2, 3, 0, 9)), { _tag: 'Right', right: { data: Uint8Array.of(1, 2, 3), trailer: 9 } })
 * assert.deepEqual(encode(member, { data: Uint8Array.of(5), trailer: 1 }), { _tag: 'Right', right: Uint8Array.of(5, 0, 1) })
 * const cut = decode(member, Uint8Array.of(1))
 * assert.equal(cut._tag === 'Left' && cut.left.kind, 'incomplete')
 * ```
 * @category Regions
 */
export function untilLast<A>(reserve: number, inner: Codec<A>): Codec<A> {
  requireInteger('untilLast', 'reserve', reserve)
  requireCodec('untilLast', 'inner', inner)
  return codec({ tag: 'untilLast', reserve, inner })
}
