import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compile, decode, decodeChecksums, encode, interpreted, type Codec } from '../../src/index.js'
import {
  bytes, checksum, checksummed, crc16CcittFalse, crc8Smbus, derived, dependent, inline, internetChecksum, optional, ref, sized, struct, sum8, tagged, u16be, u8, uleb128, varBytes,
} from '../../combinators/index.js'

// Every way a grammar is run: the interpreter forced, the default path
// (which compiles after a few uses) and compiled ahead of time.
function paths<A>(g: Codec<A>): [string, Codec<A>][] {
  return [['interpreted', interpreted(g)], ['default', g], ['compiled', compile(g)]]
}

/** Encodes through every path (the default one past its compile threshold), checks they agree and that each decodes back. */
function roundTrips<A>(g: Codec<A>, value: A): Uint8Array {
  let first: Uint8Array | undefined
  for (const [name, c] of paths(g)) {
    for (let i = 0; i < 10; i++) {
      const bytes = encode(c, value)
      if (bytes._tag === 'Left') throw new Error(`${name}: ${bytes.left.message} at ${bytes.left.path.join('.')}`)
      first ??= bytes.right
      expect(bytes.right, name).toEqual(first)
      const back = decodeChecksums(c, bytes.right, { policy: 'report' })
      expect(back._tag, name).toBe('Right')
      if (back._tag === 'Right') {
        expect(back.right.value, name).toEqual(value)
        for (const report of back.right.checksums) expect(report.status, `${name}: ${report.field}`).toBe('valid')
      }
    }
  }
  return first as Uint8Array
}

describe('encoding two checksum fields of one struct', () => {
  // The trailer's sum covers the header's checksum field: the header's must be computed first.
  const header = inline(struct({ id: u16be, headerSum: checksum(u16be, internetChecksum), length: u8 }))
  const trailerLast = struct({ header, data: u16be, sum: checksum(u8, crc8Smbus) })
  const trailerFirst = struct({ sum: checksum(u8, crc8Smbus), header, data: u16be })

  it('fills the inner checksum first when the outer one comes after it', () => {
    roundTrips(trailerLast, { id: 0x1234, length: 3, data: 0xbeef })
  })

  it('fills the inner checksum first when the outer one comes before it in the struct', () => {
    const out = roundTrips(trailerFirst, { id: 0x1234, length: 3, data: 0xbeef })
    // The header's sum covers its own 5 bytes; the leading one all 7.
    expect(internetChecksum.compute(out.slice(1, 6), 0, 5)).toBe(0)
    const zeroed = out.slice()
    zeroed[0] = 0
    expect(crc8Smbus.compute(zeroed, 0, zeroed.length)).toBe(out[0])
  })

  it('orders a nested chain of three (each covering the next one in)', () => {
    const innermost = inline(struct({ a: u8, s1: checksum(u8, sum8) }))
    const middle = inline(struct({ s2: checksum(u8, sum8), innermost, b: u8 }))
    const g = struct({ s3: checksum(u16be, internetChecksum), middle, c: u8 })
    roundTrips(g, { a: 1, b: 2, c: 3 })
  })

  it('fills a checksum inside an optional field before the one that covers it', () => {
    const g = struct({ sum: checksum(u8, crc8Smbus), has: derived(u8), ext: optional(ref('has').equals(1), inline(struct({ v: u16be, s: checksum(u8, sum8) }))), data: u8 })
    roundTrips(g, { ext: { v: 0x0102 }, data: 9 } as never)
    roundTrips(g, { data: 9 } as never)
  })

  it('refuses, when built, two verified checksums that each cover the whole struct', () => {
    expect(() => struct({ a: checksum(u8, sum8), data: u8, b: checksum(u8, crc8Smbus) })).toThrow(RangeError)
    expect(() => struct({ a: checksum(u8, sum8), data: u8, b: checksum(u8, crc8Smbus) })).toThrow(/a and b .*cover/)
  })

  it('encodes a circular pair it cannot refuse when built as a typed error, not wrong bytes', () => {
    // Policy `report` is allowed (captures must decode); left out, both are computed.
    const g = struct({ a: checksum(u8, sum8, { policy: 'report' }), data: u8, b: checksum(u8, crc8Smbus, { policy: 'report' }) })
    for (const [name, c] of paths(g)) {
      for (let i = 0; i < 10; i++) {
        const out = encode(c, { data: 1 })
        expect(out._tag, name).toBe('Left')
        if (out._tag === 'Left') expect(out.left.message, name).toMatch(/a and b .*each cover/)
      }
      // Given, they are written as they are.
      expect(encode(c, { a: 1, data: 1, b: 2 }), name).toEqual({ _tag: 'Right', right: Uint8Array.of(1, 1, 2) })
    }
  })

  it('round-trips random nestings of checksum fields', () => {
    // Up to three checksums at different depths of inlined structs, in any order of fields.
    const layer = (depth: number): fc.Arbitrary<Codec<Record<string, number>>> =>
      fc.tuple(fc.integer({ min: 0, max: 2 }), fc.boolean(), depth > 0 ? layer(depth - 1).map((g) => [g]) : fc.constant([])).map(([at, wide, inner]) => {
        const fields: [string, Codec<unknown>][] = [[`d${depth}`, u8 as Codec<unknown>], ...inner.map((g) => [`in${depth}`, inline(g as never) as Codec<unknown>] as [string, Codec<unknown>])]
        fields.splice(Math.min(at, fields.length), 0, [`s${depth}`, (wide ? checksum(u16be, internetChecksum) : checksum(u8, crc8Smbus)) as Codec<unknown>])
        return struct(Object.fromEntries(fields)) as unknown as Codec<Record<string, number>>
      })
    fc.assert(fc.property(layer(2), fc.integer({ min: 0, max: 255 }), (g, n) => {
      roundTrips(g, { d0: n, d1: n ^ 0x55, d2: n ^ 0xaa })
    }), { numRuns: 40 })
  })
})

describe('a checksum context naming an enclosing derived field', () => {
  // A pseudo-header of the enclosing packet's protocol and length, both derived.
  const context = {
    grammar: struct({ protocol: u8, length: u16be }),
    value: (get: (name: string) => unknown) => {
      const protocol = get('protocol')
      const length = get('length')
      return typeof protocol === 'number' && typeof length === 'number' ? { protocol, length } : undefined
    },
  }
  const segment = struct({ port: u16be, sum: checksum(u16be, internetChecksum, { context }), data: varBytes(u8) })
  const packet = struct({
    length: derived(u16be),
    protocol: derived(u8),
    payload: sized(ref('length'), dependent(ref('protocol'), { 6: tagged('kind', 'segment', segment), 7: tagged('kind', 'raw', struct({ data: bytes(ref('length')) })) }, (v: { kind: string }) => (v.kind === 'segment' ? 6 : 7))),
  })

  it('is computed after the derived fields are known, as decoding sees them', () => {
    const value = { payload: { kind: 'segment' as const, port: 80, data: Uint8Array.of(1, 2, 3) } }
    const out = roundTrips(packet, value)
    // Stored sum, checked by hand over protocol 6, length 8, then the segment with its sum zeroed.
    const covered = Uint8Array.of(6, 0, 8, 0, 80, 0, 0, 3, 1, 2, 3)
    expect((out[5]! << 8) | out[6]!).toBe(internetChecksum.compute(covered, 0, covered.length))
  })

  it('still leaves the sum zero when the context is not there (the segment alone)', () => {
    expect(encode(segment, { port: 80, data: Uint8Array.of(1) })).toEqual({ _tag: 'Right', right: Uint8Array.of(0, 80, 0, 0, 1, 1) })
  })

  it('is deferred past an inner checksum that covers it, and then covered by the outer one', () => {
    // The outer packet's own checksum covers the segment, whose checksum waits for `protocol`.
    const outer = struct({ protocol: derived(u8), sum: checksum(u8, crc8Smbus), length: derived(u16be), payload: sized(ref('length'), dependent(ref('protocol'), { 6: tagged('kind', 'segment', segment) }, () => 6)) })
    roundTrips(outer, { payload: { kind: 'segment' as const, port: 7, data: Uint8Array.of(9) } } as never)
  })

  it('moves with its region when a varint length prefix turns out shorter than the room left for it', () => {
    const byProtocol = { grammar: u8, value: (get: (name: string) => unknown) => get('protocol') as number | undefined }
    const inner = struct({ sum: checksum(u16be, internetChecksum, { context: byProtocol }), data: bytes(3) })
    const g = struct({ protocol: derived(u8), body: sized(uleb128(), dependent(ref('protocol'), { 9: tagged('kind', 'x', inner) }, () => 9)) })
    const out = roundTrips(g, { body: { kind: 'x' as const, data: Uint8Array.of(1, 2, 3) } } as never)
    expect(out.length).toBe(1 + 1 + 5)
  })

  it('holds a trailing checksummed sum over a segment whose checksum waits, until that one is computed', () => {
    const trailed = struct({
      length: derived(u16be),
      protocol: derived(u8),
      payload: sized(ref('length'), dependent(ref('protocol'), { 6: tagged('kind', 'segment', checksummed(segment, crc16CcittFalse, u16be)) }, () => 6)),
    })
    roundTrips(trailed, { payload: { kind: 'segment' as const, port: 1, data: Uint8Array.of(5, 6) } } as never)
  })

  it('round-trips random payloads', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 40 }), (port, data) => {
      roundTrips(packet, { payload: { kind: 'segment' as const, port, data } })
    }), { numRuns: 30 })
  })
})

it('decode agrees with a hand-built frame (sanity of the oracle)', () => {
  expect(decode(struct({ s: checksum(u8, sum8), d: u8 }), Uint8Array.of(5, 5))._tag).toBe('Right')
})
