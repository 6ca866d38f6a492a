import { describe, expect, it } from 'vitest'
import { analysisOf } from '../../src/analysis/index.js'
import { checksummed, constant, crc16CcittFalse, map, marker, named, oneOf, refine, sized, struct, u16be, u8 } from '../../combinators/index.js'

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
