import fc from 'fast-check'
import {
  array, bitConstant, bits, bytes, checksummed, constant, crc8Smbus, dependent, enumeration, flag, i16be, i16le, i24le, i8, imap, int, marker,
  lazy, named, oneOf, range, refine, repeatUntil, sized, struct, u16be, u16le, u24be, u8, uint, uleb128, type BitSpec,
} from '../../combinators/index.js'
import type { Codec } from '../../src/index.js'

// Random grammars from the node vocabulary, for properties that must hold
// for any grammar (the analysis against the interpreters). Every grammar is
// self-delimiting and bounded, so frames can be placed in a stream.

type AnyCodec = Codec<unknown>
const erase = <A>(codec: Codec<A>): AnyCodec => codec as unknown as AnyCodec

interface IntSpec {
  readonly codec: Codec<number>
  readonly min: number
  readonly max: number
}
const ints: readonly IntSpec[] = [
  { codec: u8, min: 0, max: 255 },
  { codec: i8, min: -128, max: 127 },
  { codec: u16be, min: 0, max: 0xffff },
  { codec: u16le, min: 0, max: 0xffff },
  { codec: i16be, min: -32768, max: 32767 },
  { codec: i16le, min: -32768, max: 32767 },
  { codec: u24be, min: 0, max: 0xffffff },
  { codec: i24le, min: -0x800000, max: 0x7fffff },
]
const intSpec = fc.constantFrom(...ints)
// Values biased to the ends of the domain, where signedness shows.
const valueIn = (spec: IntSpec): fc.Arbitrary<number> =>
  fc.oneof(fc.constantFrom(spec.min, -1, 0, 1, spec.max).filter((v) => v >= spec.min && v <= spec.max), fc.integer({ min: spec.min, max: spec.max }))

const constantOf = intSpec.chain((spec) => valueIn(spec).map((v) => erase(constant(spec.codec, v))))
const enumOf = intSpec.chain((spec) =>
  fc.uniqueArray(valueIn(spec), { minLength: 1, maxLength: 4 }).map((codes) => erase(enumeration(spec.codec, Object.fromEntries(codes.map((c, i) => [`c${i}`, c]))))),
)
const rangeOf = intSpec.chain((spec) =>
  fc.tuple(valueIn(spec), valueIn(spec)).map(([a, b]) => erase(range(spec.codec, Math.min(a, b), Math.max(a, b)))),
)
const bitField: fc.Arbitrary<BitSpec<unknown>> = fc.oneof(
  fc.integer({ min: 1, max: 4 }).map((w) => uint(w) as BitSpec<unknown>),
  fc.integer({ min: 1, max: 4 }).map((w) => int(w) as BitSpec<unknown>),
  fc.constant(flag as BitSpec<unknown>),
  fc.integer({ min: 1, max: 4 }).chain((w) => fc.tuple(fc.integer({ min: 0, max: 2 ** w - 1 }), fc.boolean()).map(([v, m]) => bitConstant(w, v, { marker: m }) as BitSpec<unknown>)),
)
// Fields until 8, 16, 24, 40 or 64 bits, the last one padded to fit (a wide
// one beyond 53 bits is a bigint), in either bit order.
const bitsOf = fc.tuple(fc.constantFrom(8, 16, 24, 40, 64), fc.array(bitField, { minLength: 1, maxLength: 6 }), fc.constantFrom('msb' as const, 'lsb' as const), fc.boolean()).map(([width, fields, bitOrder, signedPad]) => {
  const taken: [string, BitSpec<unknown>][] = []
  let used = 0
  for (const f of fields) {
    if (used + f.field.width > width) break
    taken.push([`f${taken.length}`, f])
    used += f.field.width
  }
  if (used < width) taken.push([`f${taken.length}`, (signedPad ? int(width - used) : uint(width - used)) as BitSpec<unknown>])
  return erase(bits(Object.fromEntries(taken), { bitOrder }))
})

const leaf: fc.Arbitrary<AnyCodec> = fc.oneof(
  intSpec.map((s) => erase(s.codec)),
  constantOf,
  enumOf,
  rangeOf,
  bitsOf,
  fc.integer({ min: 0, max: 3 }).map((n) => erase(bytes(n))),
  fc.constant(erase(uleb128(3))),
)

/** A random grammar of depth up to `depth`. */
export function grammarArbitrary(depth = 3): fc.Arbitrary<AnyCodec> {
  const { grammar } = fc.letrec<{ grammar: AnyCodec }>((tie) => ({
    grammar: fc.oneof(
      { depthSize: 'small', withCrossShrink: true, maxDepth: depth },
      leaf,
      tie('grammar').map((g) => erase(marker(g))),
      fc.array(tie('grammar'), { minLength: 1, maxLength: 4 }).map((gs) => erase(struct(Object.fromEntries(gs.map((g, i) => [`k${i}`, g]))))),
      fc.tuple(tie('grammar'), tie('grammar')).map(([a, b]) => erase(oneOf(named('a', a), named('b', b)))),
      tie('grammar').map((g) => erase(checksummed(g, crc8Smbus, u8))),
      tie('grammar').map((g) => erase(sized(u8, g))),
      fc.tuple(fc.integer({ min: 0, max: 2 }), tie('grammar')).map(([n, g]) => erase(array(n, g))),
      tie('grammar').map((g) => erase(refine(g, () => true, 'always'))),
      tie('grammar').map((g) => erase(imap(g, (x) => x, (x) => x))),
      tie('grammar').map((a) => erase(dependent(enumeration(u8, { a: 0xfe }), { a }, () => 'a' as const))),
      // Up to three items, the last one even (or not a number at all).
      tie('grammar').map((g) => erase(repeatUntil(g, (v) => typeof v !== 'number' || v % 2 === 0, { maxItems: 3 }))),
      tie('grammar').map((g) => erase(lazy(() => g))),
    ),
  }))
  return grammar
}
