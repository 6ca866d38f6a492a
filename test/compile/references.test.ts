// Generated code for references between fields, case by case: what the
// random grammars of reference-agreement.test.ts reach rarely or never
// (contexts, policies asked for by the caller, call-outs from inside a
// struct that keeps names, hostile names, hand-made expressions).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { codec, compile, decode, decodeChecksums, interpreted, isCompiled, type Codec } from '../../src/index.js'
import {
  bits, bytes, checksum, computed, crc8Smbus, custom, dependentOpen, derived, flag, inline, internetChecksum, optional, ref, rest, sized, struct, u16be, u8, uint,
} from '../../combinators/index.js'
import { ipv4Packet } from '../../protocols/index.js'
import { capturedIpv4Packets } from '../bench/ipv4-corpus.js'
import { decodesAlike, fastPathDecodes } from './agree.js'
import { interpretedParts } from './interpreter-free.js'

type AnyCodec = Codec<unknown>
const erase = <A>(c: Codec<A>) => c as unknown as AnyCodec

// Random bytes behind a fixed start, and every one of them damaged.
function agreesOn(grammar: AnyCodec, valid: Uint8Array): void {
  const fast = compile(grammar)
  expect(isCompiled(fast)).toBe(true)
  decodesAlike(grammar, fast, valid)
  for (let i = 0; i < valid.length; i++) {
    const copy = valid.slice()
    copy[i] = (copy[i] as number) ^ 0x5a
    decodesAlike(grammar, fast, copy)
    decodesAlike(grammar, fast, valid.subarray(0, i))
  }
  fc.assert(fc.property(fc.uint8Array({ maxLength: 24 }), (tail) => decodesAlike(grammar, fast, Uint8Array.of(...valid.subarray(0, 2), ...tail))), { numRuns: 60 })
}

const sumOf = (bytes: number[], algorithm = internetChecksum) => algorithm.compute(Uint8Array.from(bytes), 0, bytes.length)

describe('checksum fields in generated code', () => {
  it('verify a context (a pseudo-header from enclosing fields) as the interpreter does', () => {
    const inner = struct({ sum: checksum(u16be, internetChecksum, { context: { grammar: u8, value: (get) => get('key') as number } }), b: u8 })
    const grammar = erase(struct({ key: u8, inner }))
    const sum = sumOf([7, 0, 0, 9])
    const valid = Uint8Array.of(7, sum >> 8, sum & 0xff, 9)
    expect(decode(compile(grammar), valid)).toEqual({ _tag: 'Right', right: { key: 7, inner: { b: 9 } } })
    expect(fastPathDecodes(grammar, valid)).toEqual({ key: 7, inner: { b: 9 } })
    agreesOn(grammar, valid)
  })

  it('leave unverified a context that is not there, and fail one that throws', () => {
    const missing = erase(struct({ sum: checksum(u8, crc8Smbus, { context: { grammar: u8, value: (): number | undefined => undefined } }), b: u8 }))
    expect(fastPathDecodes(missing, Uint8Array.of(0xee, 1))).toEqual({ b: 1 })
    const throwing = erase(struct({ sum: checksum(u8, crc8Smbus, { policy: 'report', context: { grammar: u8, value: (): number => { throw new Error('no') } } }), b: u8 }))
    agreesOn(missing, Uint8Array.of(0xee, 1))
    agreesOn(throwing, Uint8Array.of(0xee, 1))
    // A context value its grammar cannot encode.
    agreesOn(erase(struct({ sum: checksum(u8, crc8Smbus, { context: { grammar: u8, value: () => 300 } }), b: u8 })), Uint8Array.of(0xee, 1))
  })

  it('leave reports and a caller-wide policy to the interpreter (decodeChecksums)', () => {
    const fast = compile(ipv4Packet)
    for (const packet of capturedIpv4Packets().slice(0, 20)) {
      expect(decodeChecksums(fast, packet, { policy: 'report' })).toStrictEqual(decodeChecksums(interpreted(ipv4Packet), packet, { policy: 'report' }))
      expect(decodeChecksums(fast, packet)).toStrictEqual(decodeChecksums(interpreted(ipv4Packet), packet))
    }
  })

  it('compute over a copy for algorithms without computeWithZeros, whatever they throw', () => {
    const fussy = { name: 'FUSSY', width: 8 as const, compute: (b: Uint8Array, s: number, e: number) => { if (b[s] === 0xff) throw new Error('no'); return crc8Smbus.compute(b, s, e) } }
    const grammar = erase(struct({ a: u8, sum: checksum(u8, fussy), b: u8 }))
    const sum = sumOf([3, 0, 4], crc8Smbus)
    expect(fastPathDecodes(grammar, Uint8Array.of(3, sum, 4))).toEqual({ a: 3, b: 4 })
    agreesOn(grammar, Uint8Array.of(3, sum, 4))
    agreesOn(grammar, Uint8Array.of(0xff, sum, 4))
  })

  it('internetChecksum.computeWithZeros equals compute over a copy with the bytes zeroed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), fc.nat(), fc.nat(), fc.nat(), fc.nat(), (bytes, a, b, c, d) => {
        const n = bytes.length
        const [start, end] = [a % (n + 1), b % (n + 1)].sort((x, y) => x - y) as [number, number]
        const zeroStart = start + (c % (end - start + 1))
        const zeroEnd = zeroStart + (d % (end - zeroStart + 1))
        const copy = bytes.slice()
        copy.fill(0, zeroStart, zeroEnd)
        expect(internetChecksum.computeWithZeros?.(bytes, start, end, zeroStart, zeroEnd)).toBe(internetChecksum.compute(copy, start, end))
      }),
      { numRuns: 400 },
    )
  })
})

describe('structs that keep names, calling out', () => {
  it('hand the names to a custom codec and an interpreted part, and see what they bind', () => {
    const peek = custom<number>({
      name: 'peek',
      size: { min: 1, max: 1 },
      decode: (s) => (s.has(1) ? (s.bytes[s.pos++] as number) + ((s.scope?.vars.n as number | undefined) ?? 0) : 0),
      encode: (s, v) => {
        s.reserve(1)
        s.bytes[s.pos++] = v
      },
    })
    const grammar = erase(struct({ n: u8, p: peek, len: derived(u8), data: bytes(ref('len')), back: computed(ref('n').plus(ref('p'))) }))
    expect(decode(compile(grammar), Uint8Array.of(2, 5, 1, 9))).toEqual({ _tag: 'Right', right: { n: 2, p: 7, data: Uint8Array.of(9), back: 9 } })
    agreesOn(grammar, Uint8Array.of(2, 5, 1, 9))
    // A checksum field below a region is read by the interpreter into the struct's frame.
    const nested = erase(struct({ a: u8, s: sized(1, checksum(u8, crc8Smbus)), b: u8 }))
    expect(interpretedParts(nested).length).toBeGreaterThan(0)
    const sum = sumOf([4, 0, 6], crc8Smbus)
    agreesOn(nested, Uint8Array.of(4, sum, 6))
  })

  it('bind heads and bit fields where the interpreter does, across an open grammar', () => {
    const tail = struct({ copy: computed(ref('k').plus(ref('hasX') ? 1 : 0)), x: optional(ref('hasX'), u8) })
    const grammar = erase(
      struct({
        flags: bits({ spare: uint(7), hasX: flag }),
        body: dependentOpen(u8, { 0: struct({}) }, () => tail, () => 1, { name: 'k' }),
        end: computed(ref('k').times(2)),
      }),
    )
    agreesOn(grammar, Uint8Array.of(1, 3, 8))
    agreesOn(grammar, Uint8Array.of(0, 0))
    expect(decode(compile(grammar), Uint8Array.of(1, 3, 8))).toEqual({ _tag: 'Right', right: { flags: { spare: 0, hasX: true }, body: { copy: 4, x: 8 }, end: 6 } })
  })

  it('join an inlined struct behind a region, and an inline that reaches none', () => {
    const grammar = erase(
      struct({
        len: derived(u8),
        head: inline(sized(ref('len'), struct({ a: u8, sum: checksum(u8, crc8Smbus, { policy: 'ignore' }) }))),
        more: inline(dependentOpen(ref('a'), {}, () => struct({ seen: computed(ref('a')), rest }), () => 0)),
      }),
    )
    agreesOn(grammar, Uint8Array.of(2, 5, 1, 7, 7))
    expect(decode(compile(grammar), Uint8Array.of(2, 5, 1, 7))).toEqual({ _tag: 'Right', right: { a: 5, sum: 1, seen: 5, rest: Uint8Array.of(7) } })
  })

  it('leave a struct the caller asked to share names (joinScope) to the interpreter', () => {
    const inner = compile(struct({ n: u8, m: computed(ref('n')) }))
    const outer = erase(interpreted(struct({ a: u8, i: inline(inner), b: computed(ref('m').plus(ref('a'))) })))
    expect(decode(outer, Uint8Array.of(1, 2))).toEqual({ _tag: 'Right', right: { a: 1, n: 2, m: 2, b: 3 } })
  })
})

describe('grammars that dependentOpen makes at run time', () => {
  it('are decoded in line once a site has given one grammar, and called out for when another comes', () => {
    const small = struct({ k: computed(ref('key')), a: u8 })
    const large = struct({ k: computed(ref('key').times(2)), b: u16be })
    const either = (key: number): Codec<{ k: number; a: number }> => (key < 100 ? small : (large as unknown as Codec<{ k: number; a: number }>))
    const grammar = erase(struct({ n: u8, body: dependentOpen(u8, {}, either, () => 1, { name: 'key' }), end: computed(ref('n')) }))
    const fast = compile(grammar)
    // The decoder is made again after 64 call-outs, with the one grammar seen so far in line.
    for (let i = 0; i < 80; i++) decodesAlike(grammar, fast, Uint8Array.of(i, i % 100, 7))
    expect(interpretedParts(grammar)).toEqual([])
    agreesOn(grammar, Uint8Array.of(1, 5, 7))
    agreesOn(grammar, Uint8Array.of(1, 200, 7, 8))
    expect(decode(fast, Uint8Array.of(1, 200, 7, 8))).toEqual({ _tag: 'Right', right: { n: 1, body: { k: 400, b: 0x708 }, end: 1 } })
    expect(fastPathDecodes(grammar, Uint8Array.of(1, 5, 7))).toEqual({ n: 1, body: { k: 5, a: 7 }, end: 1 })
  })
})

describe('hostile and hand-made references', () => {
  it('a name with quotes and code in it stays data', () => {
    const hostile = '"]; globalThis.__oxwireRef = 1; //'
    const grammar = erase(struct({ [hostile]: derived(u8), data: bytes(ref(hostile)) }))
    expect(fastPathDecodes(grammar, Uint8Array.of(1, 9))).toEqual({ data: Uint8Array.of(9) })
    agreesOn(grammar, Uint8Array.of(1, 9))
    expect((globalThis as { __oxwireRef?: unknown }).__oxwireRef).toBeUndefined()
  })

  it('an expression with an operator or literal the compiler does not know keeps the grammar on the interpreter', () => {
    const unknown = erase(struct({ a: u8, b: codec<number>({ tag: 'expr', expr: { op: 'pow' as never, left: { op: 'ref', name: 'a' }, right: { op: 'literal', value: 2 } } }) }))
    expect(isCompiled(compile(unknown))).toBe(false)
    const nan = erase(struct({ a: u8, b: codec<number>({ tag: 'expr', expr: { op: 'literal', value: Number.NaN } }) }))
    expect(isCompiled(compile(nan))).toBe(false)
    expect(decode(compile(nan), Uint8Array.of(1))).toStrictEqual(decode(interpreted(nan), Uint8Array.of(1)))
  })

  it('expressions fail as the interpreter does: unbound names, booleans in arithmetic, inexact division, bigints', () => {
    const grammars: AnyCodec[] = [
      erase(struct({ a: u8, b: computed(ref('nowhere')) })),
      erase(struct({ f: bits({ spare: uint(7), on: flag }), b: computed(ref('on').plus(1)) })),
      erase(struct({ a: u8, b: computed(ref('a').dividedBy(4)), c: computed(ref('a').dividedBy(ref('a').minus(ref('a')))) })),
      erase(struct({ a: u8, b: computed(ref('a').equals(2).and(ref('a').lessThan(9)).or(ref('a').not())), c: computed(ref('a').atLeast(1).and(ref('a').atMost(3)).and(ref('a').greaterThan(0))) })),
      erase(struct({ f: bits({ spare: uint(7), on: flag }), b: computed(ref('on').notEquals(true)) })),
    ]
    for (const g of grammars) for (const b of [0, 1, 2, 4, 8, 0x81]) agreesOn(g, Uint8Array.of(b, 0))
    const big = erase(struct({ a: codec<bigint>({ tag: 'bigint', signed: false, littleEndian: false }), b: computed(ref('a').plus(1)) }))
    agreesOn(big, Uint8Array.of(0, 0, 0, 0, 0, 0, 1, 2))
    agreesOn(big, Uint8Array.of(0xff, 0, 0, 0, 0, 0, 1, 2))
  })
})
