// Generated code against the interpreter on random grammars with
// references between fields (reference-grammars.ts): a valid frame of
// each, a corrupted copy, its truncations, and the value's encoding agree
// (value or error, deep-equal, and any throw); valid frames decode by the
// generated code alone, with no interpreter closure inside.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compile, decode, encode, interpreted, type Codec } from '../../src/index.js'
import { arbitraryFrame } from '../../src/testing/index.js'
import { referenceGrammar } from './reference-grammars.js'
import { agreeOnFrame, fastPathDecodes, fastPathEncodes } from './agree.js'
import { interpretedEncodeParts, interpretedParts } from './interpreter-free.js'

type AnyCodec = Codec<unknown>

// One frame of the grammar from `arbitrary`, or undefined where it cannot
// derive one (an alternative an earlier one always shadows).
function frameOf(grammar: AnyCodec, seed: number): { value: unknown; bytes: Uint8Array } | undefined {
  try {
    return fc.sample(arbitraryFrame(grammar, { maxItems: 3 }), { numRuns: 1, seed })[0]
  } catch {
    return undefined
  }
}

let tried = 0
let derivedFrames = 0
const cases = fc
  .tuple(referenceGrammar(), fc.integer(), fc.nat(), fc.integer({ min: 1, max: 255 }))
  .map(([grammar, seed, at, mask]) => {
    tried++
    const frame = frameOf(grammar, seed)
    if (frame !== undefined) derivedFrames++
    return { grammar, frame, at, mask }
  })
  .filter((c) => c.frame !== undefined)

describe('compiled and interpreted agree on random grammars with references', () => {
  it('on valid, corrupted and truncated frames, and on encoding', () => {
    fc.assert(
      fc.property(cases, ({ grammar, frame, at, mask }) => {
        const { value, bytes } = frame as { value: unknown; bytes: Uint8Array }
        const fast = compile(grammar)
        expect(interpretedParts(grammar)).toEqual([])
        expect(interpretedEncodeParts(grammar)).toEqual([])
        const slow = interpreted(grammar)
        const reference = decode(slow, bytes)
        expect(reference._tag).toBe('Right')
        expect(fastPathDecodes(grammar, bytes)).toStrictEqual(reference._tag === 'Right' ? reference.right : undefined)
        agreeOnFrame(grammar, fast, value, bytes, at, mask)
        // The generated encoder alone (its parts' fallbacks included, no
        // rerun of the whole grammar) gives the interpreter's bytes.
        const encoded = encode(slow, value)
        if (encoded._tag === 'Right') fastPathEncodes(grammar, value, encoded.right)
      }),
      // A fixed seed: \`arbitrary\` can search for a long time on some grammars
      // of this family (oneOf filters), and the suite must not hang on one.
      { numRuns: 200, seed: 20261130 },
    )
    // Most random grammars must have given frames, or the property says little.
    expect(derivedFrames).toBeGreaterThan(tried / 2)
  })
})
