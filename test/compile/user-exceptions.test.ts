import { describe, expect, it } from 'vitest'
import { compile, decode, decodePrefix, interpreted, isCompiled, type Codec } from '../../src/index.js'
import { checksummed, dependentOpen, imap, named, oneOf, struct, u8, u16be } from '../../combinators/index.js'
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

  // Where the default path's stateless decoder calls another (an
  // alternative of oneOf, a grammar that otherwise gave), a throw in the
  // callee gives up the whole decode, and the interpreter answers: here it
  // takes the throw as an alternative that failed and tries the next.
  it('a throw in a called stateless decoder: the interpreter\'s answer, nothing thrown', () => {
    const boom = checksummed(u8, throwingAlgorithm, u8)
    const choice = oneOf(named('a', boom), named('b', struct({ x: u8, y: u8 })))
    const opened = struct({ head: dependentOpen(u8, { 0: struct({ none: u8 }) }, () => boom, () => 1) })
    for (const grammar of [choice, opened] as Codec<unknown>[]) {
      const reference = interpreted(grammar)
      for (const input of [Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3), Uint8Array.of(0, 5)]) {
        const expected = decodePrefix(reference, input)
        for (let i = 0; i < 20; i++) {
          expect(() => decodePrefix(grammar, input)).not.toThrow()
          expect(decodePrefix(grammar, input)).toEqual(expected)
          expect(decode(grammar, input)).toEqual(decode(reference, input))
        }
      }
    }
    expect(decodePrefix(choice, Uint8Array.of(1, 2))).toEqual({ _tag: 'Right', right: { value: { protocol: 'b', value: { x: 1, y: 2 } }, bytesRead: 2 } })
  })
})

