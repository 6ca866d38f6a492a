// The interpreter's fast paths for structs (src/interpret/decode/
// fixed-struct.ts, struct-arity.ts, the sized filler, the case finder)
// against the field-by-field struct filler they stand in for, on random
// structs and random bytes: the same value, or exactly the same error
// (kind, offset, path, message, every field). The reference is the same
// struct with an empty inlined struct after its fields: that adds nothing
// to the value, bytes or errors, and keeps the struct on the general path.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compile, decode, interpreted, sizeBounds, type Codec } from '../../src/index.js'
import { codec } from '../../src/grammar/codec.js'
import {
  dependent, dependentOpen, enumeration, f32be, f32le, f64be, f64le, i16be, i16le, i24be, i24le, i32be, i32le, i64be, i64le, i8,
  imap, inline, range, rest, sized, struct, tagged, u16be, u16le, u24be, u24le, u32be, u32le, u64be, u64le, u8, utf8, varBytes,
  bits, flag, int, uint, uleb128,
} from '../../combinators/index.js'

type AnyCodec = Codec<unknown>
const sizeOf = (g: AnyCodec): number => sizeBounds(g).max

// Codec<A> is invariant in A: these are handled only as grammars here.
const numbers = [u8, i8, u16be, u16le, i16be, i16le, u24be, u24le, i24be, i24le, u32be, u32le, i32be, i32le, u64be, u64le, i64be, i64le, f32be, f32le, f64be, f64le] as readonly unknown[] as AnyCodec[]

// Fields that need nothing but their bytes, including ones whose rule a
// random byte often breaks (a sparse enumeration, a narrow range).
const fixedField: fc.Arbitrary<AnyCodec> = fc.oneof(
  fc.constantFrom(...numbers),
  fc.constantFrom(enumeration(u8, { a: 0, b: 1, c: 7 }), enumeration(u16le, { x: 2, y: 300 }), enumeration(i8, { minus: -1, zero: 0 })) as fc.Arbitrary<AnyCodec>,
  fc.constantFrom(range(u8, 10, 200), range(i16be, -5, 5), range(u64le, 0n, 1000n), range(f32be, -1, 1)) as fc.Arbitrary<AnyCodec>,
)
// Fields that do not: the general per-arity filler.
const anyField: fc.Arbitrary<AnyCodec> = fc.oneof(
  fixedField,
  fc.constantFrom(varBytes(u8), utf8(varBytes(u8)), sized(u8, struct({ inner: u16be })), struct({ n: u8, m: utf8(varBytes(u8)) })) as fc.Arbitrary<AnyCodec>,
)

const keys = ['a', 'b', 'c', 'd', 'e']
function structOf(fields: readonly AnyCodec[]): { fast: AnyCodec; reference: AnyCodec } {
  const shape: Record<string, AnyCodec> = {}
  fields.forEach((f, i) => (shape[keys[i] as string] = f))
  const fast = struct(shape) as AnyCodec
  const reference = struct({ ...shape, general: inline(struct({})) }) as AnyCodec
  return { fast, reference }
}

// The struct alone, in a region of a length from the wire (overruns are
// then invalid, not incomplete), and as a tagged case (the filler path).
function contexts(fast: AnyCodec, reference: AnyCodec): [AnyCodec, AnyCodec][] {
  return [
    [fast, reference],
    [sized(u8, fast), sized(u8, reference)],
    [dependent(u8, { 1: tagged('kind', 'one', fast as Codec<object>), 2: sized(u8, tagged('kind', 'two', fast as Codec<object>)) }, () => 1), dependent(u8, { 1: tagged('kind', 'one', reference as Codec<object>), 2: sized(u8, tagged('kind', 'two', reference as Codec<object>)) }, () => 1)],
    [struct({ head: u8, body: inline(sized(u8, fast as Codec<object>)) }), struct({ head: u8, body: inline(sized(u8, reference as Codec<object>)) })],
  ] as [AnyCodec, AnyCodec][]
}

function outcomes(fields: readonly AnyCodec[], bytes: Uint8Array): void {
  const { fast, reference } = structOf(fields)
  for (const [g, ref] of contexts(fast, reference)) {
    const slow = interpreted(ref)
    const quick = interpreted(g)
    // Every prefix: short inputs are where the fast path hands over.
    for (let end = 0; end <= bytes.length; end++) {
      const part = bytes.subarray(0, end)
      expect(decode(quick, part)).toStrictEqual(decode(slow, part))
    }
  }
}

describe('struct fast paths of the interpreter', () => {
  it('structs of fixed fields decode as field by field: values and errors (300 structs)', () => {
    fc.assert(
      fc.property(fc.array(fixedField, { minLength: 1, maxLength: 5 }), fc.uint8Array({ maxLength: 48 }), (fields, bytes) => outcomes(fields, bytes)),
      { numRuns: 300 },
    )
  })

  it('structs of any value fields decode as field by field (200 structs)', () => {
    fc.assert(
      fc.property(fc.array(anyField, { minLength: 1, maxLength: 5 }), fc.uint8Array({ maxLength: 48 }), (fields, bytes) => outcomes(fields, bytes)),
      { numRuns: 200 },
    )
  })

  it('a broken rule inside a fixed struct names its field and offset', () => {
    const reading = interpreted(struct({ id: u16be, unit: enumeration(u8, { c: 0, f: 1 }), level: range(u8, 0, 100) }))
    const bad = decode(reading, Uint8Array.of(0, 1, 0, 101))
    expect(bad).toMatchObject({ _tag: 'Left', left: { kind: 'invalid', offset: 3, path: ['level'], message: '101 is out of range' } })
    const unknown = decode(reading, Uint8Array.of(0, 1, 9, 1))
    expect(unknown).toMatchObject({ _tag: 'Left', left: { kind: 'invalid', offset: 2, path: ['unit'], message: 'unknown code 9' } })
    const short = decode(reading, Uint8Array.of(0, 1, 0))
    expect(short).toMatchObject({ _tag: 'Left', left: { kind: 'incomplete', offset: 3, path: ['level'], needed: 1 } })
    const inRegion = decode(interpreted(sized(u8, reading)), Uint8Array.of(3, 0, 1, 0, 5))
    expect(inRegion).toMatchObject({ _tag: 'Left', left: { kind: 'invalid', offset: 4, path: ['level'] } })
  })

  it('a numeric head finds its case, an unknown one falls to `otherwise` or fails as before', () => {
    const open = dependentOpen(
      u8,
      { 0: tagged('t', 'zero', struct({ v: u8 })), 7: tagged('t', 'seven', struct({ v: u16le })), 1000: tagged('t', 'big', struct({})) },
      (code) => imap(rest, (bytes) => ({ t: 'other' as const, code, n: bytes.length }), () => new Uint8Array(0)),
      () => 0,
    )
    const g = interpreted(open as AnyCodec)
    expect(decode(g, Uint8Array.of(0, 5))).toStrictEqual(decode(open as AnyCodec, Uint8Array.of(0, 5)))
    expect(decode(g, Uint8Array.of(7, 1, 2))).toMatchObject({ _tag: 'Right', right: { t: 'seven', v: 0x201 } })
    expect(decode(g, Uint8Array.of(9, 1, 2))).toMatchObject({ _tag: 'Right', right: { t: 'other', code: 9, n: 2 } })
    const closed = interpreted(dependent(u8, { 0: tagged('t', 'zero', struct({ v: u8 })), 7: tagged('t', 'seven', struct({ v: u8 })) }, () => 0) as AnyCodec)
    expect(decode(closed, Uint8Array.of(8, 1))).toMatchObject({ _tag: 'Left', left: { kind: 'invalid', offset: 0, path: ['tag'], message: 'no case for tag 8' } })
  })

  it('bit groups of more than four value fields, and a hand-made __proto__ field, as generated code decodes them', () => {
    const wide = bits({ a: flag, b: flag, c: uint(2), d: int(2), e: uint(2) })
    const byte = Uint8Array.of(0b10_11_10_11)
    expect(decode(interpreted(wide), byte)).toStrictEqual({ _tag: 'Right', right: { a: true, b: false, c: 3, d: -2, e: 3 } })
    expect(decode(interpreted(wide), byte)).toStrictEqual(decode(compile(wide), byte))
    const proto = codec<Record<string, number>>({ tag: 'bits', size: 1, lsbFirst: false, fields: [['__proto__', { kind: 'uint', width: 4 }], ['x', { kind: 'uint', width: 4 }]] })
    const out = decode(interpreted(proto), Uint8Array.of(0x12))
    expect(out._tag === 'Right' && Object.getOwnPropertyDescriptor(out.right, '__proto__')?.value).toBe(1)
    expect(out).toMatchObject({ right: { x: 2 } })
  })

  it('bit fields of a word of up to 4 bytes, at the widths where 32-bit arithmetic turns', () => {
    const word = Uint8Array.of(0xff, 0xff, 0xff, 0xfe)
    expect(decode(interpreted(bits({ all: uint(32) })), word)).toStrictEqual(decode(bits({ all: uint(32) }), word))
    expect(decode(interpreted(bits({ all: uint(32) })), word)).toMatchObject({ right: { all: 0xfffffffe } })
    expect(decode(interpreted(bits({ all: int(32) })), word)).toMatchObject({ right: { all: -2 } })
    expect(decode(interpreted(bits({ top: flag, low: int(31) })), word)).toMatchObject({ right: { top: true, low: -2 } })
    expect(decode(interpreted(bits({ top: int(31), low: uint(1) })), word)).toMatchObject({ right: { top: -1, low: 0 } })
    // Least significant bit first: the word is 0xfeffffff, `top` its low 31 bits.
    expect(decode(interpreted(bits({ top: int(31), low: uint(1) }, { bitOrder: 'lsb' })), word)).toMatchObject({ right: { top: 0x7effffff - 2 ** 31, low: 1 } })
    for (const g of [bits({ a: uint(32) }), bits({ a: int(32) }), bits({ a: int(31), b: flag }), bits({ a: int(31), b: flag }, { bitOrder: 'lsb' }), bits({ a: int(3), b: uint(21) })] as AnyCodec[]) {
      for (const bytes of [word, Uint8Array.of(0x80, 0, 0, 1), Uint8Array.of(0x7f, 0xff, 0xff, 0xff), Uint8Array.of(0, 0, 0)]) {
        expect(decode(interpreted(g), bytes.subarray(0, sizeOf(g)))).toStrictEqual(decode(compile(g), bytes.subarray(0, sizeOf(g))))
      }
    }
  })

  it('a one-byte varint, and the longer and non-minimal ones as before', () => {
    const v = interpreted(uleb128(2))
    expect(decode(v, Uint8Array.of(0x7f))).toStrictEqual({ _tag: 'Right', right: 127 })
    expect(decode(v, Uint8Array.of(0x80, 0x01))).toStrictEqual({ _tag: 'Right', right: 128 })
    expect(decode(v, Uint8Array.of(0x80, 0x00))).toMatchObject({ _tag: 'Left', left: { kind: 'invalid', message: 'non-minimal varint' } })
    expect(decode(v, Uint8Array.of(0x80))).toMatchObject({ _tag: 'Left', left: { kind: 'incomplete', offset: 1 } })
  })
})
