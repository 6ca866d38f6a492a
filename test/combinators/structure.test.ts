import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bytes, varBytes } from '../../combinators/bytes.js'
import { constant } from '../../combinators/constant.js'
import { marker } from '../../combinators/marker.js'
import { enumeration } from '../../combinators/enumeration.js'
import { i16le, u16be, u32le, u8 } from '../../combinators/numbers.js'
import { array } from '../../combinators/repeat.js'
import { sized } from '../../combinators/sized.js'
import { inline, struct } from '../../combinators/struct.js'
import { utf8 } from '../../combinators/text.js'
import { assertDecodeFails, assertEncodeFails, assertEncodesTo, assertRoundTrip, checkGrammar } from '../../src/testing/index.js'

describe('constant', () => {
  const magic = constant(u16be, 0x5aa5)
  it('is checked on decode, written on encode, and has no value', () => {
    assertRoundTrip(magic, undefined, '5a a5')
    assertRoundTrip(struct({ magic, seq: u8 }), { seq: 3 }, '5a a5 03')
  })
  it('reports a wrong byte at that byte', () => {
    assertDecodeFails(magic, '00 a5', { kind: 'invalid', offset: 0 })
    assertDecodeFails(magic, '5a 00', { kind: 'invalid', offset: 1 })
  })
  it('is a mismatch, not incomplete, when a short input already differs', () => {
    assertDecodeFails(magic, '00', { kind: 'invalid', offset: 0 })
    assertDecodeFails(magic, '5a', { kind: 'incomplete', offset: 1, needed: 1 })
    assertDecodeFails(magic, '', { kind: 'incomplete', offset: 0, needed: 2 })
  })
  it('is invalid when its region ends inside it', () => {
    assertDecodeFails(sized(1, magic), '5a', { kind: 'invalid', offset: 1 })
  })
  it('ignores whatever value encode is given for it', () => {
    assertRoundTrip(struct({ magic, seq: u8 }), { seq: 3 })
    const extra = { seq: 3, magic: 0x1234 } as unknown as { seq: number }
    assertEncodesTo(struct({ magic, seq: u8 }), extra, '5a a5 03')
  })
  it('refuses a value its codec cannot encode when built', () => {
    expect(() => constant(u8, 256)).toThrow(RangeError)
  })
  it('keeps the laws', () => {
    checkGrammar(struct({ magic, seq: u8 }), { values: fc.record({ seq: fc.integer({ min: 0, max: 255 }) }) })
    checkGrammar(constant(bytes(0), new Uint8Array(0)), { values: fc.constant(undefined) })
  })
})

describe('struct', () => {
  const point = struct({ x: u16be, y: u16be, colour: u8 })
  it('reads fields in key order', () => {
    assertRoundTrip(point, { x: 1, y: 2, colour: 3 }, '00 01 00 02 03')
    assertRoundTrip(struct({}), {}, '')
  })
  it('puts the failing field in the path, through nesting', () => {
    const outer = struct({ head: u8, body: struct({ items: array(u8, struct({ a: u8, unit: enumeration(u8, { c: 0 }) })) }) })
    assertDecodeFails(outer, '00 02 01 00 02 07', { kind: 'invalid', offset: 5, path: ['body', 'items', 1, 'unit'] })
    assertEncodeFails(outer, { head: 0, body: { items: [{ a: 1, unit: 'c' }, { a: 256, unit: 'c' }] } }, 'range', ['body', 'items', 1, 'a'])
    // Two items need at least four bytes: refused before the first item is read.
    assertDecodeFails(outer, '00 02 01 00 02', { kind: 'incomplete', offset: 2, path: ['body', 'items'], needed: 1 })
    assertDecodeFails(struct({ a: u8, b: struct({ c: u16be }) }), '00 01', { kind: 'incomplete', offset: 1, path: ['b', 'c'], needed: 1 })
  })
  it('nests paths through a sized region: struct in array in region', () => {
    const region = struct({ len: u8, body: sized(u8, array(u8, struct({ id: u8, text: utf8(varBytes(u8)) }))) })
    assertDecodeFails(region, '00 06 02 01 00 02 01 ff', { kind: 'invalid', offset: 6, path: ['body', 1, 'text'] })
  })
  it('fails encode on a non-object or a missing field', () => {
    assertEncodeFails(point, 5, 'type')
    assertEncodeFails(point, null, 'type')
    assertEncodeFails(point, { x: 1, colour: 3 }, 'type', ['y'])
  })
  it('keeps the laws', () => {
    checkGrammar(point, { values: fc.record({ x: fc.integer({ min: 0, max: 0xffff }), y: fc.integer({ min: 0, max: 0xffff }), colour: fc.integer({ min: 0, max: 255 }) }) })
  })
})

describe('inline', () => {
  const record = struct({
    sync: constant(u8, 0xb5),
    body: inline(sized(u8, struct({ id: u32le, value: i16le }))),
    tail: u8,
  })
  it('merges the inner fields into the enclosing value', () => {
    assertRoundTrip(record, { id: 1, value: -1, tail: 9 }, 'b5 06 01 00 00 00 ff ff 09')
  })
  it('leaves its own key out of error paths', () => {
    assertDecodeFails(record, 'b5 05 01 00 00 00 ff', { kind: 'invalid', offset: 6, path: ['value'] })
    assertEncodeFails(record, { id: -1, value: 0, tail: 0 }, 'range', ['id'])
  })
  it('keeps the laws', () => {
    checkGrammar(record, { values: fc.record({ id: fc.integer({ min: 0, max: 2 ** 32 - 1 }), value: fc.integer({ min: -32768, max: 32767 }), tail: fc.integer({ min: 0, max: 255 }) }) })
  })
})

describe('marker', () => {
  it('encodes and decodes as its inner grammar', () => {
    assertRoundTrip(struct({ sync: marker(constant(u8, 0xb5)), n: u8 }), { n: 1 }, 'b5 01')
    assertRoundTrip(marker(u8), 7, '07')
  })
  it('keeps the laws', () => {
    checkGrammar(struct({ sync: marker(constant(u8, 0xb5)), n: u8 }), { values: fc.record({ n: fc.integer({ min: 0, max: 255 }) }) })
  })
})

describe('enumeration', () => {
  const unit = enumeration(u8, { celsius: 0, percent: 1, volt: 255 })
  it('maps codes to names both ways', () => {
    assertRoundTrip(unit, 'celsius', '00')
    assertRoundTrip(unit, 'percent', '01')
    assertRoundTrip(unit, 'volt', 'ff')
  })
  it('says an unknown code is invalid, with the allowed codes', () => {
    const error = assertDecodeFails(unit, '09', { kind: 'invalid', offset: 0 })
    expect(error.kind === 'invalid' && error.expected).toContain('1 (percent)')
    expect(error.kind === 'invalid' && error.found).toBe('9')
  })
  it('fails encode with tag on an unknown name, including inherited ones', () => {
    assertEncodeFails(unit, 'kelvin', 'tag')
    assertEncodeFails(unit, 'toString', 'tag')
    assertEncodeFails(unit, 1, 'tag')
  })
  it('refuses two names for one code', () => {
    expect(() => enumeration(u8, { a: 1, b: 1 })).toThrow(RangeError)
  })
  it('keeps the laws', () => {
    checkGrammar(unit, { values: fc.constantFrom('celsius', 'percent', 'volt') })
  })
})
