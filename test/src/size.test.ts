import { describe, expect, it } from 'vitest'
import {
  array, bits, bytes, constant, custom, enumeration, f64be, flag, imap, inline, many, marker, named, oneOf, range, refine, rest,
  sized, struct, u16be, u32be, u64le, u8, uint, uleb128, utf8, varBytes,
} from '../../combinators/index.js'
import { eventRecord, eventRecordMaxFrame, telemetry, telemetryMaxFrame } from '../../protocols/index.js'
import { fixedSize, sizeBounds } from '../../src/index.js'

describe('sizeBounds', () => {
  it('gives the PROTOCOLS.md maximum frames', () => {
    // The shortest frame is an empty batch: 14 bytes of framing and a count byte.
    expect(sizeBounds(telemetry)).toEqual({ min: 15, max: 1038 })
    expect(telemetryMaxFrame).toBe(1038)
    expect(sizeBounds(eventRecord)).toEqual({ min: 20, max: 4104 })
    expect(eventRecordMaxFrame).toBe(4104)
  })
  it('knows fixed sizes', () => {
    expect(fixedSize(struct({ a: u8, b: u16be, c: u64le, d: f64be, e: bits({ x: uint(7), y: flag }) }))).toBe(20)
    expect(fixedSize(struct({ m: marker(constant(u32be, 1)), b: bytes(3) }))).toBe(7)
    expect(fixedSize(varBytes(u8))).toBeUndefined()
    expect(fixedSize(sized(5, rest))).toBe(5)
  })
  it('passes through wrappers', () => {
    const inner = u16be
    for (const wrapped of [
      enumeration(inner, { a: 1 }), range(inner, 0, 5), refine(inner, () => true, 'ok'), imap(inner, (n) => n, (n) => n),
      named('n', inner), marker(inner), inline(struct({ x: inner })),
    ]) expect(sizeBounds(wrapped)).toEqual({ min: 2, max: 2 })
    expect(sizeBounds(utf8(varBytes(u8)))).toEqual({ min: 1, max: 256 })
  })
  it('bounds counted arrays by the largest count', () => {
    expect(sizeBounds(array(u8, u16be))).toEqual({ min: 1, max: 511 })
    expect(sizeBounds(array(range(u8, 0, 3), u16be))).toEqual({ min: 1, max: 7 })
    expect(sizeBounds(array(uleb128(1), u8))).toEqual({ min: 1, max: 128 })
  })
  it('has no upper bound for what reads to the end of its region', () => {
    expect(sizeBounds(many(u8)).max).toBe(Infinity)
    expect(sizeBounds(rest).max).toBe(Infinity)
    expect(sizeBounds(sized(imap(u8, (n) => n, (n) => n), rest)).max).toBe(Infinity)
  })
  it('takes the union over alternatives and the custom declaration', () => {
    expect(sizeBounds(oneOf(named('a', u8), named('b', bytes(5))))).toEqual({ min: 1, max: 5 })
    const c = custom<number>({ name: 'c', size: { min: 2, max: 9 }, decode: () => 0, encode: () => {} })
    expect(sizeBounds(c)).toEqual({ min: 2, max: 9 })
    expect(sizeBounds(c.node)).toBe(sizeBounds(c))
  })
})
