import { codec, type Codec } from '../src/grammar/codec.js'

/**
 * Numeric codes named by strings. Decoding an unknown code is `invalid`;
 * encoding an unknown name is a `tag` error.
 * @example
 * ```ts
 * const unit = enumeration(u8, { celsius: 0, percent: 1 })
 * decode(unit, Uint8Array.of(1)) // right('percent')
 * decode(unit, Uint8Array.of(9)) // left({ kind: 'invalid', ... })
 * ```
 * @category Structure
 */
export function enumeration<const M extends Record<string, number>>(code: Codec<number>, codes: M): Codec<keyof M & string> {
  const names = new Map<number, string>()
  for (const [name, value] of Object.entries(codes)) {
    if (names.has(value)) throw new RangeError(`enumeration: code ${value} is named twice`)
    names.set(value, name)
  }
  return codec({ tag: 'enum', inner: code, codes, names })
}
