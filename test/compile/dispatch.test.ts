import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Codec } from '../../src/grammar/codec.js'
import type { OneOfNode } from '../../src/grammar/node.js'
import { decodePrefix } from '../../src/api.js'
import { DecodeState } from '../../src/runtime/decode-state.js'
import { decoderOf } from '../../src/interpret/decoder.js'
import { compile, isCompiled } from '../../src/compile/compile.js'
import { interpreted } from '../../src/compile/execution.js'
import { bitConstant, bits, constant, enumeration, marker, named, oneOf, struct, u16be, u8, uint } from '../../combinators/index.js'
import { detect } from '../../protocols/index.js'

// First-byte dispatch must not change which alternative wins: compare with
// trying every alternative in order, as oneOf is specified.
function reference(node: OneOfNode, bytes: Uint8Array): unknown {
  for (const alternative of node.alternatives) {
    const s = new DecodeState(bytes)
    const value = decoderOf(alternative.inner.node)(s)
    if (s.error === undefined) return { won: alternative.name, value, bytesRead: s.pos }
    if (s.committed) return { committed: alternative.name, error: s.error }
  }
  return 'none'
}

function outcome(grammar: Codec<any>, bytes: Uint8Array): unknown {
  const result = decodePrefix(grammar, bytes)
  if (result._tag === 'Right') return { won: result.right.value.protocol, value: result.right.value.value, bytesRead: result.right.bytesRead }
  const error = result.left
  // oneOf's own errors (nothing matched) against an alternative's committed one.
  const own = error.kind === 'no-match' || (error.kind === 'incomplete' && error.message.startsWith('input ended before any of'))
  return own ? 'none' : { error }
}

const grammars: Record<string, Codec<any>> = {
  detect,
  overlapping: oneOf(
    named('x', struct({ m: marker(constant(u8, 1)), x: u8 })),
    named('y', struct({ y: enumeration(u8, { a: 1, b: 2 }), z: u8 })),
    named('z', struct({ m: marker(constant(u16be, 0x0102)) })),
    named('w', struct({ any: u8 })),
  ),
  bitMarkers: oneOf(
    named('v2', struct({ h: bits({ v: bitConstant(4, 2, { marker: true }), r: bitConstant(1, 0), f: uint(3) }), x: u8 })),
    named('v3', struct({ h: bits({ v: bitConstant(4, 3, { marker: true }), f: uint(4) }) })),
    named('any', struct({ b: u8 })),
  ),
}

describe('oneOf dispatch on the first byte', () => {
  for (const [name, grammar] of Object.entries(grammars)) {
    const fast = compile(grammar)
    const slow = interpreted(grammar)
    it(`${name}: the same alternative wins, or commits, as when trying each in order`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
          const expected = reference(grammar.node as OneOfNode, bytes)
          const actual = outcome(slow, bytes)
          if (typeof expected === 'object' && expected !== null && 'committed' in expected) {
            expect(actual).toEqual({ error: (expected as unknown as { error: unknown }).error })
          } else expect(actual).toEqual(expected)
          expect(isCompiled(fast)).toBe(true)
          expect(outcome(fast, bytes)).toEqual(actual)
          expect(outcome(grammar, bytes)).toEqual(actual)
        }),
        { numRuns: 300 },
      )
    })
  }
})
