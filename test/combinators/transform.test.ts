import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { u8, u16be, f64be, i64be, u64be } from '../../combinators/numbers.js'
import { imap, map, range, refine } from '../../combinators/transform.js'
import { sized } from '../../combinators/sized.js'
import { sizeBounds } from '../../src/index.js'
import { rest } from '../../combinators/bytes.js'
import { assertDecodeFails, assertEncodeFails, assertRoundTrip, checkGrammar } from '../../src/testing/index.js'

describe('imap / map', () => {
  const celsius = imap(u16be, (hundredths) => hundredths / 100, (c) => Math.round(c * 100))
  it('transforms both ways', () => {
    assertRoundTrip(celsius, 21.5, '08 66')
    expect(map).toBe(imap)
  })
  it('turns a throwing mapping into a typed error both ways', () => {
    const fussy = imap(u8, (n) => {
      if (n > 100) throw new Error('too hot')
      return n
    }, (n) => {
      if (n < 0) throw new Error('too cold')
      return n
    })
    const error = assertDecodeFails(fussy, 'ff', { kind: 'invalid', offset: 0 })
    expect(error.message).toContain('too hot')
    expect(assertEncodeFails(fussy, -1, 'invalid').message).toContain('too cold')
    // Whatever is thrown, even a value without a prototype, is described safely.
    const odd = imap(u8, () => {
      throw Object.create(null)
    }, (n: number) => n)
    assertDecodeFails(odd, '01', { kind: 'invalid', offset: 0 })
  })
  it('keeps the laws when the functions are inverses', () => {
    checkGrammar(imap(u8, (n) => String.fromCharCode(n), (c) => c.charCodeAt(0)), { values: fc.integer({ min: 0, max: 255 }).map((n) => String.fromCharCode(n)) })
  })
})

describe('refine', () => {
  const even = refine(u8, (n) => n % 2 === 0, 'must be even')
  it('checks the predicate both ways with its message', () => {
    assertRoundTrip(even, 4, '04')
    const error = assertDecodeFails(even, '03', { kind: 'invalid', offset: 0 })
    expect(error.message).toBe('must be even')
    expect(error.kind === 'invalid' && error.found).toBe('3')
    expect(assertEncodeFails(even, 3, 'invalid').message).toBe('must be even')
  })
  it('treats a throwing predicate as false', () => {
    const boom = refine(u8, () => {
      throw new Error('boom')
    }, 'never')
    assertDecodeFails(boom, '00', { kind: 'invalid', offset: 0 })
    assertEncodeFails(boom, 0, 'invalid')
  })
  it('keeps the laws', () => {
    checkGrammar(even, { values: fc.integer({ min: 0, max: 127 }).map((n) => n * 2) })
  })
})

describe('range', () => {
  const length = range(u16be, 0, 1024)
  it('accepts its bounds and refuses what is outside, both ways', () => {
    assertRoundTrip(length, 0, '00 00')
    assertRoundTrip(length, 1024, '04 00')
    const error = assertDecodeFails(length, '04 01', { kind: 'invalid', offset: 0 })
    expect(error.kind === 'invalid' && error.expected).toBe('0..1024')
    assertEncodeFails(length, 1025, 'range')
    assertEncodeFails(length, -1, 'range')
    assertEncodeFails(length, 5n, 'type')
  })
  it('works on bigints', () => {
    const big = range(u64be, 10n, 2n ** 64n - 1n)
    assertRoundTrip(big, 10n)
    assertRoundTrip(big, 2n ** 64n - 1n)
    assertDecodeFails(big, '00 00 00 00 00 00 00 09', { kind: 'invalid', offset: 0 })
    assertEncodeFails(big, 9n, 'range')
    assertEncodeFails(big, 10, 'type')
    assertRoundTrip(range(i64be, -(2n ** 63n), 0n), -(2n ** 63n))
  })
  it('refuses NaN on a float range both ways', () => {
    const unit = range(f64be, 0, 1)
    assertRoundTrip(unit, 0.5)
    assertEncodeFails(unit, Number.NaN, 'range')
    assertDecodeFails(unit, '7f f8 00 00 00 00 00 00', { kind: 'invalid', offset: 0 })
  })
  it('bounds a length prefix for size bounds', () => {
    expect(sizeBounds(sized(length, rest)).max).toBe(2 + 1024)
  })
  it('refuses min above max', () => {
    expect(() => range(u8, 5, 4)).toThrow(RangeError)
  })
  it('keeps the laws', () => {
    checkGrammar(length, { values: fc.integer({ min: 0, max: 1024 }) })
  })
})
