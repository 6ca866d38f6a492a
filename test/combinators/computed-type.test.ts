// computed() decodes to the type of its expression: `tsc` (npm run
// typecheck) checks the `expectTypeOf` lines, vitest the values. Before,
// every computed field was typed `number`, also a comparison that decodes
// to a boolean.
import { describe, expect, expectTypeOf, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { bits, computed, flag, ref, struct, u8, u64be, uint, type Expression } from '../../combinators/index.js'
import { decode, encode } from '../../src/index.js'
import type { Codec, TypeOf } from '../../src/grammar/codec.js'

type IsAny<T> = 0 extends 1 & T ? true : false

const header = bits({ long: flag, words: uint(7) })
const record = struct({
  head: header,
  extra: u8,
  big: u64be,
  total: computed(ref('words').times(4).plus(ref('extra'))),
  rest: computed(ref('extra').modulo(4)),
  wide: computed(ref('big').minus(1)),
  isLong: computed(ref<boolean>('long')),
  same: computed(ref('words')),
  many: computed(ref('words').greaterThan(3)),
  either: computed(ref('long').or(ref('extra').equals(0))),
  neither: computed(ref('long').not().and(ref('extra').notEquals(0))),
})

describe('computed() is typed by its expression', () => {
  it('arithmetic is a number, comparisons and connectives a boolean, a bare ref what it is given', () => {
    expectTypeOf(computed(ref('a').plus(1))).toEqualTypeOf<Codec<number>>()
    expectTypeOf(computed(ref('a').dividedBy(ref('b')))).toEqualTypeOf<Codec<number>>()
    expectTypeOf(computed(ref('a').atLeast(1))).toEqualTypeOf<Codec<boolean>>()
    expectTypeOf(computed(ref('a').equals(ref('b')).and(true))).toEqualTypeOf<Codec<boolean>>()
    expectTypeOf(computed(ref('a').not())).toEqualTypeOf<Codec<boolean>>()
    expectTypeOf(computed(ref('a'))).toEqualTypeOf<Codec<number>>()
    expectTypeOf(computed(ref<boolean>('a'))).toEqualTypeOf<Codec<boolean>>()
    expectTypeOf(ref('a').lessThan(2)).toEqualTypeOf<Expression<boolean>>()
    // Any expression still goes where a length, count or condition is wanted.
    expectTypeOf(ref('a').lessThan(2)).toExtend<Expression>()
    expectTypeOf(ref('a').times(2)).toExtend<Expression>()
  })

  it('a struct with computed fields infers each one, with no any', () => {
    type Value = TypeOf<typeof record>
    expectTypeOf<Value>().toEqualTypeOf<{
      readonly head: { readonly long: boolean; readonly words: number }
      readonly extra: number
      readonly big: bigint
      readonly total: number
      readonly rest: number
      readonly wide: number
      readonly isLong: boolean
      readonly same: number
      readonly many: boolean
      readonly either: boolean
      readonly neither: boolean
    }>()
    expectTypeOf<IsAny<Value['many']>>().toEqualTypeOf<false>()
  })

  it('decodes to values of those types, and encodes them back', () => {
    const bytes = Uint8Array.of(0x85, 6, 0, 0, 0, 0, 0, 0, 0, 9)
    const decoded = decode(record, bytes)
    expect(decoded).toEqual(E.right({
      head: { long: true, words: 5 }, extra: 6, big: 9n,
      total: 26, rest: 2, wide: 8, isLong: true, same: 5, many: true, either: true, neither: false,
    }))
    if (E.isLeft(decoded)) return
    const value = decoded.right
    expect([typeof value.total, typeof value.wide, typeof value.many, typeof value.isLong, typeof value.neither]).toEqual(['number', 'number', 'boolean', 'boolean', 'boolean'])
    expect(encode(record, value)).toEqual(E.right(bytes))
    // A boolean that disagrees with the fields it is computed from is refused on encode.
    expect(encode(record, { ...value, many: false })).toMatchObject(E.left({}))
  })
})
