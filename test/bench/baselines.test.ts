import { describe, expect, it } from 'vitest'
import { decode, encode } from '../../src/api.js'
import { detect, eventRecord, telemetry } from '../../protocols/index.js'
import { makeCorpus } from './corpus.js'
import { decodeTlm, encodeTlm } from './handwritten/tlm.js'
import { decodeEvr, encodeEvr } from './handwritten/evr.js'
import { detectFrame } from './handwritten/detect.js'
import { parseDetect, parseEvr, parseTlm } from './binary-parser.js'

// The benchmark compares oxwire with these decoders; the comparison is only
// honest if they do the same job. Here they must agree with oxwire on a
// seeded sample of the corpus and on damaged frames.

const sample = makeCorpus(150, 7)
const right = <A>(value: A) => ({ ok: true, value })

describe('benchmark baselines agree with oxwire', () => {
  it('decode and encode every sample frame as oxwire does', () => {
    for (const frame of sample) {
      const expected = decode(detect, frame.bytes)
      if (expected._tag === 'Left') throw new Error(expected.left.message)
      expect(detectFrame(frame.bytes)).toEqual(right(expected.right))
      expect(parseDetect(frame.bytes)).toEqual(right(expected.right))
      if (frame.protocol === 'tlm') {
        expect(decodeTlm(frame.bytes)).toEqual(right(frame.value))
        expect(parseTlm(frame.bytes)).toEqual(right(frame.value))
        expect(encodeTlm(frame.value)).toEqual(frame.bytes.slice())
      } else {
        expect(decodeEvr(frame.bytes)).toEqual(right(frame.value))
        expect(parseEvr(frame.bytes)).toEqual(right(frame.value))
        expect(encodeEvr(frame.value)).toEqual(frame.bytes.slice())
      }
    }
  })

  it('reject what oxwire rejects', () => {
    let rejected = 0
    for (const frame of sample.slice(0, 8)) {
      // Every single-byte change and every truncation of the frame.
      const variants: Uint8Array[] = []
      for (let i = 0; i < frame.bytes.length; i++) {
        const changed = frame.bytes.slice()
        changed[i] = (changed[i] as number) ^ 0x41
        variants.push(changed, frame.bytes.slice(0, i))
      }
      for (const bytes of variants) {
        const ok = decode(detect, bytes)._tag === 'Right'
        if (!ok) rejected++
        expect(detectFrame(bytes).ok).toBe(ok)
        expect(parseDetect(bytes).ok).toBe(ok)
        const own = frame.protocol === 'tlm' ? decode(telemetry, bytes) : decode(eventRecord, bytes)
        expect((frame.protocol === 'tlm' ? decodeTlm(bytes) : decodeEvr(bytes)).ok).toBe(own._tag === 'Right')
      }
    }
    expect(rejected).toBeGreaterThan(800)
  })

  it('refuse to encode what oxwire refuses', () => {
    const tlm = sample.find((f) => f.protocol === 'tlm')!.value as Parameters<typeof encodeTlm>[0]
    const evr = sample.find((f) => f.protocol === 'evr')!.value as Parameters<typeof encodeEvr>[0]
    const badTlm = [{ ...tlm, seq: 70000 }, { ...tlm, payload: { type: 'log', level: 'loud', message: '' } }, { ...tlm, payload: { type: 'log', level: 'info', message: 'x'.repeat(1022) } }]
    const badEvr = [{ ...evr, eventId: -1 }, { ...evr, fields: [{ tag: 'humidity', percent: 101 }] }, { ...evr, fields: [{ tag: 'label', text: '\ud800' }] }]
    for (const v of badTlm) expect([encodeTlm(v as never), encode(telemetry, v as never)._tag]).toEqual([undefined, 'Left'])
    for (const v of badEvr) expect([encodeEvr(v as never), encode(eventRecord, v as never)._tag]).toEqual([undefined, 'Left'])
  })
})
