// The ready-made properties must be able to fail: each is shown failing on
// a grammar that breaks exactly the law it checks.
import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { custom, f32be, imap, many, named, oneOf, rest, struct, u16be, u8, varBytes } from '../../combinators/index.js'
import {
  checkGrammar, checkIncompleteOnTruncation, checkRejectsCorruption, checkRoundTrip, grammarProperties, override,
} from '../../src/testing/index.js'

const runs = { numRuns: 30, seed: 7 }

describe('properties that hold', () => {
  test('one line checks a grammar, and the named properties run under fc.assert', () => {
    const g = struct({ id: u16be, data: varBytes(u8) })
    checkGrammar(g, runs)
    const properties = grammarProperties(g)
    fc.assert(properties.roundTrip, runs)
    expect(properties.truncation).toBeDefined()
  })

  test('a grammar that ends with the input has no truncation property', () => {
    expect(grammarProperties(struct({ id: u8, data: rest })).truncation).toBeUndefined()
    expect(grammarProperties(many(u8)).truncation).toBeUndefined()
    expect(() => checkIncompleteOnTruncation(struct({ id: u8, data: rest }), runs)).toThrow(/ends with the input/)
    checkGrammar(struct({ id: u8, data: rest }), runs)
  })
})

describe('properties that fail when their law is broken', () => {
  test('round trip: a mapping that is not an inverse', () => {
    const lossy = imap(u8, (n) => n, (n) => n & 0x7f)
    expect(() => checkRoundTrip(lossy, runs)).toThrow(/decoded/)
  })

  test('round trip: a value that does not encode', () => {
    const broken = custom<number>({ name: 'never', size: { min: 1, max: 1 }, decode: () => 0, encode: (s) => s.fail('invalid', 'never encodes') })
    expect(() => checkRoundTrip(broken, { ...runs, overrides: [override(broken, fc.constant(1))] })).toThrow(/does not encode/)
  })

  test('round trip: bytes that do not decode', () => {
    const writeOnly = custom<number>({
      name: 'write-only', size: { min: 1, max: 1 },
      decode: (s) => (s.failInvalid('cannot read'), 0),
      encode: (s, v) => { s.reserve(1); s.bytes[s.pos++] = v },
    })
    expect(() => checkRoundTrip(writeOnly, { ...runs, overrides: [override(writeOnly, fc.constant(1))] })).toThrow(/does not decode/)
  })

  test('bytes round trip: a decoder that accepts a non-canonical form', () => {
    // Decodes any byte, but the value always encodes to one canonical byte.
    const loose = custom<number>({
      name: 'loose', size: { min: 1, max: 1 },
      decode: (s) => (s.has(1) ? (s.bytes[s.pos++] as number) & 1 : 0),
      encode: (s, v) => { s.reserve(1); s.bytes[s.pos++] = v },
    })
    expect(() => checkRejectsCorruption(loose, { ...runs, numRuns: 100, overrides: [override(loose, fc.constantFrom(0, 1))] })).toThrow(/does not encode back/)
  })

  test('corruption: a decoder that throws is reported, not hidden', () => {
    const throwing = custom<number>({
      name: 'throwing', size: { min: 1, max: 1 },
      decode: (s) => { if (!s.has(1)) return 0; const b = s.bytes[s.pos++] as number; if (b !== 1) s.failInvalid('not 1'); return b },
      encode: (s, v) => { s.reserve(1); s.bytes[s.pos++] = v },
    })
    // custom() turns throws into errors; a DecodeError of an unknown kind is "untyped".
    const oddKind = custom<number>({
      name: 'odd', size: { min: 1, max: 1 },
      decode: (s) => { if (!s.has(1)) return 0; const b = s.bytes[s.pos++] as number; if (b !== 1) s.fail({ kind: 'weird' } as never); return b },
      encode: (s, v) => { s.reserve(1); s.bytes[s.pos++] = v },
    })
    checkRejectsCorruption(throwing, { ...runs, overrides: [override(throwing, fc.constant(1))] })
    expect(() => checkRejectsCorruption(oddKind, { ...runs, numRuns: 100, overrides: [override(oddKind, fc.constant(1))] })).toThrow(/malformed decode error \(unknown kind weird\)/)
  })

  test('truncation: a prefix that is a valid value', () => {
    // Claims to end by itself but reads whatever is there.
    const greedy = custom<Uint8Array>({
      name: 'greedy', size: { min: 0, max: 4 },
      decode: (s) => { const v = s.bytes.slice(s.pos, s.limit); s.pos = s.limit; return v },
      encode: (s, v) => s.write(v),
    })
    expect(() => checkIncompleteOnTruncation(greedy, { ...runs, overrides: [override(greedy, fc.uint8Array({ minLength: 1, maxLength: 4 }))] })).toThrow(/not incomplete/)
  })

  test('length past the end: another alternative reads the lying frame', () => {
    // Without a marker, `raw` takes whatever `prefixed` gave up on.
    const either = oneOf(named('prefixed', varBytes(u8)), named('raw', rest))
    const properties = grammarProperties(either)
    expect(() => fc.assert(properties.lengthPastEnd, { ...runs, numRuns: 100, includeErrorInReport: true })).toThrow(/pointed past the end/)
  })
})

test('a damaged float that reads as NaN with other payload bits is accepted: same value, canonical bytes', () => {
  // 7f c0 00 01 is a NaN whose payload the encoder does not keep.
  const g = struct({ x: f32be })
  checkRejectsCorruption(g, { ...runs, numRuns: 300, overrides: [override(g, fc.constant({ x: Number.NaN }))] })
})
