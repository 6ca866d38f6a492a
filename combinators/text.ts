import { codec, type Codec } from '../src/grammar/codec.js'
import { requireCodec } from './validate.js'

/**
 * UTF-8 text over any grammar of bytes. Invalid UTF-8 is an `invalid` decode
 * error (never U+FFFD), a leading BOM is kept as text, and a string with a
 * lone surrogate cannot be encoded, so text always round-trips exactly.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { u8, utf8, varBytes } from 'oxwire/combinators'
 * const label = utf8(varBytes(u8))
 * assert.deepEqual(encode(label, 'héllo'), right(Uint8Array.of(6, 0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f)))
 * const bad = decode(label, Uint8Array.of(1, 0xff))
 * assert.ok(bad._tag === 'Left' && bad.left.kind === 'invalid')
 * ```
 * @category Bytes
 */
export function utf8(bytes: Codec<Uint8Array>): Codec<string> {
  requireCodec('utf8', 'bytes', bytes)
  return codec({ tag: 'utf8', inner: bytes })
}
