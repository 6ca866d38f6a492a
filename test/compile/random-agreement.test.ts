// Generated code against the interpreter on random grammars from the whole
// vocabulary (test/analysis/random-grammars.ts): a valid frame of each, a
// corrupted copy, and its truncations decode alike (value or error,
// deep-equal, and any throw), and the value encodes alike.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compile, decode, interpreted, type Codec } from '../../src/index.js'
import { agreeOnFrame, outcome } from './agree.js'
import { arbitraryFrame } from '../../src/testing/index.js'
import { grammarArbitrary } from '../analysis/random-grammars.js'

type AnyCodec = Codec<unknown>

// Some random grammars have no values to give (an alternative an earlier
// one always shadows): those are left out.
function frames(grammar: AnyCodec): fc.Arbitrary<{ value: unknown; bytes: Uint8Array }> | undefined {
  try {
    return arbitraryFrame(grammar)
  } catch {
    return undefined
  }
}

const cases = grammarArbitrary()
  .map((grammar) => ({ grammar, frames: frames(grammar) }))
  .filter((g) => g.frames !== undefined)
  .chain(({ grammar, frames: arb }) =>
    fc.tuple(fc.constant(grammar), arb as fc.Arbitrary<{ value: unknown; bytes: Uint8Array }>, fc.nat(), fc.integer({ min: 1, max: 255 })),
  )

describe('compiled and interpreted agree on random grammars', () => {
  it('on valid, corrupted and truncated frames, and on encoding (150 grammars)', () => {
    fc.assert(
      fc.property(cases, ([grammar, { value, bytes }, at, mask]) => {
        const fast = compile(grammar)
        const slow = interpreted(grammar)
        agreeOnFrame(grammar, fast, value, bytes, at, mask)
        // The default path, on both sides of its switch to generated code.
        for (let k = 0; k < 10; k++) expect(outcome(() => decode(grammar, bytes))).toStrictEqual(outcome(() => decode(slow, bytes)))
      }),
      { numRuns: 150 },
    )
  })
})
