import { codec, type Codec } from '../src/grammar/codec.js'
import { ownEntries, requireCodec, requireValueOf } from './validate.js'

/**
 * Numeric codes named by strings. Decoding an unknown code is `invalid`;
 * encoding an unknown name is a `tag` error.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { enumeration, u8 } from 'oxwire/combinators'
 * const unit = enumeration(u8, { celsius: 0, percent: 1 })
 * assert.deepEqual(decode(unit, Uint8Array.of(1)), right('percent'))
 * const unknown = decode(unit, Uint8Array.of(9))
 * assert.ok(unknown._tag === 'Left' && unknown.left.kind === 'invalid')
 * assert.deepEqual(encode(unit, 'celsius'), right(Uint8Array.of(0)))
 * ```
 * @category Structure
 */
export function enumeration<const M extends Record<string, number>>(code: Codec<number>, codes: M): Codec<keyof M & string> {
  requireCodec('enumeration', 'code', code)
  const names = new Map<number, string>()
  const copy: Record<string, number> = {}
  for (const [name, value] of ownEntries('enumeration', 'codes', codes)) {
    requireValueOf('enumeration', `code of ${JSON.stringify(name)}`, code.node, value)
    if (names.has(value as number)) throw new RangeError(`enumeration: code ${value} is named twice`)
    names.set(value as number, name)
    Object.defineProperty(copy, name, { value, enumerable: true })
  }
  return codec({ tag: 'enum', inner: code, codes: copy, names })
}
