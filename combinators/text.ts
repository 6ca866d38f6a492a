import { codec, type Codec } from '../src/grammar/codec.js'
import type { Node, TextEncodingNotUtf8 } from '../src/grammar/node.js'
import { requireCodec, requireInteger } from './validate.js'

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

/**
 * A text encoding: `utf8`; `latin1` (ISO-8859-1: every byte is the code
 * point of the same number); `ascii` (bytes above 0x7f are a decode
 * error); `utf16le`, `utf16be` (code units in that byte order, no BOM
 * added or removed).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { stringz, type TextEncoding } from 'oxwire/combinators'
 * const encoding: TextEncoding = 'latin1'
 * assert.deepEqual(decode(stringz(encoding), Uint8Array.of(0xe9, 0)), { _tag: 'Right', right: 'é' })
 * ```
 * @category Bytes
 */
export type TextEncoding = 'utf8' | TextEncodingNotUtf8

const ENCODINGS: readonly string[] = ['utf8', 'latin1', 'ascii', 'utf16le', 'utf16be']

function requireEncoding(combinator: string, encoding: unknown): asserts encoding is TextEncoding {
  if (typeof encoding !== 'string') throw new TypeError(`${combinator}: encoding must be a string (got ${typeof encoding})`)
  if (!ENCODINGS.includes(encoding)) throw new RangeError(`${combinator}: encoding must be one of ${ENCODINGS.join(', ')} (got ${JSON.stringify(encoding)})`)
}

/** Bytes per code unit of an encoding, for terminators and pads. */
const unitOf = (encoding: TextEncoding): 1 | 2 => (encoding === 'utf16le' || encoding === 'utf16be' ? 2 : 1)

// The terminator or pad unit of a byte grammar made by `terminated` or `padded`.
function unitIn(node: Node): number | undefined {
  if (node.tag === 'terminated') return node.terminator.length
  if (node.tag === 'padded') return node.pad.length
  return undefined
}

/**
 * Text in `encoding` over any grammar of bytes: a length prefix
 * (`varBytes(u8)`), a fixed or computed size (`bytes(8)`,
 * `bytes(ref('n'))`), a terminator ({@link terminated}) or a padded field
 * ({@link padded}); the forms of Kaitai Struct's `str`. Bytes the encoding
 * cannot hold are an `invalid` decode error at the offending byte's offset
 * (an ASCII byte above 0x7f, odd-length or lone-surrogate UTF-16, invalid
 * UTF-8); a string it cannot hold is an `invalid` encode error. Decoding
 * never substitutes U+FFFD and keeps a BOM as text, so text round-trips
 * exactly. `text(b)` is `utf8(b)`.
 *
 * @throws RangeError for an unknown encoding, or a terminator or pad whose
 *   width is not the encoding's code unit (one byte, two for UTF-16).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { bytes, text, u8, varBytes } from 'oxwire/combinators'
 * const name = text(varBytes(u8), 'latin1')
 * assert.deepEqual(encode(name, 'café'), { _tag: 'Right', right: Uint8Array.of(4, 0x63, 0x61, 0x66, 0xe9) })
 * assert.deepEqual(decode(text(bytes(4), 'utf16be'), Uint8Array.of(0, 0x68, 0, 0x69)), { _tag: 'Right', right: 'hi' })
 * const bad = decode(text(bytes(3), 'ascii'), Uint8Array.of(0x61, 0x62, 0xe9))
 * assert.equal(bad._tag === 'Left' && bad.left.offset, 2)
 * ```
 * @category Bytes
 */
export function text(bytes: Codec<Uint8Array>, encoding: TextEncoding = 'utf8'): Codec<string> {
  requireCodec('text', 'bytes', bytes)
  requireEncoding('text', encoding)
  const unit = unitIn(bytes.node)
  if (unit !== undefined && unit !== unitOf(encoding)) {
    throw new RangeError(`text: a ${unit}-byte terminator or pad does not fit ${encoding}, whose code units are ${unitOf(encoding)} byte(s); use stringz or fixedString`)
  }
  if (encoding === 'utf8') return utf8(bytes)
  return codec({ tag: 'text', encoding, inner: bytes })
}

function unitBytes(combinator: string, argument: string, value: unknown): Uint8Array {
  if (value instanceof Uint8Array) {
    if (value.length !== 1 && value.length !== 2) throw new RangeError(`${combinator}: ${argument} must be one or two bytes (got ${value.length})`)
    return value.slice()
  }
  requireInteger(combinator, argument, value, 0, 255)
  return Uint8Array.of(value)
}

/**
 * Bytes up to a terminator, which is consumed on decode and written on
 * encode but is not part of the value (Kaitai's `terminator`, C's
 * zero-terminated strings). The terminator is one byte, or two bytes for
 * a UTF-16 code unit, matched only at an even distance from the start. A
 * missing terminator is `incomplete` when the input ended and `invalid`
 * when the enclosing region did; a value that holds the terminator is an
 * encode error.
 *
 * @throws RangeError when the terminator is not a byte or one or two bytes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { struct, terminated, u8 } from 'oxwire/combinators'
 * const line = struct({ name: terminated(0x0a), flags: u8 })
 * assert.deepEqual(decode(line, Uint8Array.of(0x61, 0x62, 0x0a, 7)), { _tag: 'Right', right: { name: Uint8Array.of(0x61, 0x62), flags: 7 } })
 * assert.deepEqual(encode(terminated(), Uint8Array.of(1, 2)), { _tag: 'Right', right: Uint8Array.of(1, 2, 0) })
 * const cut = decode(terminated(), Uint8Array.of(1, 2))
 * assert.equal(cut._tag === 'Left' && cut.left.kind, 'incomplete')
 * ```
 * @category Bytes
 */
export function terminated(terminator: number | Uint8Array = 0): Codec<Uint8Array> {
  return codec({ tag: 'terminated', terminator: unitBytes('terminated', 'terminator', terminator) })
}

/**
 * Bytes in a field of `width` bytes filled up with `pad` (Kaitai's
 * `pad-right`): trailing pad bytes are trimmed on decode and added on
 * encode. A value longer than the field, or ending in the pad (which
 * decoding would trim), is an encode error. A two-byte pad is a UTF-16
 * code unit, trimmed only as a whole unit.
 *
 * @throws RangeError when `width` is not a non-negative integer (a
 *   multiple of the pad's length) or the pad is not one or two bytes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { padded } from 'oxwire/combinators'
 * assert.deepEqual(decode(padded(4), Uint8Array.of(7, 8, 0, 0)), { _tag: 'Right', right: Uint8Array.of(7, 8) })
 * assert.deepEqual(encode(padded(4, 0x20), Uint8Array.of(7)), { _tag: 'Right', right: Uint8Array.of(7, 0x20, 0x20, 0x20) })
 * assert.equal(encode(padded(2), Uint8Array.of(1, 2, 3))._tag, 'Left')
 * ```
 * @category Bytes
 */
export function padded(width: number, pad: number | Uint8Array = 0): Codec<Uint8Array> {
  const unit = unitBytes('padded', 'pad', pad)
  requireInteger('padded', 'width', width)
  if (width % unit.length !== 0) throw new RangeError(`padded: width ${width} is not a whole number of ${unit.length}-byte pad units`)
  return codec({ tag: 'padded', width, pad: unit })
}

/**
 * A zero-terminated string in `encoding` (Kaitai's `strz`): the zero code
 * unit (one byte, two for UTF-16) ends it and is consumed.
 *
 * @throws RangeError for an unknown encoding.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { stringz, struct, u8 } from 'oxwire/combinators'
 * const entry = struct({ name: stringz('latin1'), mode: u8 })
 * assert.deepEqual(encode(entry, { name: 'ñ', mode: 1 }), { _tag: 'Right', right: Uint8Array.of(0xf1, 0, 1) })
 * assert.deepEqual(decode(stringz('utf16le'), Uint8Array.of(0x41, 0, 0, 0)), { _tag: 'Right', right: 'A' })
 * ```
 * @category Bytes
 */
export function stringz(encoding: TextEncoding = 'utf8'): Codec<string> {
  requireEncoding('stringz', encoding)
  return text(terminated(new Uint8Array(unitOf(encoding))), encoding)
}

/**
 * A string in a field of `width` bytes, padded with `pad` (zero by
 * default; one code unit of `encoding`): `text(padded(width, pad), encoding)`
 * with the pad as wide as the encoding's code unit.
 *
 * @throws RangeError for an unknown encoding, or a width that is not a
 *   whole number of code units.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { fixedString } from 'oxwire/combinators'
 * assert.deepEqual(encode(fixedString(6, 'ascii', 0x20), 'ok'), { _tag: 'Right', right: Uint8Array.of(0x6f, 0x6b, 0x20, 0x20, 0x20, 0x20) })
 * assert.deepEqual(decode(fixedString(4, 'utf16be'), Uint8Array.of(0, 0x41, 0, 0)), { _tag: 'Right', right: 'A' })
 * assert.equal(encode(fixedString(2, 'ascii'), 'long')._tag, 'Left')
 * ```
 * @category Bytes
 */
export function fixedString(width: number, encoding: TextEncoding = 'utf8', pad = 0): Codec<string> {
  requireEncoding('fixedString', encoding)
  requireInteger('fixedString', 'pad', pad, 0, 255)
  const unit = unitOf(encoding) === 2 ? (encoding === 'utf16le' ? Uint8Array.of(pad, 0) : Uint8Array.of(0, pad)) : Uint8Array.of(pad)
  return text(padded(width, unit), encoding)
}
