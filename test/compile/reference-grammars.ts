import fc from 'fast-check'
import {
  array, bits, bytes, checksum, constant, computed, crc8Smbus, dependent, derived, flag, inline, internetChecksum, many, oneOf, named, optional, ref, rest,
  range, sized, struct, tagged, u16be, u8, uint, type BitSpec,
} from '../../combinators/index.js'
import type { Codec } from '../../src/index.js'
import { sizeBounds } from '../../src/analysis/index.js'

// Random grammars with references between fields, for the compiled /
// interpreted agreement: structs whose later fields take sizes, counts,
// presence and cases from earlier ones (any distance back, also from an
// enclosing struct), derived and computed fields, derived bit fields,
// checksum fields over their own struct (each policy, with and without a
// context), inlined structs that share their parent's names, and oneOf
// and many around them. Every grammar encodes what `arbitrary` gives.

type AnyCodec = Codec<unknown>
const erase = <A>(codec: Codec<A>): AnyCodec => codec as unknown as AnyCodec

/** One field: its grammar given the numeric names bound before it (outer ones included). */
type FieldMaker = (names: readonly string[], depth: number) => fc.Arbitrary<[string, AnyCodec][]>

let counter = 0
const fresh = (prefix: string) => `${prefix}${counter++}`

const plain: FieldMaker = () => fc.constantFrom(erase(u8), erase(u16be)).map((g) => [[fresh('n'), g]])

// A length, then data of that length (possibly a few fields later).
const lengthAndData: FieldMaker = () =>
  fc.tuple(fc.constantFrom(0, 1, 2), fc.boolean()).map(([gap, small]) => {
    const length = fresh('len')
    const between: [string, AnyCodec][] = Array.from({ length: gap }, () => [fresh('g'), erase(u8)])
    const data: AnyCodec = small ? erase(bytes(ref(length))) : erase(sized(ref(length).plus(1), rest))
    return [[length, erase(derived(u8))], ...between, [fresh('data'), data]]
  })

const countAndItems: FieldMaker = () =>
  fc.constantFrom(1, 2).map((width) => {
    const count = fresh('count')
    return [[count, erase(derived(u8))], [fresh('items'), erase(array(ref(count).dividedBy(width), width === 1 ? u8 : u16be))]]
  })

// A flag in a bits group, given or derived, and an optional field it
// decides, or whose absence it says (a negated flag).
const flagAndOptional: FieldMaker = () =>
  fc.tuple(fc.boolean(), fc.boolean()).map(([isDerived, negated]) => {
    const has = fresh('has')
    const spec: Record<string, BitSpec<unknown>> = { [fresh('spare')]: uint(7) as BitSpec<unknown>, [has]: (isDerived ? derived(flag) : flag) as BitSpec<unknown> }
    return [[fresh('flags'), erase(bits(spec))], [fresh('opt'), erase(optional(negated ? ref(has).not() : ref(has), u16be))]]
  })

// A computed field over names bound before, here or in an enclosing struct.
// (Of plain fields: \`arbitrary\` cannot yet tie a computed value to a derived one.)
const computedField: FieldMaker = (bound) => {
  const names = bound.filter((n) => n.startsWith('n'))
  return names.length === 0 ? plain(names, 0) : fc.tuple(fc.constantFrom(...names), fc.integer({ min: 0, max: 3 })).map(([name, k]): [string, AnyCodec][] => [[fresh('c'), erase(computed(ref(name).times(k).plus(1)))]])
}

// A case chosen by an earlier code, given or derived from the case.
const caseField: FieldMaker = () => {
  const code = fresh('code')
  return fc.boolean().map((isDerived): [string, AnyCodec][] => [
    [code, isDerived ? erase(derived(u8)) : erase(range(u8, 1, 2))],
    [fresh('body'), erase(dependent(ref(code), { 1: tagged('kind', 'one', struct({ a: u8 })), 2: tagged('kind', 'two', struct({ b: u16be })) }, (v: { kind: string }) => (v.kind === 'one' ? 1 : 2)))],
  ])
}

// A case chosen by a head read from the wire, named, and referred to after.
const namedHead: FieldMaker = () => {
  const head = fresh('head')
  const cases = { 1: tagged('kind', 'one', struct({ a: u8 })), 2: tagged('kind', 'two', struct({ b: u16be })) }
  return fc.constant([
    [fresh('sel'), erase(dependent(u8, cases, (v: { kind: string }) => (v.kind === 'one' ? 1 : 2), { name: head }))],
    [fresh('data'), erase(bytes(ref(head)))],
  ])
}

// A context may name any field bound before, an enclosing struct's derived
// length or count too (computed on encode once that struct has solved it).
const checksumField: FieldMaker = (bound) => {
  const names = bound
  return fc.tuple(fc.constantFrom('verify', 'report', 'ignore'), fc.boolean(), fc.boolean()).map(([policy, wide, withContext]) => {
    const context = withContext && names.length > 0
      ? { grammar: u8, value: (get: (name: string) => unknown) => { const v = get(names[0] as string); return typeof v === 'number' ? v & 0xff : undefined } }
      : undefined
    const options = { policy: policy as 'ignore', ...(context === undefined ? {} : { context }) }
    return [[fresh('sum'), erase(wide ? checksum(u16be, internetChecksum, options) : checksum(u8, crc8Smbus, options))]] as [string, AnyCodec][]
  })
}

// At most one checksum field per struct (two would each cover the other);
// an inlined struct's covers its own bytes, inside its parent's region.
function scopedStruct(names: readonly string[], depth: number): fc.Arbitrary<AnyCodec> {
  const makers: FieldMaker[] = [plain, lengthAndData, countAndItems, flagAndOptional, computedField, caseField, namedHead, checksumField]
  if (depth > 0) makers.push(nested, inlined, alternatives, repeated)
  return fc.array(fc.constantFrom(...makers), { minLength: 1, maxLength: 4 }).chain((picked) => {
    const chosen = picked.filter((m, i) => m !== checksumField || picked.indexOf(m) === i)
    // Fields one after the other, each seeing the numeric names before it.
    let arb: fc.Arbitrary<[string, AnyCodec][]> = fc.constant([])
    for (const maker of chosen) {
      arb = arb.chain((fields) => {
        const bound = [...names, ...fields.filter(([k, g]) => k.startsWith('n') || g.node.tag === 'derived').map(([k]) => k)]
        return maker(bound, depth - 1).map((more) => [...fields, ...more])
      })
    }
    return arb.map((fields) => erase(struct(Object.fromEntries(fields))))
  })
}

// A struct of its own that refers to names of the enclosing one.
const nested: FieldMaker = (names, depth) => scopedStruct(names, depth).map((g) => [[fresh('inner'), g]])
// An inlined struct: its fields join the parent's value and names.
const inlined: FieldMaker = (names, depth) => scopedStruct(names, depth).map((g) => [[fresh('in'), erase(inline(g as never))]])
// Alternatives told apart by a leading constant, so that neither shadows
// the other (and naming only their own fields: \`arbitrary\` tries each alone).
const alternatives: FieldMaker = () =>
  fc.tuple(scopedStruct([], 0), scopedStruct([], 0)).map(([a, b]) => {
    const lead = (tag: number, g: AnyCodec) => erase(struct({ tag: constant(u8, tag), body: inline(g as never) }))
    return [[fresh('alt'), erase(oneOf(named('a', lead(0xa1, a)), named('b', lead(0xb2, b))))]]
  })
// Structs repeated: a derived count of them, or as many as a derived length holds.
const repeated: FieldMaker = (names, depth) =>
  fc.tuple(scopedStruct(names, depth), fc.boolean()).map(([g, counted]) => {
    const n = fresh(counted ? 'count' : 'len')
    const items = counted && sizeBounds(g).min > 0 ? array(ref(n), g) : sized(ref(n), many(g))
    return [[n, erase(derived(u8))], [fresh('many'), erase(items)]]
  })

/** A random grammar with references, nested up to `depth` structs deep. */
export function referenceGrammar(depth = 2): fc.Arbitrary<AnyCodec> {
  return scopedStruct([], depth)
}
