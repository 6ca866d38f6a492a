// repeatUntil (Kaitai's repeat-until) and lazy (recursive grammars) through
// every interpreter: decode, encode, size bounds and leads, arbitrary,
// compile, layout and spans.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  array, constant, dependent, derived, lazy, many, marker, oneOf, named, ref, repeatUntil, sized, struct, tagged, u8, u16be, uleb128, varBytes,
} from '../../combinators/index.js'
import { decode, encode, firstBytes, sizeBounds, type Codec, type TypeOf } from '../../src/index.js'
import { layout } from '../../src/interpret/layout.js'
import { decodeSpans } from '../../src/interpret/spans/decode-spans.js'
import { compile } from '../../src/compile/compile.js'
import { wiresharkDissector } from '../../src/dissector/wireshark.js'
import { decodesAlike, encodesAlike } from '../compile/agree.js'
import {
  arbitrary, lengthFields, assertDecodeFails, assertEncodeFails, assertRoundTrip, checkIncompleteOnTruncation, checkRoundTrip, fromHex,
} from '../../src/testing/index.js'
import fc from 'fast-check'

describe('repeatUntil', () => {
  const records = repeatUntil(struct({ type: u8, value: u8 }), (r) => r.type === 0)

  it('reads items until the predicate holds on the last one read, that one included', () => {
    expectTypeOf<TypeOf<typeof records>>().toEqualTypeOf<{ readonly type: number; readonly value: number }[]>()
    assertRoundTrip(records, [{ type: 1, value: 10 }, { type: 2, value: 20 }, { type: 0, value: 0 }], '01 0a 02 14 00 00')
    assertRoundTrip(records, [{ type: 0, value: 7 }], '00 07')
    // What follows the terminator is not the list's.
    expect(decode(struct({ list: records, after: u8 }), fromHex('05 05 00 01 09'))).toEqual(E.right({ list: [{ type: 5, value: 5 }, { type: 0, value: 1 }], after: 9 }))
  })

  it('is incomplete when the input ends before the terminator, invalid past maxItems', () => {
    assertDecodeFails(records, '01 0a 02', { kind: 'incomplete', offset: 3, path: [1, 'value'] })
    assertDecodeFails(records, '', { kind: 'incomplete', offset: 0, path: [0, 'type'] })
    const bounded = repeatUntil(u8, (b) => b === 0, { maxItems: 3 })
    assertRoundTrip(bounded, [1, 2, 0], '01 02 00')
    const error = assertDecodeFails(bounded, '01 02 03 00', { kind: 'invalid', offset: 3 })
    expect(error.message).toBe('no item ended the repetition within 3 item(s)')
    assertDecodeFails(sized(2, bounded), '01 02', { kind: 'invalid', offset: 2 })
  })

  it('refuses an item of no bytes and a predicate that throws, as typed errors', () => {
    const empty = repeatUntil(struct({}), () => false)
    expect(decode(empty, new Uint8Array(4))).toMatchObject(E.left({ kind: 'invalid', message: 'repeated item consumed no bytes', path: [0] }))
    const throwing = repeatUntil(u8, (b) => {
      if (b === 2) throw new Error('bad item')
      return b === 0
    })
    expect(decode(throwing, fromHex('01 02 00'))).toMatchObject(E.left({ kind: 'invalid', offset: 1, path: [1], message: 'the repeatUntil predicate failed: Error: bad item' }))
    expect(encode(throwing, [2, 0])).toMatchObject(E.left({ kind: 'invalid', path: [0] }))
  })

  it('encodes only lists that decode back to themselves', () => {
    assertEncodeFails(records, [{ type: 1, value: 1 }], 'invalid', [0])
    assertEncodeFails(records, [{ type: 0, value: 1 }, { type: 0, value: 2 }], 'invalid', [0])
    assertEncodeFails(records, [], 'length')
    assertEncodeFails(records, 'x', 'type')
    assertEncodeFails(repeatUntil(u8, (b) => b === 0, { maxItems: 2 }), [1, 2, 0], 'length')
    assertEncodeFails(records, [{ type: 1, value: 300 }, { type: 0, value: 0 }], 'range', [0, 'value'])
    expect(encode(records, [{ type: 1, value: 1 }])).toMatchObject(E.left({ message: 'the last item must satisfy the repeatUntil predicate' }))
  })

  it('has size bounds, leads, a layout and spans', () => {
    expect(sizeBounds(records)).toEqual({ min: 2, max: Infinity })
    expect(sizeBounds(repeatUntil(u16be, (n) => n === 0, { maxItems: 4 }))).toEqual({ min: 2, max: 8 })
    expect(firstBytes(repeatUntil(struct({ m: constant(u8, 0x7e), v: u8 }), (r) => r.v === 0))).toEqual([0x7e])
    const rows = layout(struct({ list: records }))
    expect(rows.find((r) => r.path === 'list')?.rule).toBe('one or more items, up to and including the first that satisfies the predicate')
    expect(rows.map((r) => r.path)).toContain('list[i].type')
    const { root, result } = decodeSpans(records, fromHex('01 0a 00 00'))
    expect(result).toEqual(E.right([{ type: 1, value: 10 }, { type: 0, value: 0 }]))
    expect(root.children.map((c) => [c.name, c.offset, c.length])).toEqual([['0', 0, 2], ['1', 2, 2]])
    expect(decodeSpans(records, fromHex('01 0a 02')).result).toEqual(decode(records, fromHex('01 0a 02')))
  })

  it('keeps the laws; its arbitrary ends every list with a terminator', () => {
    checkRoundTrip(records, { numRuns: 60 })
    checkIncompleteOnTruncation(records, { numRuns: 30 })
    checkRoundTrip(struct({ text: repeatUntil(uleb128(2), (n) => n === 0, { maxItems: 5 }), n: u8 }), { numRuns: 40 })
    expect(() => arbitrary(repeatUntil(u16be, (n) => n === 0.5))).toThrow(/no value of the repeatUntil item satisfies its predicate/)
    fc.assert(fc.property(arbitrary(records), (list) => list.length >= 1 && list.at(-1)?.type === 0 && list.slice(0, -1).every((r) => r.type !== 0)), { numRuns: 60 })
  })

  it('compiled code (which calls the interpreter for it) agrees', () => {
    const g = struct({ n: u8, list: records })
    const compiled = compile(g)
    for (const hex of ['09 01 0a 00 00', '09 01 0a', '09 00 05 ff']) decodesAlike(g, compiled, fromHex(hex))
    encodesAlike(g, compiled, { n: 1, list: [{ type: 3, value: 1 }, { type: 0, value: 0 }] })
    encodesAlike(g, compiled, { n: 1, list: [{ type: 3, value: 1 }] })
  })

  it('refuses bad arguments when built', () => {
    expect(() => repeatUntil(u8, 'x' as never)).toThrow(TypeError)
    expect(() => repeatUntil(5 as never, () => true)).toThrow(TypeError)
    expect(() => repeatUntil(u8, () => true, { maxItems: 0 })).toThrow(RangeError)
    expect(() => repeatUntil(u8, () => true, null as never)).toThrow(TypeError)
  })
})

// A recursive grammar's type is declared, as with any recursive type.
interface Tree {
  readonly value: number
  readonly children: Tree[]
}
const tree: Codec<Tree> = struct({ value: u8, children: array(u8, lazy(() => tree, { name: 'tree' })) })

// Nested TLVs: type 1 is a container whose value is more TLVs.
type Tlv = { readonly kind: 'leaf'; readonly data: Uint8Array } | { readonly kind: 'box'; readonly items: Tlv[] }
const tlv: Codec<Tlv> = dependent(
  u8,
  {
    0: tagged('kind', 'leaf', struct({ data: varBytes(u8) })),
    1: tagged('kind', 'box', struct({ length: derived(u8), items: sized(ref('length'), lazy(() => tlvs, { name: 'tlvs', maxDepth: 16 })) })),
  },
  (v) => (v.kind === 'leaf' ? 0 : 1),
  { name: 'type' },
)
const tlvs: Codec<Tlv[]> = many(tlv)

describe('lazy', () => {
  const deepTree = (depth: number): Uint8Array => {
    // value, one child, value, one child, ... then a leaf: depth levels.
    const out = new Uint8Array(depth * 2 + 2)
    for (let i = 0; i < depth; i++) out.set([i & 0xff, 1], i * 2)
    return out
  }

  it('decodes and encodes a recursive grammar (a tree)', () => {
    const value: Tree = { value: 1, children: [{ value: 2, children: [] }, { value: 3, children: [{ value: 4, children: [] }] }] }
    assertRoundTrip(tree, value, '01 02 02 00 03 01 04 00')
    assertDecodeFails(tree, '01 02 02 00 03 01', { kind: 'incomplete', offset: 6, path: ['children', 1, 'children'] })
    expectTypeOf<TypeOf<typeof tree>>().toEqualTypeOf<Tree>()
  })

  it('gives hostile deep nesting a typed error, not a stack overflow', () => {
    expect(decode(tree, deepTree(60))._tag).toBe('Right')
    const deep = decode(tree, deepTree(100_000))
    expect(deep).toMatchObject(E.left({ kind: 'invalid', message: 'tree nested deeper than 64 level(s)' }))
    // The 65th level fails: 65 times a child's key and index.
    if (E.isLeft(deep)) expect(deep.left.path).toEqual(Array.from({ length: 65 }, () => ['children', 0]).flat())
    const shallow: Codec<Tree> = struct({ value: u8, children: array(u8, lazy(() => shallow, { maxDepth: 2 })) })
    expect(decode(shallow, deepTree(2))._tag).toBe('Right')
    expect(decode(shallow, deepTree(3))).toMatchObject(E.left({ kind: 'invalid', message: 'lazy nested deeper than 2 level(s)' }))
    // A value that holds itself would recurse forever: encode stops at the bound.
    const loop: { value: number; children: Tree[] } = { value: 1, children: [] }
    loop.children.push(loop)
    expect(encode(tree, loop)).toMatchObject(E.left({ kind: 'invalid', message: 'tree nested deeper than 64 level(s)' }))
  })

  it('nests TLVs in TLVs with derived lengths', () => {
    const value: Tlv[] = [{ kind: 'box', items: [{ kind: 'leaf', data: Uint8Array.of(7) }, { kind: 'box', items: [] }] }, { kind: 'leaf', data: new Uint8Array(0) }]
    assertRoundTrip(tlvs, value, '01 05 00 01 07 01 00 | 00 00')
    assertDecodeFails(tlvs, '01 05 00 02 07 01 00', { kind: 'invalid', offset: 7, path: [0, 'items', 1, 'data'] })
  })

  it('has unbounded size bounds, leads by its target, and works through compile', () => {
    expect(sizeBounds(tree)).toEqual({ min: 2, max: Infinity })
    expect(sizeBounds(lazy(() => u16be))).toEqual({ min: 2, max: 2 })
    interface Framed {
      readonly body: { readonly protocol: 'more'; readonly value: Framed } | { readonly protocol: 'leaf'; readonly value: number }
    }
    const framed: Codec<Framed> = struct({ m: marker(constant(u8, 0xa5)), body: oneOf(named('more', lazy(() => framed)), named('leaf', u8)) })
    expect(firstBytes(framed)).toEqual([0xa5])
    assertRoundTrip(framed, { body: { protocol: 'more', value: { body: { protocol: 'leaf', value: 3 } } } }, 'a5 a5 03')
    const compiled = compile(tree)
    for (const bytes of [fromHex('01 02 02 00 03 01 04 00'), fromHex('01 02 02 00'), deepTree(70)]) decodesAlike(tree, compiled, bytes)
    encodesAlike(tree, compiled, { value: 1, children: [{ value: 2, children: [] }] })
  })

  it('has an arbitrary that ends, and keeps the laws', () => {
    checkRoundTrip(tree, { numRuns: 60 })
    checkIncompleteOnTruncation(tree, { numRuns: 30 })
    checkRoundTrip(sized(u16be, tlvs), { numRuns: 40 })
    const depthOf = (t: Tree): number => 1 + Math.max(0, ...t.children.map(depthOf))
    fc.assert(fc.property(arbitrary(tree, { maxDepth: 2 }), (t) => depthOf(t) <= 3), { numRuns: 60 })
    interface Endless {
      readonly a: number
      readonly next: Endless
    }
    const endless: Codec<Endless> = struct({ a: u8, next: lazy(() => endless) })
    expect(() => fc.sample(arbitrary(endless), 1)).toThrow(/recurses past .* levels with no way to stop/)
  })

  it('finds the count fields of every level, for the corruption properties', () => {
    const fields = lengthFields(tree, { value: 1, children: [{ value: 2, children: [] }] })
    expect(fields.map((f) => [f.kind, f.offset, f.value, f.path])).toEqual([['count', 1, 1, ['children']], ['count', 3, 0, ['children', 0, 'children']]])
    const listed = lengthFields(struct({ list: repeatUntil(struct({ n: u8, data: varBytes(u8) }), (r) => r.n === 0) }), { list: [{ n: 0, data: Uint8Array.of(5) }] })
    expect(listed.map((f) => [f.kind, f.offset, f.path])).toEqual([['length', 1, ['list', 0, 'data']]])
  })

  it('has arbitraries for choices that recur, and predicates every value meets', () => {
    interface Framed {
      readonly body: { readonly protocol: 'more'; readonly value: Framed } | { readonly protocol: 'leaf'; readonly value: number }
    }
    const framed: Codec<Framed> = struct({ m: marker(constant(u8, 0xa5)), body: oneOf(named('more', lazy(() => framed)), named('leaf', u8)) })
    checkRoundTrip(framed, { numRuns: 40 })
    fc.assert(fc.property(arbitrary(repeatUntil(u8, () => true)), (list) => list.length === 1), { numRuns: 20 })
  })

  it('lays out the target once and refers to it when it recurs', () => {
    const rows = layout(tree)
    expect(rows.map((r) => r.path)).toEqual(['value', 'children.count', 'children[i].value', 'children[i].children.count', 'children[i].children[i]'])
    expect(rows.at(-1)?.rule).toBe('a tree again, laid out above (recursive, at most 64 deep)')
    const { root, result } = decodeSpans(tree, fromHex('01 01 02 00'))
    expect(E.isRight(result)).toBe(true)
    expect(root.children.map((c) => c.name)).toEqual(['value', 'children'])
    expect(decodeSpans(tree, deepTree(100)).result).toEqual(decode(tree, deepTree(100)))
  })

  it('is built before the grammar it names exists, and says when it never does', () => {
    // array() cannot size the item yet: decoding refuses items of no bytes.
    const nothing = array(u8, lazy(() => empty))
    const empty = struct({})
    expect(decode(nothing, fromHex('03'))).toMatchObject(E.left({ kind: 'invalid', message: 'repeated item consumed no bytes', path: [0] }))
    expect(decodeSpans(nothing, fromHex('03')).result).toEqual(decode(nothing, fromHex('03')))
    const throwing = lazy((): Codec<number> => {
      throw new Error('no grammar today')
    })
    expect(decode(throwing, fromHex('01'))).toMatchObject(E.left({ kind: 'invalid', message: 'grammar error, not an input error: lazy grammar lazy has no grammar: Error: no grammar today' }))
    const undefinedTarget = lazy((): Codec<number> => undefined as never)
    expect(decode(undefinedTarget, fromHex('01'))).toMatchObject(E.left({ kind: 'invalid' }))
    const notCodec = lazy(() => 5 as never as Codec<number>, { name: 'five' })
    expect(decode(notCodec, fromHex('01'))).toMatchObject(E.left({ kind: 'invalid', message: 'grammar error, not an input error: lazy grammar five has no grammar: TypeError: lazy five: the function must return a codec' }))
    expect(encode(notCodec, 1)).toMatchObject(E.left({ kind: 'invalid' }))
    expect(layout(notCodec)[0]?.rule).toBe('lazy grammar five, not defined')
    expect(decodeSpans(notCodec, fromHex('01')).result).toEqual(decode(notCodec, fromHex('01')))
    expect(() => wiresharkDissector(notCodec)).toThrow(/lazy grammar five has no grammar/)
    expect(() => lazy('x' as never)).toThrow(TypeError)
    expect(() => lazy(() => u8, { maxDepth: 0 })).toThrow(RangeError)
    expect(() => lazy(() => u8, { maxDepth: 5000 })).toThrow(RangeError)
    expect(() => lazy(() => u8, { name: 3 as never })).toThrow(TypeError)
    expect(() => lazy(() => u8, null as never)).toThrow(TypeError)
  })
})
