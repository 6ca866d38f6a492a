import { codec, type Codec } from '../src/grammar/codec.js'
import { sized } from './sized.js'
import { Expression } from './expression.js'
import { requireCodec, requireInteger } from './validate.js'

/**
 * Exactly `n` raw bytes, `n` fixed or an {@link Expression} of earlier
 * fields (`bytes(ref('inclLen'))`). Decoded bytes are a view of the input (no copy).
 * @example
 * ```ts
 * decode(bytes(2), Uint8Array.of(1, 2)) // right(Uint8Array [1, 2])
 * encode(bytes(2), Uint8Array.of(1))    // left({ kind: 'length', ... })
 * ```
 * @category Bytes
 */
export function bytes(n: number | Expression): Codec<Uint8Array> {
  if (n instanceof Expression) return sized(n, rest)
  requireInteger('bytes', 'n', n)
  return codec({ tag: 'bytes', size: n })
}

/**
 * Every byte up to the end of the enclosing region (or of the input at top
 * level). Decoded bytes are a view of the input.
 * @example
 * ```ts
 * decode(struct({ kind: u8, data: rest }), Uint8Array.of(7, 1, 2)) // right({ kind: 7, data: [1, 2] })
 * ```
 * @category Bytes
 */
export const rest: Codec<Uint8Array> = codec({ tag: 'bytes', size: undefined })

/**
 * Bytes with a length prefix; the prefix is computed on encode.
 * @param length - the grammar of the prefix, e.g. `u16be` or `uleb128(4)`
 * @example
 * ```ts
 * decode(varBytes(u8), Uint8Array.of(2, 0xaa, 0xbb)) // right(Uint8Array [0xaa, 0xbb])
 * encode(varBytes(u8), new Uint8Array(300))          // left({ kind: 'length', ... })
 * ```
 * @category Bytes
 */
export function varBytes(length: Codec<number>): Codec<Uint8Array> {
  requireCodec('varBytes', 'length', length)
  return sized(length, rest)
}
