import { codec, type Codec } from '../src/grammar/codec.js'
import { requireInteger } from './validate.js'

/**
 * Unsigned LEB128 varint: seven bits a byte, least significant group first,
 * high bit set on every byte but the last. Decoding rejects encodings longer
 * than `maxBytes` and non-minimal ones (such as `80 00` for 0), so each
 * value has exactly one encoding.
 * @param maxBytes - most bytes allowed, 1..7 (7 bytes hold 49 bits, within
 *   JavaScript's exact integers)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { uleb128 } from 'oxwire/combinators'
 * assert.deepEqual(decode(uleb128(4), Uint8Array.of(0xe5, 0x8e, 0x26)), right(624485))
 * const nonMinimal = decode(uleb128(4), Uint8Array.of(0x80, 0x00))
 * assert.ok(nonMinimal._tag === 'Left' && nonMinimal.left.kind === 'invalid')
 * ```
 * @category Varint
 */
export function uleb128(maxBytes = 4): Codec<number> {
  requireInteger('uleb128', 'maxBytes', maxBytes, 1, 7)
  return codec({ tag: 'uleb128', maxBytes })
}
