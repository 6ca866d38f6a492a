import { describe, expect, it } from 'vitest'
import { compile, decode, decodePrefix, interpreted, isCompiled, type Codec } from '../../src/index.js'
import { checksummed, imap, struct, u8, u16be } from '../../combinators/index.js'
import type { ChecksumAlgorithm } from '../../combinators/index.js'

// Generated code calls user functions directly; an exception from one must
// end as the interpreter's typed error, never escape decode.
const throwingAlgorithm: ChecksumAlgorithm = {
  name: 'boom',
  width: 8,
  compute: () => {
    throw new Error('boom')
  },
}

function agreesWithoutThrowing<A>(name: string, grammar: Codec<A>): void {
  it(`${name}: the same typed error as the interpreter, nothing thrown`, () => {
    const compiled = compile(grammar)
    expect(isCompiled(compiled)).toBe(true)
    const reference = interpreted(grammar)
    const input = Uint8Array.of(1, 2, 3)
    const expected = decodePrefix(reference, input)
    expect(expected._tag).toBe('Left')
    expect(() => decodePrefix(compiled, input)).not.toThrow()
    expect(decodePrefix(compiled, input)).toEqual(expected)
    expect(decode(compiled, input)).toEqual(decode(reference, input))
    // The default path compiles after a few uses: the same answers throughout.
    for (let i = 0; i < 20; i++) expect(decodePrefix(grammar, input)).toEqual(expected)
  })
}

describe('compiled decoders and exceptions from user functions', () => {
  agreesWithoutThrowing('a throwing checksum algorithm', checksummed(u8, throwingAlgorithm, u8))
  const small = imap(u16be, (n): number => {
    if (n > 255) throw new Error('too big')
    return n
  }, (n) => n)
  agreesWithoutThrowing('a throwing mapping', struct({ a: u8, b: small }))
})
