import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { custom } from '../../combinators/custom.js'
import { u8 } from '../../combinators/numbers.js'
import { sized } from '../../combinators/sized.js'
import { struct } from '../../combinators/struct.js'
import { sizeBounds } from '../../src/index.js'
import { assertDecodeFails, assertEncodeFails, assertRoundTrip, checkGrammar } from '../../src/testing/index.js'

// Two decimal digits packed in one byte.
const bcd = custom<number>({
  name: 'bcd8',
  size: { min: 1, max: 1 },
  decode: (s) => {
    if (!s.has(1)) return 0
    const b = s.bytes[s.pos] as number
    if ((b >> 4) > 9 || (b & 15) > 9) {
      s.failInvalid('not a BCD digit pair', 'two digits 0..9', b.toString(16))
      return 0
    }
    s.pos++
    return (b >> 4) * 10 + (b & 15)
  },
  encode: (s, v) => {
    if (!Number.isInteger(v) || v < 0 || v > 99) return s.fail('range', `${v} is not 0..99`)
    s.reserve(1)
    s.bytes[s.pos++] = (Math.floor(v / 10) << 4) | v % 10
  },
})

describe('custom', () => {
  it('decodes and encodes through the hand-written functions', () => {
    assertRoundTrip(bcd, 42, '42')
    assertRoundTrip(struct({ a: u8, b: bcd }), { a: 1, b: 99 }, '01 99')
  })
  it('reports the failures it records, with the enclosing path', () => {
    assertDecodeFails(struct({ a: u8, b: bcd }), '01 4a', { kind: 'invalid', offset: 1, path: ['b'] })
    assertDecodeFails(bcd, '', { kind: 'incomplete', offset: 0, needed: 1 })
    assertEncodeFails(struct({ b: bcd }), { b: 100 }, 'range', ['b'])
  })
  it('turns an exception into a typed error both ways', () => {
    const throwing = custom<number>({
      name: 'broken',
      size: { min: 1, max: 1 },
      decode: () => {
        throw new TypeError('oops')
      },
      encode: () => {
        throw new Error('nope')
      },
    })
    const error = assertDecodeFails(struct({ a: u8, x: throwing }), '01 02', { kind: 'invalid', offset: 1, path: ['x'] })
    expect(error.message).toContain('broken')
    expect(error.message).toContain('oops')
    expect(assertEncodeFails(throwing, 1, 'invalid').message).toContain('nope')
  })
  it('cannot move the cursor outside its region or backwards', () => {
    const greedy = custom<number>({ name: 'greedy', size: { min: 0, max: 8 }, decode: (s) => ((s.pos += 8), 0), encode: () => {} })
    assertDecodeFails(greedy, '01 02', { kind: 'invalid', offset: 0 })
    assertDecodeFails(sized(1, greedy), '01 02 03 04 05 06 07 08 09', { kind: 'invalid', offset: 0 })
    const backwards = custom<number>({ name: 'backwards', size: { min: 0, max: 0 }, decode: (s) => ((s.pos -= 1), 0), encode: () => {} })
    assertDecodeFails(struct({ a: u8, b: backwards }), '01', { kind: 'invalid', offset: 1, path: ['b'] })
  })
  it('declares its own size bounds', () => {
    expect(sizeBounds(bcd)).toEqual({ min: 1, max: 1 })
  })
  it('keeps the laws', () => {
    checkGrammar(bcd, { values: fc.integer({ min: 0, max: 99 }) })
  })
})
