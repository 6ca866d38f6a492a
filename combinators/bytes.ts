import { codec, type Codec } from '../src/grammar/codec.js'
import { sized } from './sized.js'
import { Expression } from './expression.js'
import { requireCodec, requireInteger } from './validate.js'

/**
 * Exactly `n` raw bytes, `n` fixed or an {@link Expression} of earlier
 * fields (`bytes(ref('inclLen'))`). Decoded bytes are a view of the input (no copy).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { bytes } from 'oxwire/combinators'
 * assert.deepEqual(decode(bytes(2), Uint8Array.of(1, 2)), right(Uint8Array.of(1, 2)))
 * const wrongSize = encode(bytes(2), Uint8Array.of(1))
 * assert.ok(wrongSize._tag === 'Left' && wrongSize.left.kind === 'length')
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
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { rest, struct, u8 } from 'oxwire/combinators'
 * assert.deepEqual(decode(struct({ kind: u8, data: rest }), Uint8Array.of(7, 1, 2)), right({ kind: 7, data: Uint8Array.of(1, 2) }))
 * ```
 * @category Bytes
 */
export const rest: Codec<Uint8Array> = codec({ tag: 'bytes', size: undefined })

/**
 * Bytes with a length prefix; the prefix is computed on encode.
 * @param length - the grammar of the prefix, e.g. `u16be` or `uleb128(4)`
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { u8, varBytes } from 'oxwire/combinators'
 * assert.deepEqual(decode(varBytes(u8), Uint8Array.of(2, 0xaa, 0xbb)), right(Uint8Array.of(0xaa, 0xbb)))
 * const tooLong = encode(varBytes(u8), new Uint8Array(300))
 * assert.ok(tooLong._tag === 'Left' && tooLong.left.kind === 'length')
 * ```
 * @category Bytes
 */
export function varBytes(length: Codec<number>): Codec<Uint8Array> {
  requireCodec('varBytes', 'length', length)
  return sized(length, rest)
}
