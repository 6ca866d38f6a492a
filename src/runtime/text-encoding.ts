// Text encodings beside UTF-8: bytes to string and back, exactly, with the
// offset of the first byte (or index of the first character) that does not
// fit. Shared by the interpreter, the compiled decoders and `arbitrary`.

/**
 * The text encodings beside UTF-8 (which has its own node kind, `Utf8Node`).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { TextEncodingNotUtf8 } from 'oxwire'
 * import { text, rest } from 'oxwire/combinators'
 * const encoding: TextEncodingNotUtf8 = 'utf16be'
 * const { node } = text(rest, encoding)
 * assert.ok(node.tag === 'text' && node.encoding === 'utf16be')
 * ```
 * @category Grammar nodes
 */
export type TextEncodingNotUtf8 = 'latin1' | 'ascii' | 'utf16le' | 'utf16be'

/** A decoded string, or the offset (within the bytes) of the first bad byte and why. */
export type TextDecoded = string | { readonly at: number; readonly message: string }

// Fatal: a lone surrogate is an error, not U+FFFD. ignoreBOM: a leading BOM
// is content, so that the text re-encodes to the same bytes.
const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true })

/** Decodes `bytes` in `encoding`; never throws. */
export function decodeText(encoding: TextEncodingNotUtf8, bytes: Uint8Array): TextDecoded {
  switch (encoding) {
    case 'latin1':
      return latin1(bytes)
    case 'ascii': {
      for (let i = 0; i < bytes.length; i++) {
        if ((bytes[i] as number) > 0x7f) return { at: i, message: `byte 0x${(bytes[i] as number).toString(16)} is not ASCII` }
      }
      return latin1(bytes)
    }
    case 'utf16le':
    case 'utf16be':
      return utf16(bytes, encoding === 'utf16be')
  }
}

// ISO-8859-1 by hand: every byte is the code point of the same number.
// TextDecoder('latin1') is not that: the WHATWG Encoding standard makes
// the label 'latin1' mean windows-1252, which maps 0x80..0x9f to other
// characters (0x80 is '€'), so text would not round-trip. Buffer's
// 'latin1' is right but Node-only; this works in any runtime.
function latin1(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 4096) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[])
  }
  return out
}

function utf16(bytes: Uint8Array, bigEndian: boolean): TextDecoded {
  if (bytes.length % 2 !== 0) return { at: bytes.length - 1, message: `UTF-16 text of ${bytes.length} byte(s), an odd count` }
  // Node's TextDecoder has no 'utf-16be': swap the bytes of each unit.
  const units = bigEndian ? swapped(bytes) : bytes
  try {
    return utf16le.decode(units)
  } catch {
    return { at: loneSurrogate(units), message: 'UTF-16 text has a lone surrogate' }
  }
}

function swapped(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length)
  for (let i = 0; i < bytes.length; i += 2) {
    out[i] = bytes[i + 1] as number
    out[i + 1] = bytes[i] as number
  }
  return out
}

// The byte offset of the first unpaired surrogate of little-endian units.
function loneSurrogate(units: Uint8Array): number {
  for (let i = 0; i < units.length; i += 2) {
    const u = (units[i] as number) | ((units[i + 1] as number) << 8)
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = i + 3 < units.length ? (units[i + 2] as number) | ((units[i + 3] as number) << 8) : 0
      if (next >= 0xdc00 && next <= 0xdfff) {
        i += 2
        continue
      }
      return i
    }
    if (u >= 0xdc00 && u <= 0xdfff) return i
  }
  return 0
}

/** The encoded bytes, or the index of the first character that `encoding` cannot hold and why. */
export function encodeText(encoding: TextEncodingNotUtf8, text: string): Uint8Array | { readonly at: number; readonly message: string } {
  switch (encoding) {
    case 'latin1':
    case 'ascii': {
      const top = encoding === 'latin1' ? 0xff : 0x7f
      const out = new Uint8Array(text.length)
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i)
        if (c > top) return { at: i, message: `character U+${c.toString(16).padStart(4, '0')} at index ${i} is not ${encoding === 'latin1' ? 'Latin-1' : 'ASCII'}` }
        out[i] = c
      }
      return out
    }
    case 'utf16le':
    case 'utf16be': {
      // A lone surrogate would encode but not decode back.
      if (!text.isWellFormed()) return { at: 0, message: 'string has a lone surrogate, not valid Unicode' }
      const out = new Uint8Array(text.length * 2)
      const [hi, lo] = encoding === 'utf16be' ? [0, 1] : [1, 0]
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i)
        out[2 * i + hi] = c >>> 8
        out[2 * i + lo] = c & 0xff
      }
      return out
    }
  }
}
