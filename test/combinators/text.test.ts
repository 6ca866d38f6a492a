import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { bytes, rest, varBytes } from '../../combinators/bytes.js'
import { u8 } from '../../combinators/numbers.js'
import { utf8 } from '../../combinators/text.js'
import { decode } from '../../src/api.js'
import { assertDecodeFails, assertEncodeFails, assertRoundTrip, checkGrammar, fromHex } from '../../src/testing/index.js'

describe('utf8', () => {
  const label = utf8(varBytes(u8))
  it('round-trips ASCII, multi-byte text, astral characters and the empty string', () => {
    assertRoundTrip(label, '', '00')
    assertRoundTrip(label, 'hi', '02 68 69')
    assertRoundTrip(label, 'héllo', '06 68 c3 a9 6c 6c 6f')
    assertRoundTrip(label, '€', '03 e2 82 ac')
    assertRoundTrip(label, '😀', '04 f0 9f 98 80')
    assertRoundTrip(label, 'a'.repeat(40)) // past the short-ASCII fast path
    assertRoundTrip(label, 'é'.repeat(40))
  })
  it('keeps a leading byte order mark as text, so it re-encodes', () => {
    assertRoundTrip(label, '\ufeffx', '04 ef bb bf 78')
  })
  it('rejects invalid UTF-8 as invalid at the text field, never U+FFFD', () => {
    for (const bad of ['01 ff', '01 80', '02 c3 28', '03 ed a0 80' /* encoded surrogate */, '02 c0 af' /* overlong */, '01 c3']) {
      const error = assertDecodeFails(label, bad, { kind: 'invalid', offset: 0 })
      expect(error.message).toContain('UTF-8')
    }
    assertDecodeFails(utf8(rest), 'f0 9f 98', { kind: 'invalid', offset: 0 })
  })
  it('cannot encode a lone surrogate, which would not decode back', () => {
    assertEncodeFails(label, 'a\ud800b', 'invalid')
    assertEncodeFails(label, '\udc00', 'invalid')
    assertEncodeFails(label, 42, 'type')
  })
  it('fails encode with length when the text is too long for its prefix', () => {
    assertEncodeFails(label, 'x'.repeat(256), 'length')
    assertEncodeFails(utf8(bytes(2)), 'abc', 'length')
  })
  it('decodes text from the input', () => {
    expect(decode(utf8(rest), fromHex('6f 6b'))).toEqual(E.right('ok'))
  })
  it('keeps the laws', () => {
    checkGrammar(label, { values: fc.string({ unit: 'binary', maxLength: 60 }).filter((s) => new TextEncoder().encode(s).length <= 255) })
    checkGrammar(utf8(rest), { values: fc.string({ unit: 'grapheme', maxLength: 20 }) })
  })
})
