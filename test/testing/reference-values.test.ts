import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { decode, encode, interpreted, type Codec } from '../../src/index.js'
import {
  bits, bytes, checksum, constant, crc8Smbus, dependent, derived, flag, inline, internetChecksum, named, oneOf, optional, ref, rest, sized, struct, tagged,
  u16be, u8, uint, type BitSpec,
} from '../../combinators/index.js'
import { arbitrary } from '../../src/testing/index.js'
import { modbusTcp } from '../../protocols/index.js'

// Values `arbitrary` gives for grammars whose fields refer to each other
// across structs: each must encode (interpreter and default path, past its
// compile threshold) to bytes that decode back to the same value.

type AnyCodec = Codec<unknown>
const erase = <A>(codec: Codec<A>): AnyCodec => codec as unknown as AnyCodec

function roundTrips(g: AnyCodec, values: readonly unknown[]): void {
  for (const c of [interpreted(g), g]) {
    for (const value of values) {
      const bytes = encode(c, value)
      if (bytes._tag === 'Left') throw new Error(`cannot encode ${JSON.stringify(value, show)}: ${bytes.left.message} at ${bytes.left.path.join('.')}`)
      expect(decode(c, bytes.right)).toEqual({ _tag: 'Right', right: value })
    }
  }
}
const show = (_: string, v: unknown) => (v instanceof Uint8Array ? [...v] : typeof v === 'bigint' ? String(v) : v)

/** A few values of `g`'s arbitrary, each checked to round-trip. */
function sampleRoundTrips(g: AnyCodec, numRuns = 25): unknown[] {
  const values = fc.sample(arbitrary(g), { numRuns, seed: 7 })
  roundTrips(g, values)
  return values
}

describe('arbitrary on presence decided by derived flags', () => {
  it('a derived flag of an enclosing struct decides a field of a nested one', () => {
    const g = struct({ flags: bits({ spare: uint(7), has: derived(flag) }), inner: struct({ a: u8, id: optional(ref('has'), u16be) }) })
    const values = sampleRoundTrips(erase(g), 40) as { inner: { id?: number } }[]
    expect(values.some((v) => v.inner.id !== undefined) && values.some((v) => v.inner.id === undefined)).toBe(true)
  })

  it('negated presence, here and one struct in', () => {
    const g = struct({ flags: bits({ spare: uint(6), none: derived(flag), other: derived(flag) }), id: optional(ref('none').not(), u16be), inner: struct({ x: optional(ref('other').not(), u8) }) })
    const values = sampleRoundTrips(erase(g), 40) as { id?: number; inner: { x?: number } }[]
    expect(values.some((v) => v.id === undefined) && values.some((v) => v.id !== undefined)).toBe(true)
    expect(values.some((v) => v.inner.x === undefined) && values.some((v) => v.inner.x !== undefined)).toBe(true)
  })

  it('presence decided by a derived whole-byte field compared with a constant', () => {
    const g = struct({ version: derived(u8), extra: optional(ref('version').equals(2), u16be), data: u8 })
    const values = sampleRoundTrips(erase(g), 40) as { extra?: number }[]
    expect(values.some((v) => v.extra === undefined) && values.some((v) => v.extra !== undefined)).toBe(true)
  })

  it('a case of a nested struct chosen by a derived code of the enclosing one', () => {
    const body = dependent(ref('code'), { 1: tagged('kind', 'one', struct({ a: u8 })), 2: tagged('kind', 'two', struct({ b: u16be })) }, (v: { kind: string }) => (v.kind === 'one' ? 1 : 2))
    const g = struct({ code: derived(u8), inner: struct({ n: u8, body }) })
    const values = sampleRoundTrips(erase(g), 40) as { inner: { body: { kind: string } } }[]
    expect(new Set(values.map((v) => v.inner.body.kind)).size).toBe(2)
  })
})

describe('arbitrary on oneOf alternatives that refer to enclosing fields', () => {
  it('alternatives sized by an enclosing derived length (Modbus framing)', () => {
    const pdu = oneOf(named('short', sized(ref('length'), struct({ tag: constant(u8, 1), a: u8 }))), named('long', sized(ref('length'), struct({ tag: constant(u8, 2), data: bytes(ref('length').minus(1)) }))))
    const g = struct({ length: derived(u8), pdu })
    const values = sampleRoundTrips(erase(g), 40) as { pdu: { protocol: string } }[]
    expect(new Set(values.map((v) => v.pdu.protocol)).size).toBe(2)
  })

  it('alternatives that read an enclosing plain field, one shadowing the other for some values', () => {
    // `a` accepts any n bytes; `b` is reachable only where `a` fails (n = 0 needs 1 byte of b).
    const pdu = oneOf(named('a', struct({ data: bytes(ref('n')), end: constant(u8, 0xff) })), named('b', struct({ x: u8 })))
    const g = struct({ n: u8, pdu })
    const values = sampleRoundTrips(erase(g), 40) as { pdu: { protocol: string } }[]
    expect(new Set(values.map((v) => v.pdu.protocol)).size).toBe(2)
  })

  it('modbusTcp: requests and responses, each decoding as what it is', () => {
    const values = sampleRoundTrips(erase(modbusTcp), 60) as { pdu: { protocol: string } }[]
    expect(new Set(values.map((v) => v.pdu.protocol))).toEqual(new Set(['request', 'response']))
  })
})

// Random grammars with what the agreement generator (test/compile/reference-grammars.ts)
// leaves out: derived flags and codes deciding presence and cases (negated
// too, and from an enclosing struct), alternatives sized by an enclosing
// derived length, checksum contexts naming derived fields, and two checksums
// in one struct. Each derived field has one field that refers to it.
let counter = 0
const fresh = (prefix: string) => `${prefix}${counter++}`
type Fields = [string, AnyCodec][]
type Maker = (derivedNames: readonly string[], depth: number) => fc.Arbitrary<Fields>

/** The field as it is, or one struct in (so that it refers to the enclosing struct's name). */
const placed = (key: string, g: AnyCodec, nestIt: boolean): Fields => (nestIt ? [[fresh('in'), erase(struct({ [fresh('p')]: u8, [key]: g }))]] : [[key, g]])

const plain: Maker = () => fc.constantFrom(erase(u8), erase(u16be)).map((g) => [[fresh('n'), g]])
const flagsAndPresence: Maker = () =>
  fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()).map(([neg1, neg2, in1, in2]) => {
    const [f1, f2] = [fresh('flag'), fresh('flag')]
    const spec: Record<string, BitSpec<unknown>> = { [fresh('spare')]: uint(6) as BitSpec<unknown>, [f1]: derived(flag) as BitSpec<unknown>, [f2]: derived(flag) as BitSpec<unknown> }
    return [
      [fresh('flags'), erase(bits(spec))],
      ...placed(fresh('opt'), erase(optional(neg1 ? ref(f1).not() : ref(f1), u16be)), in1),
      ...placed(fresh('opt'), erase(optional(neg2 ? ref(f2).not() : ref(f2), u8)), in2),
    ]
  })
const versionAndPresence: Maker = () =>
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.boolean()).map(([c, unequal, nestIt]) => {
    const v = fresh('code')
    return [[v, erase(derived(u8))], ...placed(fresh('opt'), erase(optional(unequal ? ref(v).notEquals(c) : ref(v).equals(c), u8)), nestIt)]
  })
const codeAndCase: Maker = () =>
  fc.boolean().map((nestIt) => {
    const c = fresh('code')
    const cases = { 1: tagged('kind', 'one', struct({ a: u8 })), 2: tagged('kind', 'two', struct({ b: u16be })) }
    return [[c, erase(derived(u8))], ...placed(fresh('case'), erase(dependent(ref(c), cases, (v: { kind: string }) => (v.kind === 'one' ? 1 : 2))), nestIt)]
  })
const lengthAndData: Maker = () =>
  fc.boolean().map((nestIt) => {
    const l = fresh('length')
    return [[l, erase(derived(u8))], ...placed(fresh('data'), erase(bytes(ref(l))), nestIt)]
  })
const checksums: Maker = (derivedNames) => fc.tuple(fc.boolean(), fc.constantFrom(undefined, ...derivedNames)).map(([first, named]) => {
  const context = named === undefined ? undefined : { grammar: u8, value: (get: (name: string) => unknown) => { const v = get(named); return typeof v === 'number' ? v & 0xff : undefined } }
  const outer: Fields = [[fresh('sum'), erase(checksum(u8, crc8Smbus, context === undefined ? {} : { context }))]]
  const header: Fields = [[fresh('hdr'), erase(inline(struct({ [fresh('h')]: u8, [fresh('hsum')]: checksum(u16be, internetChecksum) })))]]
  return first ? [...outer, ...header] : [...header, ...outer]
})
const nested: Maker = (derivedNames, depth) => scoped(derivedNames, depth).map((g) => [[fresh('inner'), g]])
// Alternatives sized by a derived length of the enclosing struct (as Modbus's PDU).
const alternatives: Maker = (derivedNames, depth) =>
  fc.tuple(scoped(derivedNames, depth), scoped(derivedNames, depth)).map(([a, b]) => {
    const l = fresh('length')
    const lead = (tag: number, g: AnyCodec) => erase(sized(ref(l), struct({ tag: constant(u8, tag), body: inline(g as never) })))
    return [[l, erase(derived(u8))], [fresh('alt'), erase(oneOf(named('a', lead(0xa1, a)), named('b', lead(0xb2, b))))]]
  })

function scoped(outer: readonly string[], depth: number): fc.Arbitrary<AnyCodec> {
  const makers: Maker[] = [plain, flagsAndPresence, versionAndPresence, codeAndCase, lengthAndData, checksums]
  if (depth > 0) makers.push(nested, alternatives)
  return fc.array(fc.constantFrom(...makers), { minLength: 1, maxLength: 4 }).chain((picked) => {
    let arb: fc.Arbitrary<{ fields: Fields; names: readonly string[] }> = fc.constant({ fields: [], names: outer })
    for (const maker of picked.filter((m, i) => m !== checksums || picked.indexOf(m) === i)) {
      arb = arb.chain(({ fields, names }) => maker(names, depth - 1).map((more) => ({
        fields: [...fields, ...more],
        names: [...names, ...more.filter(([k, g]) => g.node.tag === 'derived' && !k.startsWith('length')).map(([k]) => k)],
      })))
    }
    return arb.map(({ fields }) => erase(struct(Object.fromEntries(fields))))
  })
}

it('says at once when no value drawn for a struct is valid, instead of searching forever', () => {
  // A derived field that nothing refers to cannot be encoded.
  expect(() => arbitrary(struct({ unused: derived(u8), a: u8 }))).toThrow(/none of 200 values drawn for a struct is valid: cannot derive unused/)
  // And again for the same grammar asked a second time (it once returned a filter that never ended).
  const hopeless = struct({ unused: derived(u8), a: u8 })
  expect(() => arbitrary(hopeless)).toThrow(/none of 200 values drawn/)
  expect(() => arbitrary(hopeless)).toThrow(/none of 200 values drawn/)
  // Every value of `b` decodes as `a`, which takes any bytes.
  const shadowed = struct({ n: u8, pdu: oneOf(named('a', sized(ref('n'), rest)), named('b', sized(ref('n'), struct({ x: rest })))) })
  const values = fc.sample(arbitrary(shadowed), { numRuns: 30, seed: 3 }) as { pdu: { protocol: string } }[]
  expect(values.every((v) => v.pdu.protocol === 'a')).toBe(true)
})

describe('arbitrary on random grammars with references', () => {
  it('gives values that encode and decode back', () => {
    fc.assert(fc.property(scoped([], 2), fc.integer(), (g, seed) => {
      roundTrips(g, fc.sample(arbitrary(g), { numRuns: 5, seed }))
    }), { numRuns: 60 })
  })
})
