import { codec, type Codec } from '../src/grammar/codec.js'
import { encodeNow } from '../src/interpret/encode-now.js'
import { formatError } from '../src/runtime/format.js'
import { requireCodec } from './validate.js'

/**
 * A fixed value (a magic number, a version, a sync byte): checked on decode,
 * written on encode, and absent from the decoded value (inside `struct`).
 *
 * @throws RangeError when `value` cannot be encoded by `codec`: a grammar
 *   mistake, found when the grammar is built rather than on the wire.
 * @example
 * ```ts
 * const magic = constant(u16be, 0x5aa5)
 * decode(magic, Uint8Array.of(0x5a, 0xa5)) // right(undefined)
 * decode(magic, Uint8Array.of(0x00, 0xa5)) // left({ kind: 'invalid', offset: 0, ... })
 * ```
 * @category Structure
 */
export function constant<A>(codec_: Codec<A>, value: A): Codec<void> {
  requireCodec('constant', 'codec', codec_)
  const written = encodeNow(codec_.node, value)
  if (written instanceof Uint8Array) return codec({ tag: 'constant', inner: codec_, value, bytes: written })
  throw new RangeError(`constant: ${formatError(written)}`)
}
