// Text in every encoding and every form (length-prefixed, sized,
// zero-terminated, padded), terminated and padded bytes.
import { describe, expect, it } from 'vitest'
import { bytes, rest, varBytes } from '../../combinators/bytes.js'
import { u8 } from '../../combinators/numbers.js'
import { struct } from '../../combinators/struct.js'
import { sized } from '../../combinators/sized.js'
import { fixedString, padded, stringz, terminated, text, type TextEncoding } from '../../combinators/text.js'
import { assertDecodeFails, assertEncodeFails, assertRoundTrip, checkRoundTrip } from '../../src/testing/index.js'

const ENCODINGS: readonly TextEncoding[] = ['utf8', 'latin1', 'ascii', 'utf16le', 'utf16be']

describe('text encodings', () => {
  it('latin1 maps every byte to the code point of the same number (not windows-1252)', () => {
    assertRoundTrip(text(bytes(4), 'latin1'), 'ca\u0080\u00ff', '63 61 80 ff')
    assertRoundTrip(text(varBytes(u8), 'latin1'), 'café', '04 63 61 66 e9')
    assertEncodeFails(text(varBytes(u8), 'latin1'), '€', 'invalid')
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    assertRoundTrip(text(rest, 'latin1'), String.fromCharCode(...all), all)
  })
  it('ascii refuses bytes above 0x7f with the offending offset, and characters above U+007F', () => {
    assertRoundTrip(text(varBytes(u8), 'ascii'), 'ok', '02 6f 6b')
    const error = assertDecodeFails(text(varBytes(u8), 'ascii'), '03 61 62 e9', { kind: 'invalid', offset: 3 })
    expect(error.message).toContain('0xe9')
    assertDecodeFails(struct({ a: u8, s: text(bytes(2), 'ascii') }), '01 80 61', { kind: 'invalid', offset: 1, path: ['s'] })
    assertEncodeFails(text(varBytes(u8), 'ascii'), 'é', 'invalid')
  })
  it('utf16le and utf16be in their byte order, astral characters as surrogate pairs, a BOM kept', () => {
    assertRoundTrip(text(varBytes(u8), 'utf16le'), 'hé', '04 68 00 e9 00')
    assertRoundTrip(text(varBytes(u8), 'utf16be'), 'hé', '04 00 68 00 e9')
    assertRoundTrip(text(rest, 'utf16be'), '😀', 'd8 3d de 00')
    assertRoundTrip(text(rest, 'utf16le'), '\ufeffa', 'ff fe 61 00')
  })
  it('utf16 refuses an odd byte count and a lone surrogate, at the offset of the bad unit', () => {
    assertDecodeFails(text(varBytes(u8), 'utf16le'), '03 61 00 62', { kind: 'invalid', offset: 3 })
    assertDecodeFails(text(varBytes(u8), 'utf16be'), '04 00 61 d8 00', { kind: 'invalid', offset: 3 })
    assertDecodeFails(text(varBytes(u8), 'utf16le'), '06 61 00 00 dc 62 00', { kind: 'invalid', offset: 3 })
    assertEncodeFails(text(rest, 'utf16le'), 'a\ud800', 'invalid')
    assertEncodeFails(text(rest, 'utf16be'), 7, 'type')
  })
  it('text(b) and text(b, "utf8") are utf8(b)', () => {
    expect(text(rest).node.tag).toBe('utf8')
    expect(text(rest, 'utf8').node.tag).toBe('utf8')
  })
  it('refuses unknown encodings and units that do not fit the encoding when the grammar is built', () => {
    expect(() => text(rest, 'ebcdic' as never)).toThrow(RangeError)
    expect(() => text(rest, 8 as never)).toThrow(TypeError)
    expect(() => text(terminated(0), 'utf16le')).toThrow(/code units are 2/)
    expect(() => text(padded(4, Uint8Array.of(0, 0)), 'latin1')).toThrow(RangeError)
    expect(() => text(42 as never)).toThrow(TypeError)
  })
})

describe('terminated', () => {
  it('reads up to the terminator, consumes it and leaves it out of the value', () => {
    assertRoundTrip(struct({ a: terminated(), b: u8 }), { a: Uint8Array.of(1, 2), b: 3 }, '01 02 00 03')
    assertRoundTrip(terminated(0x0a), new Uint8Array(0), '0a')
  })
  it('matches a two-byte terminator only at an even distance from the start', () => {
    assertRoundTrip(terminated(Uint8Array.of(0, 0)), Uint8Array.of(0x41, 0, 0, 0x42), '41 00 00 42 00 00')
  })
  it('is incomplete when the input ends first, and says how many bytes at least', () => {
    const error = assertDecodeFails(terminated(), '61 62', { kind: 'incomplete', offset: 0 })
    expect(error.kind === 'incomplete' && error.needed).toBe(1)
    const wide = assertDecodeFails(terminated(Uint8Array.of(0, 0)), '61 00 62', { kind: 'incomplete', offset: 0 })
    expect(wide.kind === 'incomplete' && wide.needed).toBe(1)
  })
  it('is invalid when its enclosing region ends first', () => {
    const error = assertDecodeFails(sized(2, terminated()), '61 62 00', { kind: 'invalid', offset: 0 }, { prefix: true })
    expect(error.message).toContain('region ends at offset 2')
  })
  it('cannot encode a value that holds its terminator, or odd bytes for a two-byte one', () => {
    assertEncodeFails(terminated(), Uint8Array.of(1, 0, 2), 'invalid')
    assertEncodeFails(terminated(Uint8Array.of(0, 0)), Uint8Array.of(1), 'length')
    assertEncodeFails(terminated(), 'x', 'type')
  })
  it('refuses a terminator that is not one byte or a code unit', () => {
    expect(() => terminated(256)).toThrow(RangeError)
    expect(() => terminated(Uint8Array.of(1, 2, 3))).toThrow(RangeError)
    expect(() => terminated('x' as never)).toThrow(TypeError)
  })
})

describe('padded', () => {
  it('trims trailing pad on decode and pads on encode', () => {
    assertRoundTrip(padded(4), Uint8Array.of(1, 2), '01 02 00 00')
    assertRoundTrip(padded(3, 0x20), Uint8Array.of(0x20, 1, 2), '20 01 02')
    assertRoundTrip(padded(2), new Uint8Array(0), '00 00')
  })
  it('trims a two-byte pad only as a whole unit', () => {
    assertRoundTrip(padded(6, Uint8Array.of(0, 0)), Uint8Array.of(0x41, 0), '41 00 00 00 00 00')
  })
  it('makes a value longer than the field, or ending in the pad, an encode error', () => {
    assertEncodeFails(padded(2), Uint8Array.of(1, 2, 3), 'length')
    assertEncodeFails(padded(4), Uint8Array.of(1, 0), 'invalid')
    assertEncodeFails(padded(4, Uint8Array.of(0, 0)), Uint8Array.of(1), 'length')
    assertEncodeFails(padded(4), [1], 'type')
  })
  it('is incomplete when the input is shorter than the field', () => {
    assertDecodeFails(padded(4), '01 02', { kind: 'incomplete', offset: 0 })
  })
  it('refuses bad widths and pads', () => {
    expect(() => padded(-1)).toThrow(RangeError)
    expect(() => padded(3, Uint8Array.of(0, 0))).toThrow(/whole number/)
    expect(() => padded(1.5)).toThrow(RangeError)
  })
})

describe('every string form in every encoding', () => {
  it('stringz ends at the zero code unit', () => {
    assertRoundTrip(stringz('latin1'), 'ñ', 'f1 00')
    assertRoundTrip(stringz(), 'é', 'c3 a9 00')
    assertRoundTrip(stringz('utf16le'), 'A', '41 00 00 00')
    assertRoundTrip(stringz('utf16be'), '\u0100', '01 00 00 00')
    assertDecodeFails(stringz('ascii'), '61 62', { kind: 'incomplete', offset: 0 })
    assertEncodeFails(stringz('latin1'), 'a\u0000b', 'invalid')
    expect(() => stringz('x' as never)).toThrow(RangeError)
  })
  it('fixedString pads with the encoding code unit and refuses a too-long value', () => {
    assertRoundTrip(fixedString(6, 'utf16be'), 'A', '00 41 00 00 00 00')
    assertRoundTrip(fixedString(4, 'ascii', 0x20), 'ab', '61 62 20 20')
    assertRoundTrip(fixedString(4, 'utf16le', 0x20), 'b', '62 00 20 00')
    assertRoundTrip(fixedString(3), 'é', 'c3 a9 00')
    assertEncodeFails(fixedString(2, 'latin1'), 'abc', 'length')
    expect(() => fixedString(3, 'utf16le')).toThrow(RangeError)
    expect(() => fixedString(3, 'ascii', 300)).toThrow(RangeError)
  })
  for (const encoding of ENCODINGS) {
    it(`${encoding}: derived values round-trip in every form`, () => {
      const unit = encoding.startsWith('utf16') ? 2 : 1
      checkRoundTrip(struct({
        prefixed: text(varBytes(u8), encoding),
        sized: text(bytes(4 * unit), encoding),
        zero: stringz(encoding),
        padded: fixedString(6 * unit, encoding),
        spaced: fixedString(4 * unit, encoding, 0x20),
        tail: text(rest, encoding),
      }), { numRuns: 60 })
    })
  }
})
