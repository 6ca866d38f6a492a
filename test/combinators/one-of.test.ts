import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { bitConstant, bits, flag } from '../../combinators/bits.js'
import { constant } from '../../combinators/constant.js'
import { marker } from '../../combinators/marker.js'
import { enumeration } from '../../combinators/enumeration.js'
import { u16be, u8 } from '../../combinators/numbers.js'
import { named, oneOf } from '../../combinators/one-of.js'
import { sized } from '../../combinators/sized.js'
import { struct } from '../../combinators/struct.js'
import { decode, decodePrefix } from '../../src/api.js'
import { sizeBounds } from '../../src/index.js'
import { assertDecodeFails, assertEncodeFails, assertRoundTrip, checkGrammar, fromHex } from '../../src/testing/index.js'

// A: magic 5A A5 (marker), then a code that must be known. B: sync B5 and a
// version nibble 2 (marker bits), then a reserved bit and a flag.
const a = named('a', struct({ magic: marker(constant(u16be, 0x5aa5)), code: enumeration(u8, { one: 1, two: 2 }) }))
const b = named('b', struct({
  sync: marker(constant(u8, 0xb5)),
  head: bits({ version: bitConstant(4, 2, { marker: true }), reserved: bitConstant(3, 0), on: flag }),
  n: u8,
}))
const either = oneOf(a, b)

describe('oneOf', () => {
  it('says which alternative matched, with its value', () => {
    assertRoundTrip(either, { protocol: 'a', value: { code: 'two' } }, '5a a5 02')
    assertRoundTrip(either, { protocol: 'b', value: { head: { on: true }, n: 7 } }, 'b5 21 07')
  })

  it('tries the next alternative on a mismatch before the marker', () => {
    const error = assertDecodeFails(either, '00 00 00', { kind: 'no-match', offset: 0, path: [] })
    if (error.kind !== 'no-match') throw new Error('unreachable')
    expect(error.alternatives.map((alt) => alt.name)).toEqual(['a', 'b'])
    expect(error.alternatives.map((alt) => alt.error.kind)).toEqual(['invalid', 'invalid'])
    expect(error.alternatives[0]?.error.path).toEqual(['magic'])
    expect(error.message).toContain('a:')
  })

  it('counts a failure inside a marker as a mismatch, even after part of it matched', () => {
    // 5A matches A's first magic byte; 00 does not: not A. B5 21 ... is B.
    assertDecodeFails(either, '5a 00 02', { kind: 'no-match' })
    // B's sync matched, but its version nibble (a marker bit) did not: not B either.
    const error = assertDecodeFails(either, 'b5 31 07', { kind: 'no-match' })
    expect(error.kind === 'no-match' && error.alternatives[1]?.error.path).toEqual(['head', 'version'])
  })

  it('returns a committed alternative\'s own error once its marker matched', () => {
    assertDecodeFails(either, '5a a5 09', { kind: 'invalid', offset: 2, path: ['code'] })
    // A non-marker bit after B's marker bits: committed too.
    assertDecodeFails(either, 'b5 23 07', { kind: 'invalid', offset: 1, path: ['head', 'reserved'] })
  })

  it('is incomplete when nothing matched and an alternative ran out of input', () => {
    assertDecodeFails(either, '', { kind: 'incomplete', offset: 0, needed: 1 })
    assertDecodeFails(either, '5a', { kind: 'incomplete', offset: 0, needed: 1 })
    // Past B's sync byte, B is committed: its own incomplete error, at the bits.
    assertDecodeFails(either, 'b5', { kind: 'incomplete', offset: 1, path: ['head'], needed: 1 })
    assertDecodeFails(either, '5a a5', { kind: 'incomplete' })
  })

  it('gives the no-match error at the oneOf\'s own offset and path, with no incomplete when all mismatch', () => {
    const framed = struct({ len: u8, body: either })
    assertDecodeFails(framed, '03 00 00 00', { kind: 'no-match', offset: 1, path: ['body'] })
  })

  it('is invalid, not incomplete, when alternatives run out of their region', () => {
    assertDecodeFails(sized(1, either), '5a', { kind: 'no-match', offset: 0 })
  })

  it('restores the enclosing commitment after a nested oneOf', () => {
    const inner = oneOf(named('x', struct({ m: marker(constant(u8, 1)), v: u8 })), named('y', struct({ m: marker(constant(u8, 2)) })))
    const outer = oneOf(
      named('p', struct({ m: marker(constant(u8, 0xaa)), body: inner, tail: constant(u8, 0xff) })),
      named('q', struct({ any: u8, more: u8, rest: u8 })),
    )
    assertRoundTrip(outer, { protocol: 'p', value: { body: { protocol: 'x', value: { v: 5 } } } }, 'aa 01 05 ff')
    // p's marker matched, its nested oneOf matched nothing: p's own error, q is not tried.
    assertDecodeFails(outer, 'aa 09 00', { kind: 'no-match', offset: 1, path: ['body'] })
    // After the nested oneOf succeeded, p is still committed: its tail error stands.
    assertDecodeFails(outer, 'aa 02 00', { kind: 'invalid', offset: 2, path: ['tail'] })
    // Without p's marker, q is tried.
    assertRoundTrip(outer, { protocol: 'q', value: { any: 0xab, more: 2, rest: 0 } }, 'ab 02 00')
  })

  it('tries every alternative when none has a marker', () => {
    const plain = oneOf(named('two', struct({ x: constant(u8, 2), y: u8 })), named('any', u8))
    expect(decode(plain, fromHex('07'))).toEqual(E.right({ protocol: 'any', value: 7 }))
    expect(decodePrefix(plain, fromHex('02 01'))).toEqual(E.right({ value: { protocol: 'two', value: { y: 1 } }, bytesRead: 2 }))
  })

  it('encodes by the alternative named in the value', () => {
    assertEncodeFails(either, { protocol: 'c', value: {} }, 'tag')
    assertEncodeFails(either, 5, 'tag')
    assertEncodeFails(either, { protocol: 'a', value: { code: 'three' } }, 'tag', ['code'])
  })

  it('refuses no alternatives or duplicate names', () => {
    expect(() => oneOf()).toThrow(RangeError)
    expect(() => oneOf(a, named('a', u8))).toThrow(RangeError)
  })

  it('takes size bounds over its alternatives', () => {
    expect(sizeBounds(either)).toEqual({ min: 3, max: 3 })
    expect(sizeBounds(oneOf(named('one', u8), named('two', u16be)))).toEqual({ min: 1, max: 2 })
  })

  it('keeps the laws', () => {
    checkGrammar(either, { values: fc.oneof(
      fc.record({ protocol: fc.constant('a' as const), value: fc.record({ code: fc.constantFrom('one' as const, 'two' as const) }) }),
      fc.record({ protocol: fc.constant('b' as const), value: fc.record({ head: fc.record({ on: fc.boolean() }), n: fc.integer({ min: 0, max: 255 }) }) }),
    ) })
  })
})
