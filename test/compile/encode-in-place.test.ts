import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { imap, many, rest, sized, struct, u16be, u8, uleb128, utf8, varBytes } from '../../combinators/index.js'
import { buildDecoder, compile } from '../../src/compile/compile.js'
import { generatedFunctionCount } from '../../src/compile/emitter.js'
import { DecodeState } from '../../src/runtime/decode-state.js'
import { writeUtf8 } from '../../src/compile/runtime.js'
import { encodesAlike, fastPathEncodes } from './agree.js'

// Any UTF-16 code unit, lone surrogates included: the generated encoder
// writes text itself and must refuse exactly what the interpreter refuses.
const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 })
const anyText = fc.oneof(codeUnits, fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }))

describe('text written in place by generated encoders', () => {
  it('writes the UTF-8 that TextEncoder makes, and refuses lone surrogates', () => {
    fc.assert(
      fc.property(anyText, fc.nat(8), (text, at) => {
        const out = new Uint8Array(at + 3 * text.length)
        const end = writeUtf8(text, out, at)
        if (!text.isWellFormed()) expect(end).toBe(-1)
        else expect(out.subarray(at, end)).toStrictEqual(new TextEncoder().encode(text))
      }),
      { numRuns: 500 },
    )
  })

  // Text as the rest of a varint-prefixed region, nested in another: the
  // prefix takes 1 to 3 bytes, so the region stays put or moves.
  const label = sized(uleb128(4), struct({ text: utf8(rest) }))
  const record = struct({ id: u8, labels: sized(uleb128(4), many(label)), tail: utf8(sized(u16be, rest)) })
  const fast = compile(record)
  const long = (n: number) => fc.string({ unit: 'grapheme', minLength: n, maxLength: n })

  it('agrees with the interpreter on short, long and malformed text', () => {
    const value = fc.record({
      id: fc.integer({ min: 0, max: 255 }),
      labels: fc.array(fc.record({ text: fc.oneof(anyText, long(70), long(200)) }), { maxLength: 4 }),
      tail: anyText,
    })
    fc.assert(fc.property(value, (v) => encodesAlike(record, fast, v)), { numRuns: 60 })
  })

  it('moves a region only when its prefix is longer than one byte', () => {
    const text = 'é'.repeat(100) // 200 bytes: a two-byte prefix
    const expected = Uint8Array.of(3, 0xca, 0x01, 0xc8, 0x01, ...new TextEncoder().encode(text), 0, 1, 0x41)
    fastPathEncodes(record, { id: 3, labels: [{ text }], tail: 'A' }, expected)
    fastPathEncodes(struct({ a: varBytes(uleb128(4)) }), { a: new Uint8Array(130).fill(9) }, Uint8Array.of(0x82, 0x01, ...new Uint8Array(130).fill(9)))
    // Three prefix bytes around text: 20000 bytes.
    const big = 'x'.repeat(20000)
    fastPathEncodes(label, { text: big }, Uint8Array.of(0xa0, 0x9c, 0x01, ...new TextEncoder().encode(big)))
  })
})

describe('generated functions shared by grammars of one structure', () => {
  it('makes one function for grammars that differ only in their constants', () => {
    // Fresh mapping functions: constants, not code.
    const family = (n: number) => imap(varBytes(uleb128(3)), (raw) => ({ n, raw }), (v: { raw: Uint8Array }) => v.raw)
    buildDecoder(family(0).node)
    const before = generatedFunctionCount()
    const decoders = [1, 2, 3].map((n) => buildDecoder(family(n).node))
    expect(generatedFunctionCount()).toBe(before)
    // Each keeps its own constants.
    expect(decoders.map((d) => (d(new DecodeState(Uint8Array.of(1, 7))) as { n: number }).n)).toEqual([1, 2, 3])
    // A different structure is a function of its own.
    buildDecoder(struct({ a: u8, b: u16be }).node)
    expect(generatedFunctionCount()).toBe(before + 1)
  })
})
