import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { varBytes } from '../../combinators/bytes.js'
import { dependent, dependentOpen, tagged, taggedUnion } from '../../combinators/dependent.js'
import { enumeration } from '../../combinators/enumeration.js'
import { u16be, u32be, u8 } from '../../combinators/numbers.js'
import { sized } from '../../combinators/sized.js'
import { struct } from '../../combinators/struct.js'
import { imap } from '../../combinators/transform.js'
import { utf8 } from '../../combinators/text.js'
import { sizeBounds } from '../../src/index.js'
import { assertDecodeFails, assertEncodeFails, assertRoundTrip, checkGrammar } from '../../src/testing/index.js'

const shape = dependent(
  u8,
  {
    1: tagged('kind', 'circle', struct({ r: u16be })),
    2: tagged('kind', 'rect', struct({ w: u16be, h: u16be })),
  },
  (v) => (v.kind === 'circle' ? 1 : 2),
  { name: 'kind' },
)

describe('dependent', () => {
  it('chooses the body by the head and derives the head on encode', () => {
    assertRoundTrip(shape, { kind: 'circle', r: 5 }, '01 00 05')
    assertRoundTrip(shape, { kind: 'rect', w: 1, h: 2 }, '02 00 01 00 02')
  })
  it('says a head with no case is invalid at the head', () => {
    const error = assertDecodeFails(shape, '03 00 00', { kind: 'invalid', offset: 0, path: ['kind'] })
    expect(error.kind === 'invalid' && error.expected).toBe('one of 1, 2')
    assertDecodeFails(shape, '', { kind: 'incomplete', offset: 0, path: ['kind'] })
  })
  it('reports a body failure under the body path', () => {
    assertDecodeFails(struct({ s: shape }), '02 00 01 00', { kind: 'incomplete', offset: 3, path: ['s', 'h'] })
  })
  it('governs a part that does not stand next to the head (TLM: type at 3, payload at 12)', () => {
    const frameWith = <const T extends string>(type: T) => struct({ seq: u16be, payload: sized(u8, tagged('type', type, struct({ n: u8 }))) })
    const frame = dependent(enumeration(u8, { a: 1, b: 2 }), { a: frameWith('a'), b: frameWith('b') }, (f) => f.payload.type, { name: 'type' })
    assertRoundTrip(frame, { seq: 7, payload: { type: 'b', n: 9 } }, '02 00 07 01 09')
    assertDecodeFails(frame, '09 00 07 01 09', { kind: 'invalid', offset: 0, path: ['type'] })
  })
  it('fails encode with tag when the head cannot be told or has no case', () => {
    assertEncodeFails(shape, null, 'tag')
    const noCase = dependent(u8, { 1: u8 }, () => 2)
    assertEncodeFails(noCase, 5, 'tag')
    const badHead = dependent(u8, { 1: u8 }, (): 1 => 300 as 1)
    assertEncodeFails(badHead, 5, 'tag')
    const objectHead = dependent(u8, { 1: u8 }, () => Object.create(null) as 1)
    assertEncodeFails(objectHead, 5, 'tag')
  })
  it('reports a head that does not fit its codec under the head name', () => {
    const wide = dependent(u8, { 300: u8 } as { 300: typeof u8 }, (): 300 => 300)
    assertEncodeFails(wide, 1, 'range', ['tag'])
  })
  it('takes size bounds over every case', () => {
    expect(sizeBounds(shape)).toEqual({ min: 3, max: 5 })
  })
  it('keeps the laws', () => {
    checkGrammar(shape, { values: fc.oneof(
      fc.record({ kind: fc.constant('circle' as const), r: fc.integer({ min: 0, max: 0xffff }) }),
      fc.record({ kind: fc.constant('rect' as const), w: fc.integer({ min: 0, max: 0xffff }), h: fc.integer({ min: 0, max: 0xffff }) }),
    ) })
  })
})

describe('dependentOpen', () => {
  const tlv = dependentOpen(
    u8,
    { 1: tagged('tag', 'name', struct({ text: utf8(varBytes(u8)) })) },
    (code) => imap(varBytes(u8), (bytes) => ({ tag: 'other' as const, code, bytes }), (v) => v.bytes),
    (v) => (v.tag === 'name' ? 1 : v.code),
  )
  it('reads a head with no case by the grammar otherwise gives', () => {
    assertRoundTrip(tlv, { tag: 'name', text: 'ab' }, '01 02 61 62')
    assertRoundTrip(tlv, { tag: 'other', code: 9, bytes: Uint8Array.of(7) }, '09 01 07')
    assertRoundTrip(tlv, { tag: 'other', code: 0, bytes: new Uint8Array(0) }, '00 00')
  })
  it('turns a throwing otherwise into a typed error both ways', () => {
    const picky = dependentOpen(u8, { 1: u8 }, (code): typeof u8 => {
      throw new Error(`no grammar for ${code}`)
    }, (v) => (v === 0 ? 1 : 2))
    const error = assertDecodeFails(picky, '02 00', { kind: 'invalid', offset: 0, path: ['tag'] })
    expect(error.message).toContain('no grammar for 2')
    assertEncodeFails(picky, 5, 'tag')
  })
  it('has no upper size bound', () => {
    expect(sizeBounds(tlv).max).toBe(Infinity)
  })
  it('keeps the laws', () => {
    checkGrammar(tlv, { values: fc.oneof(
      fc.record({ tag: fc.constant('name' as const), text: fc.string({ maxLength: 20 }) }),
      fc.record({ tag: fc.constant('other' as const), code: fc.integer({ min: 2, max: 255 }), bytes: fc.uint8Array({ maxLength: 20 }) }),
    ) })
  })
})

describe('tagged', () => {
  it('adds the discriminant on decode and drops it on encode', () => {
    const heartbeat = tagged('type', 'heartbeat', struct({ uptime: u32be }))
    assertRoundTrip(heartbeat, { type: 'heartbeat', uptime: 60 }, '00 00 00 3c')
  })
})

describe('taggedUnion', () => {
  const kind = enumeration(u8, { on: 1, off: 2 })
  const event = taggedUnion(kind, 'type', { on: struct({ level: u8 }), off: struct({}) })
  it('writes the variant\'s tag and reads it back', () => {
    assertRoundTrip(event, { type: 'on', level: 9 }, '01 09')
    assertRoundTrip(event, { type: 'off' }, '02')
  })
  it('says an unknown tag code is invalid at the tag, and an unknown name is a tag error', () => {
    assertDecodeFails(event, '03', { kind: 'invalid', offset: 0, path: ['type'] })
    assertEncodeFails(event, { type: 'dim', level: 1 }, 'tag')
  })
  it('keeps the laws', () => {
    checkGrammar(event, { values: fc.oneof(fc.record({ type: fc.constant('on' as const), level: fc.integer({ min: 0, max: 255 }) }), fc.constant({ type: 'off' as const })) })
  })
})
