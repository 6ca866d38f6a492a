import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { encode } from '../../src/api.js'
import { compile, isCompiled } from '../../src/compile/compile.js'
import { crc16CcittFalse, crc32IsoHdlc } from '../../combinators/index.js'
import { detect, eventRecord, telemetry } from '../../protocols/index.js'
import { corrupt, evrRecord, tlmFrame } from './arbitraries.js'
import { decodesAlike, encodesAlike, fastPathDecodes, fastPathEncodes } from './agree.js'

const fastTlm = compile(telemetry)
const fastEvr = compile(eventRecord)
const fastDetect = compile(detect)

function bytesOf(grammar: typeof telemetry | typeof eventRecord, value: unknown): Uint8Array {
  const result = encode(grammar as never, value)
  if (result._tag === 'Left') throw new Error(result.left.message)
  return result.right
}

// After damage, a recomputed checksum lets the frame reach the checks behind it.
function withTlmCrc(frame: Uint8Array): Uint8Array {
  if (frame.length < 2) return frame
  const copy = frame.slice()
  const crc = crc16CcittFalse.compute(copy, 0, copy.length - 2)
  copy[copy.length - 2] = crc >>> 8
  copy[copy.length - 1] = crc & 0xff
  return copy
}
function withEvrCrc(frame: Uint8Array): Uint8Array {
  if (frame.length < 4) return frame
  const copy = frame.slice()
  new DataView(copy.buffer).setUint32(copy.length - 4, crc32IsoHdlc.compute(copy, 0, copy.length - 4), true)
  return copy
}

const tlmBytes = tlmFrame.map((v) => bytesOf(telemetry, v))
const evrBytes = evrRecord.map((v) => bytesOf(eventRecord, v))
const runs = { numRuns: 80 }

describe('compiled protocols agree with the interpreter', () => {
  it('compiles', () => {
    expect([fastTlm, fastEvr, fastDetect].map(isCompiled)).toEqual([true, true, true])
    expect(isCompiled(telemetry)).toBe(false)
    expect(compile(fastTlm)).toBe(fastTlm)
    expect(fastTlm.name).toBe('tlm')
  })

  it('on valid TLM frames, by the generated code alone, and re-encodes them', () => {
    fc.assert(
      fc.property(tlmFrame, (value) => {
        const bytes = bytesOf(telemetry, value)
        decodesAlike(telemetry, fastTlm, bytes)
        decodesAlike(detect, fastDetect, bytes)
        expect(fastPathDecodes(telemetry, bytes)).toEqual(value)
        fastPathEncodes(telemetry, value, bytes)
        encodesAlike(detect, fastDetect, { protocol: 'tlm', value })
      }),
      runs,
    )
  })

  it('on valid EVR records, by the generated code alone, and re-encodes them', () => {
    fc.assert(
      fc.property(evrRecord, (value) => {
        const bytes = bytesOf(eventRecord, value)
        decodesAlike(eventRecord, fastEvr, bytes)
        decodesAlike(detect, fastDetect, bytes)
        fastPathDecodes(eventRecord, bytes)
        fastPathEncodes(eventRecord, value, bytes)
        encodesAlike(detect, fastDetect, { protocol: 'evr', value })
      }),
      runs,
    )
  })

  it('on damaged frames, with and without a repaired checksum', () => {
    const damaged = fc.oneof(
      tlmBytes.chain(corrupt),
      tlmBytes.chain(corrupt).map(withTlmCrc),
      evrBytes.chain(corrupt),
      evrBytes.chain(corrupt).map(withEvrCrc),
    )
    fc.assert(
      fc.property(damaged, (bytes) => {
        decodesAlike(telemetry, fastTlm, bytes)
        decodesAlike(eventRecord, fastEvr, bytes)
        decodesAlike(detect, fastDetect, bytes)
      }),
      { numRuns: 300 },
    )
  })

  it('on random bytes behind each protocol marker', () => {
    const prefixed = fc.tuple(fc.constantFrom([0x5a, 0xa5, 0x01], [0xb5, 0x20], [0xb5, 0x28], [0x5a]), fc.uint8Array({ maxLength: 40 }))
    fc.assert(
      fc.property(prefixed, ([head, tail]) => {
        const bytes = Uint8Array.of(...head, ...tail)
        decodesAlike(detect, fastDetect, bytes)
        decodesAlike(detect, fastDetect, withTlmCrc(bytes))
        decodesAlike(detect, fastDetect, withEvrCrc(bytes))
      }),
      { numRuns: 300 },
    )
  })

  it('on values that do not encode', () => {
    const bad = fc.oneof(
      tlmFrame.map((v) => ({ ...v, seq: -1 })),
      tlmFrame.map((v) => ({ ...v, payload: { ...(v.payload as object), type: 'nope' } })),
      evrRecord.map((v) => ({ ...v, fields: [...v.fields, { tag: 'unknown', code: 1, bytes: new Uint8Array() }] })),
      evrRecord.map((v) => ({ ...v, fields: [{ tag: 'label', text: '\ud800' }] })),
      evrRecord.map((v) => ({ ...v, fields: Array.from({ length: 600 }, () => ({ tag: 'location', latitude: 0, longitude: 0 })) })),
      fc.anything(),
    )
    fc.assert(
      fc.property(bad, (value) => {
        encodesAlike(telemetry, fastTlm, value)
        encodesAlike(eventRecord, fastEvr, value)
        encodesAlike(detect, fastDetect, value)
        encodesAlike(detect, fastDetect, { protocol: 'evr', value })
      }),
      runs,
    )
  })
})
