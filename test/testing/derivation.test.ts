// arbitrary(grammar) proven on grammars that are neither TLM nor EVR, each a
// different shape: a checksummed chunk with a covered range, a packed record
// of bits/enums/ranges/bigints/floats with a user refinement, nested and
// exactly-filled repetitions, an open TLV union keyed by a varint, a oneOf of
// three alternatives, and a custom codec with a user-supplied arbitrary.
// Each gets the full set of ready-made properties (50 runs each) and checks
// that the generated values respect the grammar and reach every case.
import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { codec, decode, encode, sizeBounds, type Codec } from '../../src/index.js'
import {
  array, bitConstant, bits, checksummed, constant, crc32IsoHdlc, custom, dependent, dependentOpen, enumeration, f32be, flag, i64le,
  imap, many, marker, named, oneOf, range, refine, rest, sized, struct, tagged, taggedUnion, u16be, u16le, u32be, u8,
  uint, uleb128, utf8, varBytes, i16be, u64le,
} from '../../combinators/index.js'
import { arbitrary, arbitraryFrame, checkGrammar, override } from '../../src/testing/index.js'

const runs = { numRuns: 50 }

function samples<A>(grammar: Codec<A>, n = 300, options = {}): A[] {
  return fc.sample(arbitrary(grammar, options), { numRuns: n, seed: 42 })
}

describe('1. PNG-like chunk: length, type, data, CRC over type and data only', () => {
  const chunk = checksummed(
    struct({ data: sized(range(u32be, 0, 64), struct({ type: utf8(sized(4, rest)), body: rest })) }),
    crc32IsoHdlc,
    u32be,
    { skipStart: 4 },
  )

  test('all properties hold (50 runs each)', () => checkGrammar(chunk, runs))

  test('the type is always 4 bytes of text, and the data fits its 64-byte limit', () => {
    for (const { data } of samples(chunk)) {
      expect(new TextEncoder().encode(data.type).length).toBe(4)
      expect(4 + data.body.length).toBeLessThanOrEqual(64)
    }
  })
})

describe('2. packed sensor record: bits, enum, ranges, bigint, f32 and a user refinement', () => {
  const evenId = refine(u16be, (n) => n % 2 === 0, 'sensor ids are even')
  const record = struct({
    sync: marker(constant(u8, 0x7e)),
    header: bits({ version: bitConstant(3, 5), kind: uint(2), alarm: flag, stale: flag, spare: flag }),
    id: evenId,
    serial: range(i64le, -10n, 10n ** 12n),
    temperature: range(f32be, -40, 125),
    level: enumeration(u16le, { low: 1, mid: 200, high: 40000 }),
    hops: uleb128(3),
  })

  test('all properties hold (50 runs each)', () => checkGrammar(record, runs))

  test('values obey every rule: refinement, bigint range, f32 exactness, enum, varint limit', () => {
    const all = samples(record)
    for (const v of all) {
      expect(v.id % 2).toBe(0)
      expect(v.serial >= -10n && v.serial <= 10n ** 12n).toBe(true)
      expect(v.temperature).toBe(Math.fround(v.temperature))
      expect(v.temperature >= -40 && v.temperature <= 125).toBe(true)
      expect(v.hops).toBeLessThan(2 ** 21)
      expect(v.header.kind).toBeLessThan(4)
    }
    expect(new Set(all.map((v) => v.level))).toEqual(new Set(['low', 'mid', 'high']))
  })

  test('a refinement that rejects most values takes a user arbitrary', () => {
    const multipleOf1000 = refine(u32be, (n) => n % 1000 === 0, 'whole thousands')
    const values = samples(struct({ amount: multipleOf1000 }), 100, { overrides: [override(multipleOf1000, fc.nat(4_000_000).map((n) => n * 1000))] })
    expect(values.every((v) => v.amount % 1000 === 0)).toBe(true)
    expect(new Set(values.map((v) => v.amount)).size).toBeGreaterThan(50)
    checkGrammar(struct({ amount: multipleOf1000 }), { ...runs, overrides: [override(multipleOf1000, fc.nat(4_000_000).map((n) => n * 1000))] })
  })
})

describe('3. nested and exactly-filled repetitions', () => {
  const grid = struct({
    matrix: array(u8, array(3, i16be)),
    names: array(uleb128(2), utf8(varBytes(u8))),
    block: sized(8, many(u16le)),
    tail: sized(range(u8, 2, 6), many(u8)),
  })

  test('all properties hold (50 runs each)', () => checkGrammar(grid, runs))

  test('fixed regions are filled exactly and bounded regions respected', () => {
    for (const v of samples(grid)) {
      expect(v.block).toHaveLength(4)
      expect(v.tail.length).toBeGreaterThanOrEqual(2)
      expect(v.tail.length).toBeLessThanOrEqual(6)
      for (const row of v.matrix) expect(row).toHaveLength(3)
      for (const name of v.names) expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(255)
    }
  })

  test('a small region limits the batch: 100-byte region of 11-byte items holds at most 9', () => {
    const batch = sized(range(u8, 0, 100), array(u8, struct({ id: u16be, value: f32be, extra: u32be, flag: u8 })))
    const lengths = samples(batch, 200, { size: 'max' }).map((items) => items.length)
    expect(Math.max(...lengths)).toBeLessThanOrEqual(9)
    expect(Math.max(...lengths)).toBeGreaterThan(3)
    checkGrammar(batch, runs)
  })
})

describe('4. open TLV union keyed by a varint', () => {
  const record = dependentOpen(
    uleb128(2),
    {
      1: sized(u8, tagged('kind', 'name', struct({ text: utf8(rest) }))),
      2: sized(u8, tagged('kind', 'point', struct({ x: i16be, y: i16be }))),
      300: tagged('kind', 'wide', struct({ values: array(u8, u32be) })),
    },
    (code) => imap(varBytes(u8), (raw) => ({ kind: 'raw' as const, code, raw }), (v) => v.raw),
    (v) => (v.kind === 'name' ? 1 : v.kind === 'point' ? 2 : v.kind === 'wide' ? 300 : v.code),
  )
  const stream = sized(u16be, many(record))

  test('all properties hold (50 runs each)', () => checkGrammar(stream, runs))

  test('every case is reached, and unknown codes are never known ones', () => {
    const seen = new Set<string>()
    for (const items of samples(stream)) {
      for (const item of items) {
        seen.add(item.kind)
        if (item.kind === 'raw') expect([1, 2, 300]).not.toContain(item.code)
      }
    }
    expect([...seen].sort()).toEqual(['name', 'point', 'raw', 'wide'])
  })
})

describe('5. oneOf of three alternatives', () => {
  const ping = named('ping', struct({ magic: marker(constant(u8, 0x01)), id: u16be }))
  const data = named('data', struct({ magic: marker(constant(u8, 0x02)), payload: varBytes(u8) }))
  const kind = enumeration(u8, { on: 1, off: 2 })
  const event = named('event', struct({ magic: marker(constant(u8, 0x03)), event: taggedUnion(kind, 'type', { on: struct({ level: u8 }), off: struct({}) }) }))
  const message = oneOf(ping, data, event)

  test('all properties hold (50 runs each)', () => checkGrammar(message, runs))

  test('every alternative and every variant is reached', () => {
    const seen = new Set(samples(message).map((m) => (m.protocol === 'event' ? `event:${m.value.event.type}` : m.protocol)))
    expect([...seen].sort()).toEqual(['data', 'event:off', 'event:on', 'ping'])
  })

  test('a value of a later alternative that an earlier one would claim is not generated', () => {
    // `low` is tried first and claims every byte below 0x80, so only bytes
    // from 0x80 up are `high` values; both alternatives stay reachable.
    const low = named('low', refine(u8, (n) => n < 0x80, 'below 0x80'))
    const high = named('high', u8)
    const values = samples(oneOf(low, high), 300)
    expect(values.filter((v) => v.protocol === 'high').every((v) => v.value >= 0x80)).toBe(true)
    expect(new Set(values.map((v) => v.protocol))).toEqual(new Set(['low', 'high']))
    checkGrammar(oneOf(low, high), runs)
  })
})

describe('6. custom codec with a user-supplied arbitrary', () => {
  // Two-digit packed BCD: 0x42 is 42.
  const bcd = custom<number>({
    name: 'bcd8',
    size: { min: 1, max: 1 },
    decode: (s) => {
      if (!s.has(1)) return 0
      const b = s.bytes[s.pos] as number
      if ((b >> 4) > 9 || (b & 15) > 9) {
        s.failInvalid('not BCD')
        return 0
      }
      s.pos++
      return (b >> 4) * 10 + (b & 15)
    },
    encode: (s, v) => {
      s.reserve(1)
      s.bytes[s.pos++] = (Math.floor(v / 10) << 4) | v % 10
    },
  })
  const clock = struct({ hours: bcd, minutes: bcd, seconds: bcd })
  const bcdValues = override(bcd, fc.integer({ min: 0, max: 99 }))

  test('without an arbitrary the derivation refuses, saying which codec needs one', () => {
    expect(() => arbitrary(clock)).toThrow(/custom codec 'bcd8'/)
  })

  test('all properties hold with the supplied arbitrary (50 runs each)', () => checkGrammar(clock, { ...runs, overrides: [bcdValues] }))
})

describe('arbitrary options and edge cases', () => {
  test('floats include -0 and the infinities; NaN only when asked', () => {
    const values = samples(f32be, 2000)
    expect(values.some((v) => Object.is(v, -0))).toBe(true)
    expect(values).toContain(Infinity)
    expect(values).toContain(-Infinity)
    expect(values.some(Number.isNaN)).toBe(false)
    expect(samples(struct({ x: f32be }), 2000, { nan: true }).some((v) => Number.isNaN(v.x))).toBe(true)
  })

  test('maxItems bounds repetitions of variable-size items', () => {
    const names = sized(u16be, many(utf8(varBytes(u8))))
    expect(Math.max(...samples(names, 300, { maxItems: 3, size: 'max' }).map((v) => v.length))).toBeLessThanOrEqual(3)
  })

  test('frames carry the encoding of their value', () => {
    fc.assert(fc.property(arbitraryFrame(struct({ a: u8, b: varBytes(u8) })), ({ value, bytes }) => {
      expect(encode(struct({ a: u8, b: varBytes(u8) }), value)).toEqual(E.right(bytes))
    }), runs)
  })

  test('varints often sit at their byte-count steps, and cases the head cannot hold are left out', () => {
    const values = samples(uleb128(3), 1000)
    for (const step of [0, 127, 128, 16383, 16384, 2097151]) expect(values).toContain(step)
    const shape = dependent(u8, { 1: struct({ a: u8 }), 300: struct({ b: u16be }) }, (v) => ('a' in v ? 1 : 300))
    expect(samples(shape, 100).every((v) => 'a' in v)).toBe(true)
  })

  test('a tight room limits a varint: a 1-byte region holds values below 128', () => {
    const tiny = sized(range(u8, 0, 1), uleb128(4))
    expect(samples(tiny, 200).every((v) => v < 128)).toBe(true)
    expect(sizeBounds(tiny).max).toBe(2)
  })

  test('a range over a mapped value, and a map whose decode throws, are filtered', () => {
    const halves = range(imap(u8, (n) => n / 2, (h) => h * 2), 10, 20)
    expect(samples(halves, 100).every((v) => v >= 10 && v <= 20)).toBe(true)
    const odd = imap(u8, (n) => {
      if (n % 2 === 0) throw new Error('even')
      return n
    }, (n) => n)
    expect(samples(odd, 100).every((v) => v % 2 === 1)).toBe(true)
  })

  test('text over a refined byte grammar keeps what the grammar accepts', () => {
    const shortText = utf8(refine(varBytes(u8), (b) => b.length <= 3, 'at most 3 bytes'))
    for (const text of samples(shortText, 100)) expect(E.isRight(encode(shortText, text))).toBe(true)
  })

  test('impossible rooms and empty unions are reported when the arbitrary is built', () => {
    expect(() => arbitrary(sized(2, array(u8, u32be)), {})).not.toThrow()
    expect(() => arbitrary(sized(range(u8, 3, 3), array(range(u8, 4, 9), u8)))).toThrow(/item/)
    expect(() => arbitrary(struct({ a: sized(range(u8, 10, 20), rest), b: u8 }) as Codec<unknown>, {})).not.toThrow()
    expect(() => arbitrary(enumeration(range(u8, 0, 1), { two: 2 }))).toThrow(/enumeration/)
    expect(() => arbitrary(sized(range(u8, 10, 20), struct({ a: u8, b: u8 })))).toThrow(/cannot hold/)
    expect(() => arbitrary(sized(1, u16be))).toThrow(/cannot hold/)
    expect(() => arbitrary(oneOf(named('any', u8), named('never', u8)))).toThrow(/'never' decode as an earlier/)
  })

  test('values decode back to themselves for bigints at the extremes of u64 and i64', () => {
    const wide = struct({ a: i64le })
    const seen = samples(wide, 1000).map((v) => v.a)
    expect(seen.some((a) => a < 0n)).toBe(true)
    for (const a of seen.slice(0, 50)) expect(decode(wide, (encode(wide, { a }) as E.Right<Uint8Array>).right)).toEqual(E.right({ a }))
  })
})

describe('more edge cases of the derivation', () => {
  test('a lone constant stands for no value; a bigint range is clipped to its width', () => {
    expect(samples(constant(u8, 7), 5)).toEqual([undefined, undefined, undefined, undefined, undefined])
    checkGrammar(constant(u8, 7), runs)
    // range() refuses a bound outside its codec; a hand-made node is clipped.
    const small = codec<bigint>({ tag: 'range', inner: u64le, min: -5n, max: 3n })
    expect(samples(small, 200).every((v) => v >= 0n && v <= 3n)).toBe(true)
  })

  test('items that may encode to nothing are left out of repetitions, which could not decode them', () => {
    const maybeByte = custom<number | null>({
      name: 'maybe-byte',
      size: { min: 0, max: 1 },
      decode: (s) => (s.has(1) ? (s.bytes[s.pos++] as number) : null),
      encode: (s, v) => {
        if (v !== null) s.write(Uint8Array.of(v))
      },
    })
    const options = { overrides: [override(maybeByte, fc.option(fc.nat(255)))] }
    const list = sized(refine(u8, () => true, 'any'), many(maybeByte))
    const values = samples(list, 200, options)
    expect(values.every((items) => items.every((v) => v !== null))).toBe(true)
    expect(values.some((items) => items.length > 0)).toBe(true)
    checkGrammar(list, { ...runs, ...options })
  })
})
