/**
 * Untrusted bytes never make decoding throw, hang or report nonsense: random
 * input and mutated valid frames (some with their CRC recomputed, so that
 * the mutation reaches the value rather than stopping at the checksum) are
 * fed to the protocol grammars.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { crc16CcittFalse, crc32IsoHdlc } from '../../combinators/checksum/crc.js'
import { detect, eventRecord, telemetry, tlvField } from '../../protocols/index.js'
import { decode, decodePrefix, encode } from '../../src/api.js'
import type { Codec } from '../../src/grammar/codec.js'
import { evrFixtures } from '../fixtures/evr.js'
import { tlmFixtures } from '../fixtures/tlm.js'
import { assertWellFormedDecodeError, fromHex, toHex } from '../../src/testing/index.js'

const tlmFrames = tlmFixtures.map((f) => fromHex(f.hex)).filter((b) => b.length <= 200)
const evrFrames = evrFixtures.map((f) => fromHex(f.hex)).filter((b) => b.length <= 200)

function containsNaN(value: unknown): boolean {
  if (typeof value === 'number') return Number.isNaN(value)
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return false
  return Object.values(value).some(containsNaN)
}

/** Recomputes the trailing CRC so that a mutated frame passes its checksum. */
function withFixedCrc(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice()
  if (out[0] === 0x5a && out.length >= 2) {
    const crc = crc16CcittFalse.compute(out, 0, out.length - 2)
    out[out.length - 2] = crc >> 8
    out[out.length - 1] = crc & 0xff
  } else if (out[0] === 0xb5 && out.length >= 4) {
    new DataView(out.buffer).setUint32(out.length - 4, crc32IsoHdlc.compute(out, 0, out.length - 4), true)
  }
  return out
}

const edit = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), byte: fc.constant(0) }),
)

function mutate(frame: Uint8Array, edits: readonly { op: 'set' | 'insert' | 'delete'; at: number; byte: number }[]): Uint8Array {
  const bytes = Array.from(frame)
  for (const { op, at, byte } of edits) {
    const i = bytes.length === 0 ? 0 : at % (bytes.length + (op === 'insert' ? 1 : 0))
    if (op === 'set' && bytes.length > 0) bytes[i % bytes.length] = byte
    else if (op === 'insert') bytes.splice(i, 0, byte)
    else if (op === 'delete') bytes.splice(i, 1)
  }
  return Uint8Array.from(bytes)
}

const mutatedFrames = fc
  .tuple(fc.constantFrom(...tlmFrames, ...evrFrames), fc.array(edit, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([frame, edits, fix]) => (fix ? withFixedCrc(mutate(frame, edits)) : mutate(frame, edits)))

/** Decoding returns an Either with a well-formed error, and whatever decodes re-encodes to the same bytes. */
function checkHostile<A>(codec: Codec<A>, bytes: Uint8Array): boolean {
  const full = decode(codec, bytes)
  const prefix = decodePrefix(codec, bytes)
  if (E.isLeft(prefix)) assertWellFormedDecodeError(prefix.left, bytes)
  else expect(prefix.right.bytesRead).toBeLessThanOrEqual(bytes.length)
  if (E.isLeft(full)) {
    assertWellFormedDecodeError(full.left, bytes)
    return false
  }
  const again = encode(codec, full.right)
  if (E.isLeft(again)) throw new Error(`decoded value of ${toHex(bytes)} does not encode: ${again.left.message}`)
  if (containsNaN(full.right)) expect(decode(codec, again.right)).toEqual(full)
  else expect(toHex(again.right)).toBe(toHex(bytes))
  return true
}

describe('hostile input to the protocol grammars', () => {
  const grammars: [string, Codec<unknown>][] = [
    ['detect', detect as Codec<unknown>],
    ['telemetry', telemetry as Codec<unknown>],
    ['eventRecord', eventRecord as Codec<unknown>],
    ['tlvField', tlvField as Codec<unknown>],
  ]
  it.each(grammars)('%s: random bytes never throw', (_, codec) => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => void checkHostile(codec, bytes)), { numRuns: 300 })
  })
  it.each(grammars)('%s: mutated valid frames never throw, and what decodes re-encodes exactly', (_, codec) => {
    fc.assert(fc.property(mutatedFrames, (bytes) => void checkHostile(codec, bytes)), { numRuns: 300 })
  })
  it('mutations with a fixed CRC do reach past the checksum', () => {
    // Guards the fuzz above against testing only the CRC check.
    const decoded = fc.sample(mutatedFrames, { numRuns: 300, seed: 7 }).filter((bytes) => E.isRight(decode(detect, bytes)))
    expect(decoded.length).toBeGreaterThan(10)
  })
  it('random prefixes of valid frames give incomplete from detect', () => {
    for (const frame of [...tlmFrames, ...evrFrames]) {
      for (let cut = 0; cut < frame.length; cut++) {
        const result = decode(detect, frame.subarray(0, cut))
        expect(E.isLeft(result) && result.left.kind, `${toHex(frame)} cut at ${cut}`).toBe('incomplete')
      }
    }
  })
})
