import { codec, type Codec } from '../src/grammar/codec.js'
import { encodeNow } from '../src/interpret/encode-now.js'
import { formatError } from '../src/runtime/format.js'
import { requireCodec } from './validate.js'

/**
 * A fixed value (a magic number, a version, a sync byte): checked on decode,
 * written on encode, and absent from the decoded value (inside `struct`).
 * @throws RangeError when `value` cannot be encoded by `codec`: a grammar
 *   mistake, found when the grammar is built rather than on the wire.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { constant, u16be } from 'oxwire/combinators'
 * const magic = constant(u16be, 0x5aa5)
 * assert.deepEqual(decode(magic, Uint8Array.of(0x5a, 0xa5)), right(undefined))
 * const wrong = decode(magic, Uint8Array.of(0x00, 0xa5))
 * assert.ok(wrong._tag === 'Left' && wrong.left.kind === 'invalid' && wrong.left.offset === 0)
 * assert.deepEqual(encode(magic, undefined), right(Uint8Array.of(0x5a, 0xa5)))
 * ```
 * @category Structure
 */
export function constant<A>(codec_: Codec<A>, value: A): Codec<void> {
  requireCodec('constant', 'codec', codec_)
  const written = encodeNow(codec_.node, value)
  if (written instanceof Uint8Array) return codec({ tag: 'constant', inner: codec_, value, bytes: written })
  throw new RangeError(`constant: ${formatError(written)}`)
}
