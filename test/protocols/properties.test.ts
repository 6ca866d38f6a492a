// Property tests of the two protocols, with generators derived from the
// grammars themselves (oxwire/testing), not written by hand.
//
// Why every single-byte change must be rejected, not merely "usually":
// `decode` must use every input byte, so a changed frame can only decode if
// its length field still gives the original frame length, i.e. the length
// bytes are unchanged (TLM: 14 + N, EVR: 8 + L, and a changed length moves
// the checksum's position and the end). Every other byte is covered by the
// CRC or is the CRC itself, and both CRC-16/CCITT-FALSE and CRC-32 detect
// every error burst of up to 16 (resp. 32) bits, so any one changed byte
// changes the checksum. Detection adds nothing: a changed TLM frame cannot
// pass EVR's marker (TLM's byte 1 is A5, whose high nibble is not 2 and
// which a change at byte 0 leaves alone) and vice versa (EVR's byte 0 is
// B5, not 5A). The tests below check the claim for every offset.
import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { decode, type Codec, type DecodeError } from '../../src/index.js'
import { detect, eventRecord, telemetry } from '../../protocols/index.js'
import {
  arbitrary, arbitraryFrame, changeByte, checkIncompleteOnTruncation, checkRejectsCorruption, checkRoundTrip,
} from '../../src/testing/index.js'

const kinds: readonly DecodeError['kind'][] = ['incomplete', 'invalid', 'checksum', 'no-match', 'trailing']

// A plain check (not `expect`) inside the loops over every offset: the
// assertion library's per-call cost would dominate the decodes.
function typedErrorsOfChanges<A>(grammar: Codec<A>, bytes: Uint8Array, xors: readonly number[]): string[] {
  const wrong: string[] = []
  for (let offset = 0; offset < bytes.length; offset++) {
    for (const xor of xors) {
      const result = decode(grammar, changeByte(bytes, offset, xor))
      if (E.isRight(result) || !kinds.includes(result.left.kind)) wrong.push(`offset ${offset} xor ${xor}`)
    }
  }
  return wrong
}

const everyXor = Array.from({ length: 255 }, (_, i) => i + 1)

function protocolProperties<A>(name: string, grammar: Codec<A>): void {
  describe(`${name} properties`, () => {
    test('value → bytes → value and bytes → value → bytes (200 runs each)', () => {
      checkRoundTrip(grammar, { numRuns: 200 })
    })

    test('every single-byte change at every offset (XOR with 01, 80 and a random byte) is a typed error (100 frames)', () => {
      fc.assert(
        fc.property(arbitraryFrame(grammar), fc.integer({ min: 1, max: 255 }), ({ bytes }, xor) => {
          expect(typedErrorsOfChanges(grammar, bytes, [0x01, 0x80, xor])).toEqual([])
        }),
        { numRuns: 100 },
      )
    })

    test('all 255 changes of every byte of small frames are typed errors (10 frames)', () => {
      fc.assert(
        fc.property(arbitraryFrame(grammar, { size: 'xsmall' }), ({ bytes }) => {
          expect(typedErrorsOfChanges(grammar, bytes, everyXor)).toEqual([])
        }),
        { numRuns: 10 },
      )
    })

    test('every truncation is incomplete (100 frames, every prefix)', () => {
      checkIncompleteOnTruncation(grammar, { numRuns: 100 })
    })

    test('random damage and length fields past the end give typed errors, never a throw (200 runs each)', () => {
      checkRejectsCorruption(grammar, { numRuns: 200 })
    })
  })
}

protocolProperties('TLM', telemetry)
protocolProperties('EVR', eventRecord)
protocolProperties('detect', detect)

describe('detect', () => {
  test('tells every TLM frame and every EVR record apart (200 runs each)', () => {
    fc.assert(
      fc.property(arbitraryFrame(telemetry), ({ value, bytes }) => {
        expect(decode(detect, bytes)).toEqual(E.right({ protocol: 'tlm', value }))
      }),
      { numRuns: 200 },
    )
    fc.assert(
      fc.property(arbitraryFrame(eventRecord), ({ value, bytes }) => {
        expect(decode(detect, bytes)).toEqual(E.right({ protocol: 'evr', value }))
      }),
      { numRuns: 200 },
    )
  })

  test('reaches both protocols, every TLM type and every EVR tag, including unknown ones (500 samples)', () => {
    const seen = new Set<string>()
    for (const detected of fc.sample(arbitrary(detect), { numRuns: 500, seed: 1 })) {
      if (detected.protocol === 'tlm') seen.add(`tlm:${detected.value.payload.type}`)
      else for (const field of detected.value.fields) seen.add(`evr:${field.tag}`)
    }
    expect([...seen].sort()).toEqual([
      'evr:humidity', 'evr:label', 'evr:location', 'evr:temperature', 'evr:unknown',
      'tlm:batch', 'tlm:heartbeat', 'tlm:log', 'tlm:reading',
    ])
  })
})
