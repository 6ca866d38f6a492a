/**
 * Type tests: `tsc` (npm run typecheck) checks every `expectTypeOf` here;
 * at run time they are no-ops. Value types are compared by mutual
 * assignability where `readonly` modifiers do not matter, and exactly where
 * they do.
 */
import { describe, expectTypeOf, it } from 'vitest'
import {
  array, bitConstant, bits, bytes, constant, dependent, enumeration, f32le, flag, i64be, imap, inline, many, marker, named,
  oneOf, range, refine, rest, sized, struct, tagged, taggedUnion, u16be, u16le, u32le, u64le, u8, uint, uleb128, utf8, varBytes,
} from '../../combinators/index.js'
import { detect, eventRecord, telemetry } from '../../protocols/index.js'
import { decode, decodePrefix, encode, type Decoded } from '../../src/api.js'
import type { Codec, TypeOf } from '../../src/grammar/codec.js'
import type { DecodeError, EncodeError } from '../../src/runtime/errors.js'
import type { Either } from 'fp-ts/lib/Either.js'
import type { SpecDetected, SpecEvrRecord, SpecTlmFrame } from '../fixtures/spec-shapes.js'

type IsAny<T> = 0 extends 1 & T ? true : false
/** True when `any` appears anywhere in T (through objects, arrays and unions, a few levels deep). */
type AnyInside<T, Depth extends unknown[] = []> = Depth['length'] extends 6
  ? false
  : IsAny<T> extends true
    ? true
    : T extends Uint8Array
      ? false
      : T extends readonly (infer I)[]
        ? AnyInside<I, [...Depth, 0]>
        : T extends object
          ? true extends { [K in keyof T]-?: AnyInside<T[K], [...Depth, 0]> }[keyof T]
            ? true
            : false
          : false
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false

// The normative shapes of PROTOCOLS.md.
type TlmFrame = SpecTlmFrame
type EvrRecord = SpecEvrRecord
type Detected = SpecDetected

describe('inferred value types', () => {
  it('infers leaves', () => {
    expectTypeOf<TypeOf<typeof u8>>().toEqualTypeOf<number>()
    expectTypeOf<TypeOf<typeof u64le>>().toEqualTypeOf<bigint>()
    expectTypeOf<TypeOf<typeof i64be>>().toEqualTypeOf<bigint>()
    expectTypeOf<TypeOf<typeof f32le>>().toEqualTypeOf<number>()
    expectTypeOf<TypeOf<ReturnType<typeof bytes>>>().toEqualTypeOf<Uint8Array>()
    expectTypeOf<TypeOf<typeof rest>>().toEqualTypeOf<Uint8Array>()
    expectTypeOf<TypeOf<ReturnType<typeof uleb128>>>().toEqualTypeOf<number>()
    expectTypeOf<TypeOf<ReturnType<typeof utf8>>>().toEqualTypeOf<string>()
    expectTypeOf<TypeOf<typeof marker<number>>>().toEqualTypeOf<never>() // a function is not a codec
  })

  it('leaves constants and markers out of a struct and merges inline fields', () => {
    const header = struct({ magic: marker(constant(u16be, 0x5aa5)), version: constant(u8, 1), seq: u16be, flags: u8 })
    expectTypeOf<Same<TypeOf<typeof header>, { seq: number; flags: number }>>().toEqualTypeOf<true>()
    expectTypeOf<keyof TypeOf<typeof header>>().toEqualTypeOf<'seq' | 'flags'>()
    const record = struct({ sync: constant(u8, 0xb5), body: inline(sized(u16le, struct({ id: u32le, value: u16le }))), tail: u8 })
    expectTypeOf<Same<TypeOf<typeof record>, { id: number; value: number; tail: number }>>().toEqualTypeOf<true>()
    expectTypeOf<keyof TypeOf<typeof record>>().toEqualTypeOf<'id' | 'value' | 'tail'>()
  })

  it('types an enumeration as its names', () => {
    const unit = enumeration(u8, { celsius: 0, percent: 1 })
    expectTypeOf<TypeOf<typeof unit>>().toEqualTypeOf<'celsius' | 'percent'>()
  })

  it('types bits as their non-constant fields', () => {
    const header = bits({ version: bitConstant(4, 2, { marker: true }), reserved: bitConstant(1, 0), urgent: flag, level: uint(2) })
    expectTypeOf<Same<TypeOf<typeof header>, { urgent: boolean; level: number }>>().toEqualTypeOf<true>()
    expectTypeOf<keyof TypeOf<typeof header>>().toEqualTypeOf<'urgent' | 'level'>()
  })

  it('types dependent and taggedUnion as unions of their cases', () => {
    const shape = dependent(u8, {
      1: tagged('kind', 'circle', struct({ r: u16be })),
      2: tagged('kind', 'rect', struct({ w: u16be, h: u16be })),
    }, (v) => (v.kind === 'circle' ? 1 : 2))
    expectTypeOf<Same<TypeOf<typeof shape>, { kind: 'circle'; r: number } | { kind: 'rect'; w: number; h: number }>>().toEqualTypeOf<true>()
    const event = taggedUnion(enumeration(u8, { on: 1, off: 2 }), 'type', { on: struct({ level: u8 }), off: struct({}) })
    expectTypeOf<Same<TypeOf<typeof event>, { type: 'on'; level: number } | { type: 'off' }>>().toEqualTypeOf<true>()
  })

  it('types oneOf by alternative name', () => {
    const either = oneOf(named('a', u8), named('b', utf8(rest)))
    expectTypeOf<Same<TypeOf<typeof either>, { protocol: 'a'; value: number } | { protocol: 'b'; value: string }>>().toEqualTypeOf<true>()
  })

  it('narrows with a type-guard refinement, and maps with imap', () => {
    const small = refine(u8, (n): n is 1 | 2 => n === 1 || n === 2, 'must be 1 or 2')
    expectTypeOf<TypeOf<typeof small>>().toEqualTypeOf<1 | 2>()
    const plain = refine(u8, (n) => n > 0, 'positive')
    expectTypeOf<TypeOf<typeof plain>>().toEqualTypeOf<number>()
    const date = imap(u32le, (s) => new Date(s * 1000), (d) => d.getTime() / 1000)
    expectTypeOf<TypeOf<typeof date>>().toEqualTypeOf<Date>()
    expectTypeOf<TypeOf<ReturnType<typeof range<bigint>>>>().toEqualTypeOf<bigint>()
  })

  it('types repetition as arrays', () => {
    expectTypeOf<TypeOf<ReturnType<typeof array<number>>>>().toEqualTypeOf<number[]>()
    const items = many(struct({ a: u8 }))
    expectTypeOf<Same<TypeOf<typeof items>, { a: number }[]>>().toEqualTypeOf<true>()
    expectTypeOf<TypeOf<typeof varBytes>>().toEqualTypeOf<never>()
  })

  it('gives the PROTOCOLS.md shapes for TLM, EVR and detection', () => {
    expectTypeOf<Same<TypeOf<typeof telemetry>, TlmFrame>>().toEqualTypeOf<true>()
    expectTypeOf<Same<TypeOf<typeof eventRecord>, EvrRecord>>().toEqualTypeOf<true>()
    expectTypeOf<Same<TypeOf<typeof detect>, Detected>>().toEqualTypeOf<true>()
    // And not a looser one: a wrong unit or a missing field is not a frame.
    expectTypeOf<Same<TypeOf<typeof telemetry>, Omit<TlmFrame, 'seq'>>>().toEqualTypeOf<false>()
    expectTypeOf<Same<TypeOf<typeof eventRecord>, EvrRecord & { extra: 1 }>>().toEqualTypeOf<false>()
  })

  it('lets no any leak into inferred types', () => {
    expectTypeOf<TypeOf<typeof telemetry>>().not.toBeAny()
    expectTypeOf<AnyInside<TypeOf<typeof telemetry>>>().toEqualTypeOf<false>()
    expectTypeOf<AnyInside<TypeOf<typeof eventRecord>>>().toEqualTypeOf<false>()
    expectTypeOf<AnyInside<TypeOf<typeof detect>>>().toEqualTypeOf<false>()
    const shape = dependent(u8, { 1: tagged('k', 'x', struct({ r: u16be })) }, () => 1)
    expectTypeOf<AnyInside<TypeOf<typeof shape>>>().toEqualTypeOf<false>()
    const either = oneOf(named('a', struct({ n: u8, m: marker(constant(u8, 1)) })))
    expectTypeOf<AnyInside<TypeOf<typeof either>>>().toEqualTypeOf<false>()
    // The checker itself finds an any.
    expectTypeOf<AnyInside<{ a: { b: Array<{ c: any }> } }>>().toEqualTypeOf<true>()
  })
})

describe('entry point types', () => {
  it('returns fp-ts Eithers with typed errors', () => {
    expectTypeOf(decode(u8, new Uint8Array())).toEqualTypeOf<Either<DecodeError, number>>()
    expectTypeOf(decodePrefix(u8, new Uint8Array())).toEqualTypeOf<Either<DecodeError, Decoded<number>>>()
    expectTypeOf(encode(u8, 1)).toEqualTypeOf<Either<EncodeError, Uint8Array>>()
  })
  it('refuses values of the wrong type at compile time', () => {
    // @ts-expect-error a string is not a u8 value
    encode(u8, 'x')
    // @ts-expect-error a frame needs its payload
    encode(telemetry, { seq: 1, timestamp: 2 })
    // @ts-expect-error codecs are invariant: a Codec<number> is not a Codec<unknown>
    const loose: Codec<unknown> = u8
    void loose
  })
})
