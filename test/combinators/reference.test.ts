// References between fields: expressions over earlier fields for sizes,
// counts, presence and cases; derived fields solved on encode; checksum
// fields inside their region; byte order from a magic number.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decode, decodeChecksums, decodeSpans, describe as layout, encode, formatError } from '../../src/index.js'
import {
  array, bits, byteOrderFrom, bytes, checksum, computed, constant, dependent, dependentOpen, derived, flag, inline, internetChecksum, numbersIn, optional, ref, rest,
  sized, struct, tagged, u16be, u32be, u8, uint, uleb128, Expression,
} from '../../combinators/index.js'
import { evaluate, MISSING, showExpr, solve } from '../../src/grammar/evaluate.js'
import { arbitrary, assertDecodeFails, assertEncodeFails, assertRoundTrip, fromHex } from '../../src/testing/index.js'
import fc from 'fast-check'

const lookup = (vars: Record<string, unknown>) => (name: string) => (name in vars ? vars[name] : MISSING)

describe('expressions', () => {
  const a = ref('a')
  it('evaluate every operator', () => {
    const vars = lookup({ a: 12, b: 4, t: true, f: false, big: 7n, s: 'x' })
    const cases: [Expression, unknown][] = [
      [a.plus(ref('b')), 16], [a.minus(2), 10], [a.times(2), 24], [a.dividedBy(ref('b')), 3], [a.dividedBy(5), 'a ÷ 5: 12 is not a multiple of 5'],
      [a.equals(12), true], [a.notEquals(12), false], [a.lessThan(13), true], [a.atMost(11), false], [a.greaterThan(11), true], [a.atLeast(13), false],
      [ref('t').and(ref('f')), false], [ref('t').or(ref('f')), true], [ref('t').not(), false], [ref('big').plus(1), 8],
      [ref('nope'), 'no field nope before this one'], [ref('s'), 'field s is not a number or boolean'], [ref('t').plus(1), 't + 1 needs numbers'],
      [ref('nope').not(), 'no field nope before this one'], [a.plus(ref('nope')), 'no field nope before this one'], [a.dividedBy(0), 'a ÷ 0: 12 is not a multiple of 0'],
    ]
    for (const [expr, value] of cases) expect(evaluate(expr.expr, vars)).toBe(value)
  })

  it('print as people write them, with brackets only where needed', () => {
    expect(showExpr(ref('totalLength').minus(ref('ihl').times(4)).expr)).toBe('totalLength − ihl × 4')
    expect(showExpr(a.minus(ref('b').minus(1)).expr)).toBe('a − (b − 1)')
    expect(showExpr(a.plus(1).times(2).expr)).toBe('(a + 1) × 2')
    expect(showExpr(a.equals(1).and(ref('t').not()).expr)).toBe('a = 1 and not t')
  })

  it('solve a linear equation for its one unknown', () => {
    const unknown = (name: string) => name === 'x'
    expect(solve(ref('x').times(4).minus(20).expr, 8, lookup({}), unknown)).toEqual({ name: 'x', value: 7 })
    expect(solve(ref('t').minus(ref('x').times(4)).expr, 10, lookup({ x: 5 }), (n) => n === 't')).toEqual({ name: 't', value: 30 })
    expect(solve(ref('x').dividedBy(2).expr, 3, lookup({}), unknown)).toEqual({ name: 'x', value: 6 })
    expect(solve(ref('k').times(ref('x')).expr, 6, lookup({ k: 3 }), unknown)).toEqual({ name: 'x', value: 2 })
    expect(solve(ref('x').times(4).expr, 6, lookup({}), unknown)).toMatch(/no whole non-negative solution/)
    expect(solve(ref('x').times(ref('x')).expr, 4, lookup({}), unknown)).toMatch(/not linear/)
    expect(solve(ref('k').dividedBy(ref('x')).expr, 4, lookup({ k: 8 }), unknown)).toMatch(/cannot be solved/)
    expect(solve(ref('x').equals(1).plus(1).expr, 4, lookup({}), unknown)).toMatch(/not arithmetic/)
    expect(solve(ref('x').plus(ref('s')).expr, 4, lookup({ s: true }), unknown)).toMatch(/s is not a number/)
    expect(solve(ref('x').plus(true).expr, 4, lookup({}), unknown)).toMatch(/boolean in arithmetic/)
    expect(solve(ref('x').plus(ref('y')).expr, 4, lookup({}), unknown)).toMatch(/no field y/)
    expect(solve(ref('x').minus(ref('x')).expr, 4, lookup({}), unknown)).toBeUndefined()
    expect(solve(ref('y').expr, 4, lookup({}), unknown)).toBeUndefined()
    // Presence: the flag, its negation, or an equality.
    expect(solve(ref('x').expr, true, lookup({}), unknown)).toEqual({ name: 'x', value: true })
    expect(solve(ref('x').not().expr, true, lookup({}), unknown)).toEqual({ name: 'x', value: false })
    expect(solve(ref('x').equals(3).expr, true, lookup({}), unknown)).toEqual({ name: 'x', value: 3 })
    expect(solve(ref('x').notEquals(3).expr, false, lookup({}), unknown)).toEqual({ name: 'x', value: 3 })
    expect(solve(ref('x').greaterThan(3).expr, true, lookup({}), unknown)).toMatch(/cannot solve/)
  })

  it('refuse bad operands and names when the grammar is built', () => {
    expect(() => ref('')).toThrow(TypeError)
    expect(() => ref('a').plus(Number.NaN)).toThrow(TypeError)
    expect(() => ref('a').plus('1' as never)).toThrow(TypeError)
    expect(() => computed(3 as never)).toThrow(TypeError)
    expect(() => optional('a' as never, u8)).toThrow(TypeError)
    expect(() => derived(rest)).toThrow(RangeError)
    expect(() => derived(constant(u8, 1))).toThrow(RangeError)
    expect(() => derived({} as never)).toThrow(TypeError)
    expect(() => derived({ field: { kind: 'constant', width: 1, value: 0, marker: false } })).toThrow(RangeError)
    expect(() => sized('3' as never, rest)).toThrow(TypeError)
    expect(() => dependent(ref('a'), { 1: u8 }, 3 as never)).toThrow(TypeError)
    expect(() => dependentOpen(ref('a'), {}, 3 as never, () => 1)).toThrow(TypeError)
    expect(() => checksum(rest as never, internetChecksum)).toThrow(RangeError)
    expect(() => checksum(u16be, {} as never)).toThrow(TypeError)
    expect(() => checksum(u16be, internetChecksum, { policy: 'maybe' as never })).toThrow(RangeError)
    expect(() => checksum(u16be, internetChecksum, { context: { grammar: u8, value: 1 as never } })).toThrow(TypeError)
    expect(() => byteOrderFrom({ a: -1 }, () => struct({}))).toThrow(RangeError)
    expect(() => byteOrderFrom({ a: 0x01020201 >>> 0 === 0 ? 0 : 0x11111111 }, () => struct({}))).toThrow(RangeError)
    expect(() => byteOrderFrom({ a: 0x01020304, b: 0x04030201 }, () => struct({}))).toThrow(RangeError)
    expect(() => numbersIn('middle' as never)).toThrow(RangeError)
  })
})

describe('sizes, counts, presence and cases from earlier fields', () => {
  const record = struct({ length: derived(u8), kind: u8, note: u8, data: bytes(ref('length')) })

  it('decode and derive the referenced field on encode', () => {
    assertRoundTrip(record, { kind: 7, note: 1, data: Uint8Array.of(0xaa, 0xbb) }, '02 07 01 aa bb')
    assertDecodeFails(record, '05 07 01 aa', { kind: 'incomplete' })
    assertEncodeFails(record, { kind: 7, note: 1, data: new Uint8Array(300) }, 'range', ['length'])
  })

  it('count and presence, with a flag derived from whether the field is there', () => {
    const frame = struct({ flags: bits({ spare: uint(6), hasId: derived(flag), hasName: derived(flag) }), count: derived(u8), id: optional(ref('hasId'), u16be), values: array(ref('count'), u8), name: optional(ref('hasName'), bytes(2)) })
    assertRoundTrip(frame, { flags: { spare: 1 }, id: 9, values: [1, 2], name: Uint8Array.of(3, 4) }, '07 02 00 09 01 02 03 04')
    assertRoundTrip(frame, { flags: { spare: 0 }, id: undefined, values: [], name: undefined }, '00 00')
    expect(encode(frame, { flags: { spare: 0 }, values: [] })).toEqual(E.right(Uint8Array.of(0, 0)))
  })

  it('a case chosen by an earlier field, derived from the value, with unknown codes kept', () => {
    const other = struct({ type: computed(ref('type')), data: rest })
    const message = struct({ type: derived(u8), seq: u16be, body: dependentOpen(ref('type'), { 1: tagged('kind', 'ping', struct({ n: u8 })) }, () => other, (b) => ('kind' in b ? 1 : b.type)) })
    assertRoundTrip(message, { seq: 5, body: { kind: 'ping', n: 3 } }, '01 00 05 03')
    assertRoundTrip(message, { seq: 5, body: { type: 9, data: Uint8Array.of(1) } }, '09 00 05 01')
    const closed = struct({ type: derived(u8), body: dependent(ref('type'), { 1: u8, 2: u16be }, (v) => (v > 255 ? 2 : 1)) })
    assertDecodeFails(closed, '03 00', { kind: 'invalid', offset: 1, path: ['body', 'type'] })
  })

  it('explain what cannot be derived or does not add up', () => {
    const nobody = struct({ n: derived(u8), x: u8 })
    expect(encode(nobody, { x: 1 })).toMatchObject(E.left({ kind: 'invalid', message: 'cannot derive n: no size, count, presence or case refers to it' }))
    const fixed = struct({ n: u8, data: bytes(ref('n')) })
    expect(encode(fixed, { n: 2, data: Uint8Array.of(1) })).toMatchObject(E.left({ kind: 'length', message: 'n is 2, but the value needs 1' }))
    const alone = bytes(ref('n'))
    expect(encode(alone, Uint8Array.of(1))._tag).toBe('Left')
    expect(decode(alone, Uint8Array.of(1))).toMatchObject(E.left({ kind: 'invalid', message: 'n: no field n before this one' }))
    // An operator's own message names its expression once, not twice.
    const halves = struct({ byteCount: u8, regs: array(ref('byteCount').dividedBy(2), u8) })
    expect(decode(halves, Uint8Array.of(3, 1, 2, 3))).toMatchObject(E.left({ offset: 1, path: ['regs'], message: 'byteCount ÷ 2: 3 is not a multiple of 2' }))
    expect(decode(struct({ n: u8, data: bytes(ref('n').minus(ref('m'))) }), Uint8Array.of(1))).toMatchObject(E.left({ message: 'n − m: no field m before this one' }))
    expect(encode(derived(u8), undefined)).toMatchObject(E.left({ message: 'grammar error: a derived field must stand directly in a struct' }))
    expect(encode(checksum(u16be, internetChecksum), undefined)).toMatchObject(E.left({ message: 'grammar error: a checksum field must stand in a struct' }))
    expect(decode(checksum(u16be, internetChecksum), Uint8Array.of(0, 0))).toMatchObject(E.left({ message: 'grammar error: a checksum field must stand in a struct' }))
    expect(encode(struct({ n: u8, m: computed(ref('n')) }), { n: 1, m: 'x' as never })).toMatchObject(E.left({ kind: 'type' }))
    expect(encode(struct({ n: u8, m: computed(ref('n')) }), 3 as never)).toMatchObject(E.left({ kind: 'type' }))
    const shadow = struct({ n: derived(u8), inner: struct({ n: derived(u8), data: bytes(ref('n')) }), data: bytes(ref('n')) })
    assertRoundTrip(shadow, { inner: { data: Uint8Array.of(1) }, data: Uint8Array.of(2, 3) }, '02 01 01 02 03')
    const outer = struct({ n: derived(u8), inner: struct({ x: u8, data: bytes(ref('n')) }) })
    assertRoundTrip(outer, { inner: { x: 0, data: Uint8Array.of(1, 2) } }, '02 00 01 02')
  })

  it('a struct inlined with references shares its parent’s names', () => {
    const packet = struct({ head: inline(struct({ n: derived(u8), sum: checksum(u8, { name: 'XOR', width: 8, compute: (b, s, e) => b.subarray(s, e).reduce((x, y) => x ^ y, 0) }) })), data: bytes(ref('n')) })
    const bytes_ = assertRoundTrip(packet, { data: Uint8Array.of(5, 6) })
    expect(Array.from(bytes_)).toEqual([2, 2, 5, 6])
    assertDecodeFails(packet, '02 03 05 06', { kind: 'checksum', offset: 1, path: ['sum'] })
  })

  it('describe shows symbolic sizes and derived fields', () => {
    const rows = layout(record)
    expect(rows.find((r) => r.path === 'data')?.size).toBe('length')
    expect(rows.find((r) => r.path === 'length')?.rule).toMatch(/derived/)
    const counted = layout(struct({ n: derived(u8), items: array(ref('n').dividedBy(2), u16be) }))
    expect(counted.find((r) => r.path === 'items[i]')).toBeDefined()
  })

  it('arbitrary values encode and round-trip, a case chosen by an earlier field included', () => {
    const other = struct({ type: computed(ref('type')), data: bytes(2) })
    const grammar = struct({ type: u8, n: derived(u8), body: dependentOpen(ref('type'), { 1: struct({ x: u8 }) }, () => other, (b) => ('x' in b ? 1 : b.type)), items: array(ref('n'), u8), tail: optional(ref('type').equals(1), u8) })
    fc.assert(fc.property(arbitrary(grammar, { maxItems: 3 }), (v) => {
      const bytes_ = encode(grammar, v)
      if (E.isLeft(bytes_)) throw new Error(formatError(bytes_.left))
      expect(decode(grammar, bytes_.right)).toEqual(E.right(v))
    }), { numRuns: 50 })
  })

  it('spans see the same names as decode', () => {
    const spans = decodeSpans(record, fromHex('02 07 01 aa bb'))
    expect(spans.result).toEqual(E.right({ kind: 7, note: 1, data: Uint8Array.of(0xaa, 0xbb) }))
    const checked = struct({ a: u8, sum: checksum(u8, { name: 'XOR-8', width: 8, compute: (b, s, e) => b.subarray(s, e).reduce((x, y) => x ^ y, 0) }, { policy: 'report' }), n: derived(u8), data: bytes(ref('n')) })
    const withSum = decodeSpans(checked, fromHex('01 02 01 03'))
    expect(withSum.result).toEqual(E.right({ a: 1, sum: 2, data: Uint8Array.of(3) }))
    expect(decodeSpans(checked, fromHex('01 02 05 03')).result).toEqual(decode(checked, fromHex('01 02 05 03')))
  })

  it('varint lengths and inner structs keep working beside references', () => {
    const g = struct({ n: derived(u8), a: bytes(ref('n')), b: sized(uleb128(2), struct({ m: derived(u8), c: bytes(ref('m')) })) })
    assertRoundTrip(g, { a: Uint8Array.of(1), b: { c: Uint8Array.of(2, 3) } }, '01 01 03 02 02 03')
  })
})

describe('checksum fields', () => {
  const xor = { name: 'XOR-8', width: 8 as const, compute: (b: Uint8Array, s: number, e: number) => b.subarray(s, e).reduce((x, y) => x ^ y, 0) }
  const context = { grammar: u8, value: (get: (name: string) => unknown) => (typeof get('key') === 'number' ? (get('key') as number) : undefined) }
  const inner = struct({ a: u8, sum: checksum(u8, xor, { policy: 'report', context }), b: u8 })

  it('cover a context from the enclosing struct, and keep a stored value when not verified', () => {
    const outer = struct({ key: u8, body: inner })
    const bytes_ = encode(outer, { key: 0x10, body: { a: 1, b: 2 } })
    expect(bytes_).toEqual(E.right(Uint8Array.of(0x10, 1, 0x10 ^ 1 ^ 2, 2)))
    const checked = decodeChecksums(outer, Uint8Array.of(0x10, 1, 0x13, 2))
    expect(E.isRight(checked) && checked.right.checksums).toEqual([{ field: 'sum', offset: 2, algorithm: 'XOR-8', stored: 0x13, computed: 0x13, status: 'valid' }])
    const wrong = decodeChecksums(outer, Uint8Array.of(0x10, 1, 0x14, 2))
    expect(E.isRight(wrong) && wrong.right.checksums[0]?.status).toBe('invalid')
    // Alone, the context is missing: unverified, and written as zero.
    const alone = decodeChecksums(inner, Uint8Array.of(1, 5, 2))
    expect(E.isRight(alone) && alone.right.checksums[0]?.status).toBe('unverified')
    expect(encode(inner, { a: 1, b: 2 })).toEqual(E.right(Uint8Array.of(1, 0, 2)))
    expect(encode(inner, { a: 1, sum: 7, b: 2 })).toEqual(E.right(Uint8Array.of(1, 7, 2)))
  })

  it('override every policy when asked, and fail on a context or algorithm that throws', () => {
    const verify = decodeChecksums(struct({ key: u8, body: inner }), Uint8Array.of(0x10, 1, 0x14, 2), { policy: 'verify' })
    expect(E.isLeft(verify) && verify.left).toMatchObject({ kind: 'checksum', offset: 2, path: ['body', 'sum'] })
    const ignored = decodeChecksums(struct({ key: u8, body: inner }), Uint8Array.of(0x10, 1, 0x14, 2), { policy: 'ignore' })
    expect(E.isRight(ignored) && ignored.right.checksums[0]?.status).toBe('unverified')
    const throwing = struct({ a: u8, sum: checksum(u8, { name: 'BAD', width: 8, compute: () => { throw new Error('boom') } }) })
    expect(decode(throwing, Uint8Array.of(1, 0))).toMatchObject(E.left({ kind: 'invalid', message: 'BAD failed: Error: boom' }))
    expect(encode(throwing, { a: 1 })).toMatchObject(E.left({ kind: 'invalid', message: 'BAD failed: Error: boom' }))
    const badContext = struct({ a: u8, sum: checksum(u8, xor, { context: { grammar: u8, value: () => { throw new Error('no') } } }) })
    expect(decode(badContext, Uint8Array.of(1, 0))).toMatchObject(E.left({ message: 'checksum context failed: Error: no' }))
    const unencodable = struct({ a: u8, sum: checksum(u8, xor, { context: { grammar: u8, value: () => 999 } }) })
    expect(decode(unencodable, Uint8Array.of(1, 0))).toMatchObject(E.left({ message: expect.stringMatching(/^checksum context cannot be encoded/) }))
    const trailing = decodeChecksums(u8, Uint8Array.of(1, 2))
    expect(E.isLeft(trailing) && trailing.left.kind).toBe('trailing')
    const truncated = decodeChecksums(u16be, Uint8Array.of(1))
    expect(E.isLeft(truncated) && truncated.left.kind).toBe('incomplete')
  })
})

describe('byte order from a magic number', () => {
  const file = byteOrderFrom({ v1: 0xa1b2c3d4 }, (order) => struct({ count: numbersIn(order).u16, big: numbersIn(order).u32 }))
  it('reads both orders and writes the order it read', () => {
    assertRoundTrip(file, { magic: 'v1', byteOrder: 'big', count: 1, big: 2 }, 'a1 b2 c3 d4 00 01 00 00 00 02')
    assertRoundTrip(file, { magic: 'v1', byteOrder: 'little', count: 1, big: 2 }, 'd4 c3 b2 a1 01 00 02 00 00 00')
    const wrong = decode(file, fromHex('0a 0d 0d 0a 00 00 00 00 00 00'))
    expect(E.isLeft(wrong) && wrong.left.message).toBe('no case for magic 0x0a0d0d0a')
    expect(encode(file, { magic: 'v2' as never, byteOrder: 'big', count: 1, big: 2 })._tag).toBe('Left')
    expect(numbersIn('little').u32).not.toBe(u32be)
  })
})

describe('grammar errors in otherwise are named as such', () => {
  it('a RangeError from a combinator is a grammar error, not an input error', () => {
    const g = dependentOpen(u16be, {}, (n) => bytes(n - 10), () => 0)
    const result = decode(g, fromHex('00 01'))
    expect(E.isLeft(result) && result.left.message).toBe('grammar error, not an input error: the grammar otherwise builds for tag 0x0001 is invalid: RangeError: bytes: n must be an integer in 0..9007199254740991 (got -9)')
    expect(encode(g, new Uint8Array(0))).toMatchObject(E.left({ kind: 'tag', message: expect.stringMatching(/^grammar error/) }))
  })
})
