import type { Codec } from '../../../src/grammar/codec.js'
import {
  array, bitConstant, bits, i24le, int, bytes, checksummed, constant, crc8Smbus, crc16CcittFalse, custom, dependent, dependentOpen, enumeration,
  f32be, f64le, flag, i16be, i32le, i64be, i8, imap, inline, lazy, many, marker, named, oneOf, range, refine, repeatUntil, rest, sized, struct,
  tagged, u16be, u16le, u32be, u64le, u8, uint, uleb128, utf8, varBytes, xor8,
  fixedString, padded, stringz, terminated, text, untilLast, u32le,
} from '../../../combinators/index.js'
import { detect, eventRecord, telemetry } from '../../../protocols/index.js'

const bcd = custom<number>({
  name: 'bcd',
  size: { min: 1, max: 1 },
  decode: (s) => {
    if (!s.has(1)) return 0
    const b = s.bytes[s.pos++] as number
    if ((b & 15) > 9) throw new Error('not BCD')
    return (b >> 4) * 10 + (b & 15)
  },
  encode: (s, v) => {
    s.reserve(1)
    s.bytes[s.pos++] = (Math.floor(v / 10) << 4) | v % 10
  },
})

/**
 * Small grammars that together use every node kind, each stressing a few,
 * so that random bytes reach both success and every kind of failure.
 */
export const spanGrammars: Record<string, Codec<any>> = {
  ints: struct({ a: i8, b: i16be, c: i32le, d: u32be, e: u16le }),
  bigAndFloat: struct({ a: i64be, b: u64le, c: f32be, d: f64le }),
  varint: array(3, uleb128(3)),
  bitFields: bits({ kind: bitConstant(2, 1, { marker: true }), a: uint(3), f: flag, g: bitConstant(2, 0) }),
  wideBits: struct({ w: bits({ x: uint(32) }), v: bits({ hi: uint(12), lo: uint(4) }) }),
  untilZero: struct({ list: repeatUntil(struct({ t: u8, v: u8 }), (r) => r.t === 0, { maxItems: 4 }), after: u8 }),
  tree: struct({ value: u8, children: array(u8, lazy((): Codec<unknown> => spanGrammars.tree as Codec<unknown>, { maxDepth: 3 })) }),
  lsbSignedBits: struct({ l: bits({ a: int(3), b: uint(10), c: bitConstant(3, 2, { marker: true }) }, { bitOrder: 'lsb' }), s: bits({ x: int(60), y: uint(4) }), t: i24le }),
  text: struct({ fixed: utf8(bytes(3)), short: utf8(varBytes(u8)), tail: utf8(rest) }),
  longText: utf8(sized(u16be, rest)),
  textForms: struct({ z: stringz('latin1'), p: fixedString(4, 'utf16be'), t: text(varBytes(u8), 'ascii'), raw: terminated(0x0a), pad: padded(3) }),
  untilLast: struct({ data: untilLast(4, many(u8)), tail: u32le }),
  refinedAndMapped: struct({ even: refine(u8, (n) => n % 2 === 0, 'even'), doubled: imap(u8, (n) => n * 2, (n) => n / 2), r: range(i8, -5, 5) }),
  throwingMap: imap(u8, (n) => { if (n > 200) throw new Error('big'); return n }, (n) => n),
  counted: struct({ fixed: array(2, u16le), counted: array(u8, i8), region: sized(4, many(u8)) }),
  signedLengths: struct({ a: sized(i8, rest), b: array(i8, u8) }),
  custom: struct({ a: bcd, b: u8 }),
  emptyItems: sized(u8, many(bytes(0))),
  dependentOpen: dependentOpen(
    u16be,
    { 1: struct({ a: u8 }), 300: struct({ b: u16be }) },
    (k: number) => imap(bytes(1), (raw) => ({ other: k, raw }), (v: { raw: Uint8Array }) => v.raw),
    (v: any) => ('a' in v ? 1 : 'b' in v ? 300 : v.other),
  ),
  throwingOtherwise: dependentOpen(
    u8,
    { 1: struct({ a: u8 }) },
    (k: number) => {
      if (k > 100) throw new Error('no grammar')
      return imap(u8, (x) => ({ k, x }), (v: { x: number }) => v.x)
    },
    (v: any) => ('a' in v ? 1 : v.k),
  ),
  enumHead: dependent(enumeration(u8, { one: 1, two: 2 }), { one: struct({ x: u8 }), two: struct({ y: i8 }) }, (v: any) => ('x' in v ? 'one' : 'two')),
  taggedBodies: dependent(u8, { 1: sized(u8, tagged('k', 'a', struct({ x: u8 }))), 2: tagged('k', 'b', struct({ s: utf8(varBytes(u8)) })) }, (v: any) => (v.k === 'a' ? 1 : 2)),
  oneOfOverlap: oneOf(named('x', struct({ m: marker(constant(u8, 1)), x: u8 })), named('y', struct({ y: u8 })), named('z', struct({ m: marker(constant(u16be, 0x0102)) }))),
  nestedOneOf: struct({
    first: oneOf(named('a', struct({ m: marker(constant(u8, 0xaa)), v: u8 })), named('b', struct({ m: marker(bits({ s: bitConstant(4, 0xb, { marker: true }), n: uint(4) })) }))),
    then: u8,
  }),
  inlines: struct({
    head: u8,
    mapped: inline(imap(struct({ p: u8 }), (v) => ({ ...v, q: 1 }), ({ p }) => ({ p }))),
    flat: inline(sized(u8, struct({ seq: u16be }))),
    after: u8,
  }),
  inlineLeaf: struct({ a: u8, b: inline(imap(u16be, (n) => ({ n }), (v: { n: number }) => v.n)), c: u8 }),
  checksumSkips: checksummed(struct({ len: u8, body: varBytes(u8) }), crc8Smbus, u8, { skipStart: 1, skipEnd: 1 }),
  xorFrame: checksummed(struct({ m: constant(u16be, 0xcafe), data: varBytes(uleb128(2)) }), xor8, u8),
  checksummedBytes: checksummed(bytes(3), crc16CcittFalse, u16be),
  constantsOnly: struct({ a: constant(u8, 3), b: marker(constant(bytes(0), new Uint8Array())) }),
  floatLength: sized(imap(u8, (n) => n + 0.5, (n) => n - 0.5), rest),
  enumWide: enumeration(range(u16be, 0, 1000), { a: 0, b: 999 }),
  telemetry,
  eventRecord,
  detect,
}
