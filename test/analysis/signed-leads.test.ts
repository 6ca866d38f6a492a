import { describe, expect, it } from 'vitest'
import { constant, enumeration, i16le, i8, marker, named, oneOf, range, struct, u8 } from '../../combinators/index.js'
import { createFrameDecoder, decode, firstBytes, type Codec } from '../../src/index.js'

// Signed codes and constants, in leading position: the frame decoder must
// find every frame that `decode` accepts.
const frameTypes = <A>(grammar: Codec<A>, bytes: Uint8Array): string[] => {
  const decoder = createFrameDecoder(grammar, { maxFrame: 64 })
  return [...decoder.push(bytes), ...decoder.end()].map((e) => e.type)
}

describe('signed leading values', () => {
  const cases: [string, Codec<unknown>, Uint8Array][] = [
    ['marker(constant(i8, -1))', struct({ m: marker(constant(i8, -1)), x: u8 }) as Codec<unknown>, Uint8Array.of(0xff, 7)],
    ['enumeration(i8, { neg: -1 })', struct({ t: enumeration(i8, { neg: -1 }), x: u8 }) as Codec<unknown>, Uint8Array.of(0xff, 7)],
    ['marker(enumeration(i8, ...))', struct({ t: marker(enumeration(i8, { neg: -1, pos: 1 })), x: u8 }) as Codec<unknown>, Uint8Array.of(0xff, 7)],
    ['enumeration(i16le, { neg: -2 })', struct({ t: enumeration(i16le, { neg: -2 }), x: u8 }) as Codec<unknown>, Uint8Array.of(0xfe, 0xff, 7)],
    ['range(i8, -3, -1)', struct({ r: range(i8, -3, -1), x: u8 }) as Codec<unknown>, Uint8Array.of(0xfd, 7)],
    [
      'oneOf of signed enumerations',
      oneOf(named('a', struct({ t: marker(enumeration(i8, { neg: -1 })), x: u8 })), named('b', struct({ t: marker(constant(u8, 1)), x: u8 }))) as Codec<unknown>,
      Uint8Array.of(0xff, 7),
    ],
  ]
  for (const [name, grammar, bytes] of cases) {
    it(`${name}: decode accepts it and the frame decoder finds it`, () => {
      expect(decode(grammar, bytes)._tag).toBe('Right')
      expect(frameTypes(grammar, bytes)).toEqual(['frame'])
      expect(frameTypes(grammar, Uint8Array.of(0x00, ...bytes))).toEqual(['skipped', 'frame'])
    })
  }

  it('first bytes hold the two’s complement of negative codes', () => {
    expect(firstBytes(enumeration(i8, { neg: -1, zero: 0, big: 127 }))).toEqual([0x00, 0x7f, 0xff])
    expect(firstBytes(enumeration(i16le, { neg: -2 }))).toEqual([0xfe])
  })
})
