import { describe, expect, it } from 'vitest'
import { analysisOf } from '../../src/analysis/index.js'
import type { Codec } from '../../src/grammar/codec.js'
import { array, bitConstant, bits, checksummed, lazy, constant, crc16CcittFalse, enumeration, map, marker, named, oneOf, range, refine, sized, struct, taggedUnion, u16be, u8, uint } from '../../combinators/index.js'

const a = struct({ magic: marker(constant(u8, 0xa1)), n: u8 })
const b = struct({ magic: marker(constant(u8, 0xb2)), n: u16be })
const c = checksummed(struct({ magic: marker(constant(u8, 0xc3)) }), crc16CcittFalse, u16be)

describe('wrapper projections of the analysis', () => {
  it('unnamed: the node under names only', () => {
    expect(analysisOf(named('x', named('y', a))).unnamed).toBe(a.node)
    const mapped = map(a, (v) => v.n, (n) => ({ n }))
    expect(analysisOf(named('x', mapped)).unnamed).toBe(mapped.node)
    expect(analysisOf(a).unnamed).toBe(a.node)
  })

  it('framing: the node under names, mappings, refinements and inlines, not under a marker or a region', () => {
    const inner = oneOf(named('a', a), named('b', b))
    const wrapped = named('outer', refine(map(inner, (v) => v, (v) => v), () => true, 'any'))
    expect(analysisOf(wrapped).framing).toBe(inner.node)
    const marked = marker(a)
    expect(analysisOf(marked).framing).toBe(marked.node)
    const region = sized(u8, a)
    expect(analysisOf(region).framing).toBe(region.node)
  })

  it('frameKinds: the alternatives of the framing oneOf, nested ones flattened, each under its own wrappers', () => {
    const nested = oneOf(named('a', a), named('rest', oneOf(named('b', map(b, (v) => v, (v) => v)), named('c', c))))
    expect(analysisOf(nested).frameKinds).toEqual([a.node, b.node, c.node])
    expect(analysisOf(named('single', a)).frameKinds).toEqual([a.node])
  })

  it('is memoised per node', () => {
    const g = oneOf(named('a', a), named('b', b))
    expect(analysisOf(g).frameKinds).toBe(analysisOf(g).frameKinds)
  })
})

describe('unchecked', () => {
  it('is the node under names, markers, ranges and refinements, not under a mapping', () => {
    const kind = enumeration(u8, { on: 1, off: 2 })
    expect(analysisOf(named('k', marker(refine(kind, () => true, 'any')))).unchecked).toBe(kind.node)
    expect(analysisOf(range(u16be, 1, 9)).unchecked).toBe(u16be.node)
    const mapped = map(u8, (n) => n, (n) => n)
    expect(analysisOf(named('m', mapped)).unchecked).toBe(mapped.node)
  })
})

describe('holdsMarker', () => {
  it('finds a marker or a marked bit constant anywhere inside, and nothing where there is none', () => {
    expect(analysisOf(a).holdsMarker).toBe(true)
    expect(analysisOf(struct({ n: u8 })).holdsMarker).toBe(false)
    expect(analysisOf(sized(u8, struct({ inner: struct({ m: marker(u8) }) }))).holdsMarker).toBe(true)
    expect(analysisOf(bits({ sync: bitConstant(4, 5, { marker: true }), n: uint(4) })).holdsMarker).toBe(true)
    expect(analysisOf(bits({ sync: bitConstant(4, 5), n: uint(4) })).holdsMarker).toBe(false)
    const kind = enumeration(u8, { on: 1, off: 2 })
    expect(analysisOf(taggedUnion(kind, 'type', { on: struct({ m: marker(constant(u8, 1)) }), off: struct({}) })).holdsMarker).toBe(true)
    expect(analysisOf(taggedUnion(kind, 'type', { on: struct({ n: u8 }), off: struct({}) })).holdsMarker).toBe(false)
  })

  it('follows lazy grammars, and ends on recursive ones', () => {
    interface Tree { readonly value: number; readonly children: Tree[] }
    const plain: Codec<Tree> = struct({ value: u8, children: array(u8, lazy(() => plain, { name: 'plain' })) })
    expect(analysisOf(plain).holdsMarker).toBe(false)
    interface Marked { readonly children: Marked[] }
    const marked: Codec<Marked> = struct({ sync: marker(constant(u8, 0x7e)), children: array(u8, lazy(() => marked, { name: 'marked' })) })
    const behindLazy = struct({ n: u8, rest: lazy(() => marked, { name: 'behind' }) })
    expect(analysisOf(behindLazy).holdsMarker).toBe(true)
  })
})
