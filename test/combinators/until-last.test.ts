import { describe, expect, it } from 'vitest'
import { bytes, rest, varBytes } from '../../combinators/bytes.js'
import { u16be, u32le, u8 } from '../../combinators/numbers.js'
import { many } from '../../combinators/repeat.js'
import { sized, untilLast } from '../../combinators/sized.js'
import { struct } from '../../combinators/struct.js'
import { stringz } from '../../combinators/text.js'
import { decode } from '../../src/api.js'
import { sizeBounds } from '../../src/analysis/index.js'
import { analysisOf } from '../../src/analysis/analysis.js'
import { assertDecodeFails, assertRoundTrip, checkRoundTrip, fromHex } from '../../src/testing/index.js'

const member = struct({ name: stringz('latin1'), data: untilLast(8, rest), crc: u32le, size: u32le })

describe('untilLast', () => {
  it('takes everything but the last N bytes, which the fields after it read', () => {
    assertRoundTrip(member, { name: 'a', data: Uint8Array.of(1, 2, 3), crc: 7, size: 3 }, '61 00 01 02 03 07 00 00 00 03 00 00 00')
    assertRoundTrip(member, { name: '', data: new Uint8Array(0), crc: 0, size: 0 }, '00 00 00 00 00 00 00 00 00')
  })
  it('holds any inner grammar, which must use the whole region', () => {
    const g = struct({ items: untilLast(2, many(u16be)), tail: u16be })
    assertRoundTrip(g, { items: [1, 2], tail: 3 }, '00 01 00 02 00 03')
    assertDecodeFails(struct({ a: untilLast(1, u8), b: u8 }), '01 02 03', { kind: 'invalid', offset: 1 })
  })
  it('is incomplete when the input is cut: fewer than N bytes, or inside its content', () => {
    const short = assertDecodeFails(member, '61 00 01 02', { kind: 'incomplete' })
    expect(short.kind === 'incomplete' && short.needed).toBe(6)
    // The region holds a length-prefixed part that runs past it: more input would help.
    const prefixed = struct({ data: untilLast(4, varBytes(u8)), crc: u32le })
    const cut = assertDecodeFails(prefixed, '05 01 02 03 04 05 06', { kind: 'incomplete' })
    expect(cut.kind === 'incomplete' && cut.needed).toBe(3)
    assertRoundTrip(prefixed, { data: Uint8Array.of(9), crc: 1 }, '01 09 01 00 00 00')
  })
  it('is invalid inside a sized region, which more input would not lengthen', () => {
    const inner = sized(4, struct({ data: untilLast(2, varBytes(u8)), tail: u16be }))
    assertDecodeFails(inner, '05 01 00 02', { kind: 'invalid' })
    assertDecodeFails(sized(3, struct({ data: untilLast(4, rest) })), '01 02 03', { kind: 'invalid' })
  })
  it('nests: each region keeps its own tail', () => {
    const g = struct({ outer: untilLast(1, struct({ inner: untilLast(1, rest), b: u8 })), c: u8 })
    expect(decode(g, fromHex('01 02 03 04'))).toEqual({ _tag: 'Right', right: { outer: { inner: Uint8Array.of(1, 2), b: 3 }, c: 4 } })
    assertDecodeFails(g, '01', { kind: 'incomplete' })
  })
  it('is sized by its content, not self-delimiting, and refuses a bad reserve', () => {
    expect(sizeBounds(untilLast(8, bytes(3)))).toEqual({ min: 3, max: 3 })
    expect(analysisOf(member).kind.selfDelimiting).toBe(false)
    expect(() => untilLast(-1, rest)).toThrow(RangeError)
    expect(() => untilLast(1, 'x' as never)).toThrow(TypeError)
  })
  it('derived values round-trip', () => {
    checkRoundTrip(member, { numRuns: 60 })
    checkRoundTrip(struct({ a: untilLast(3, many(u8)), b: bytes(3) }), { numRuns: 60 })
  })
})
