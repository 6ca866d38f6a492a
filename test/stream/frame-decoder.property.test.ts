import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Codec } from '../../src/grammar/codec.js'
import { compile } from '../../src/compile/compile.js'
import { interpreted } from '../../src/compile/execution.js'
import { createFrameDecoder, type FrameEvent } from '../../src/stream/frame-decoder.js'
import { detect, type Detected } from '../../protocols/detect.js'
import { telemetry, telemetryMaxFrame } from '../../protocols/telemetry.js'
import { eventRecordMaxFrame } from '../../protocols/event-record.js'
import { arbitraryFrame } from '../../src/testing/frame.js'
import { chunksOf, garbage, mixedStream, splits } from './arbitraries.js'
import { concat } from './frames.js'

type Event = FrameEvent<Detected>

// Skipped runs may be cut differently by chunk boundaries; their union is
// what must not change.
function mergeSkipped(events: readonly Event[]): Event[] {
  const out: Event[] = []
  for (const e of events) {
    const last = out[out.length - 1]
    if (last?.type === 'skipped' && e.type === 'skipped') out[out.length - 1] = { ...last, length: last.length + e.length }
    else out.push(e)
  }
  return out
}

// A malformed frame's `bytes` are what was buffered when it was judged, which
// depends on the chunking from the error's offset on; the bytes up to it do not.
const comparable = (events: readonly Event[]): unknown[] =>
  mergeSkipped(events).map((e) =>
    e.type === 'malformed' || e.type === 'truncated' ? { ...e, bytes: [...e.bytes.subarray(0, e.error.offset)] } : e,
  )

const compiledDetect = compile(detect)
const interpretedDetect = interpreted(detect)

function decodeChunks(
  chunks: readonly Uint8Array[],
  afterPush?: (buffered: number, chunk: Uint8Array) => void,
  grammar: Codec<Detected> = detect,
): Event[] {
  const d = createFrameDecoder(grammar)
  const events: Event[] = []
  for (const chunk of chunks) {
    events.push(...d.push(chunk))
    afterPush?.(d.buffered, chunk)
  }
  events.push(...d.end())
  return events
}

// Generous timeouts: the machine is shared; the run counts keep the work modest.
describe('frame decoder properties', { timeout: 30_000 }, () => {
  it('any split of a mixed stream gives the same events as the whole, and exactly the generated frames', () => {
    fc.assert(
      fc.property(mixedStream.chain((s) => fc.tuple(fc.constant(s), splits(s.bytes.length))), ([stream, cuts]) => {
        const whole = decodeChunks([stream.bytes], undefined, interpretedDetect)
        const split = decodeChunks(chunksOf(stream.bytes, cuts))
        expect(comparable(split)).toEqual(comparable(whole))
        // Generated code, from the first frame or after a few, must not change a single event.
        expect(comparable(decodeChunks(chunksOf(stream.bytes, cuts), undefined, compiledDetect))).toEqual(comparable(whole))
        expect(comparable(decodeChunks([stream.bytes]))).toEqual(comparable(whole))
        const found = whole.flatMap((e) => (e.type === 'frame' ? [{ value: e.value, offset: e.offset, length: e.length }] : []))
        expect(found).toEqual(stream.frames)
        // The events tile the stream: no gaps, no overlaps.
        let at = 0
        for (const e of split) {
          expect(e.offset).toBe(at)
          at += e.length
        }
        expect(at).toBe(stream.bytes.length)
      }),
      { numRuns: 100 },
    )
  })

  it('never holds more than one maximum frame plus one chunk', () => {
    fc.assert(
      fc.property(mixedStream.chain((s) => fc.tuple(fc.constant(s), splits(s.bytes.length))), ([stream, cuts]) => {
        decodeChunks(chunksOf(stream.bytes, cuts), (buffered, chunk) => {
          expect(buffered).toBeLessThanOrEqual(eventRecordMaxFrame + chunk.length)
          // Stronger: what is left after a push is the start of one unfinished frame.
          expect(buffered).toBeLessThan(eventRecordMaxFrame)
        })
      }),
      { numRuns: 60 },
    )
  })

  it('a corrupted byte loses at most the frame it lands in', () => {
    fc.assert(
      fc.property(
        mixedStream.filter((s) => s.frames.length > 0).chain((s) => fc.tuple(fc.constant(s), fc.nat(s.bytes.length - 1), fc.integer({ min: 1, max: 255 }))),
        ([stream, at, flip]) => {
          const bytes = stream.bytes.slice()
          bytes[at] = (bytes[at] as number) ^ flip
          const found = decodeChunks([bytes]).flatMap((e) => (e.type === 'frame' ? [e.offset] : []))
          for (const f of stream.frames) {
            if (at < f.offset || at >= f.offset + f.length) expect(found).toContain(f.offset)
          }
        },
      ),
      { numRuns: 100 },
    )
  })

  it('grammar-derived frames of every size, up to the maxima, survive any split with the buffer bound kept', () => {
    const stream = fc
      .array(fc.tuple(fc.option(garbage, { freq: 2 }), arbitraryFrame(detect, { size: 'large' })), { minLength: 1, maxLength: 5 })
      .chain((items) => {
        const bytes = concat(...items.flatMap(([junk, f]) => (junk === null ? [f.bytes] : [junk, f.bytes])))
        return fc.tuple(fc.constant(items.map(([, f]) => f.value)), fc.constant(bytes), splits(bytes.length))
      })
    fc.assert(
      fc.property(stream, ([values, bytes, cuts]) => {
        const events = decodeChunks(chunksOf(bytes, cuts), (buffered, chunk) => {
          expect(buffered).toBeLessThanOrEqual(eventRecordMaxFrame + chunk.length)
        })
        expect(events.flatMap((e) => (e.type === 'frame' ? [e.value] : []))).toEqual(values)
      }),
      { numRuns: 40 },
    )
  })

  it('random marker-rich bytes: no throw, events tile the input, any split agrees, the bound holds', () => {
    const noise = fc
      .array(fc.oneof(fc.constantFrom(0x5a, 0xa5, 0x01, 0xb5, 0x20, 0x00, 0x10, 0xff), fc.nat(255)), { maxLength: 3000 })
      .map((b) => Uint8Array.from(b))
      .chain((bytes) => fc.tuple(fc.constant(bytes), splits(bytes.length)))
    fc.assert(
      fc.property(noise, ([bytes, cuts]) => {
        const split = decodeChunks(chunksOf(bytes, cuts), (buffered) => expect(buffered).toBeLessThan(eventRecordMaxFrame))
        expect(comparable(split)).toEqual(comparable(decodeChunks([bytes])))
        let at = 0
        for (const e of split) {
          expect(e.offset).toBe(at)
          at += e.length
        }
        expect(at).toBe(bytes.length)
      }),
      { numRuns: 60 },
    )
  })

  it('a single protocol treats the other one’s frames as garbage and still finds all of its own', () => {
    fc.assert(
      fc.property(mixedStream.chain((s) => fc.tuple(fc.constant(s), splits(s.bytes.length))), ([stream, cuts]) => {
        const d = createFrameDecoder(telemetry)
        const events = []
        for (const chunk of chunksOf(stream.bytes, cuts)) {
          events.push(...d.push(chunk))
          expect(d.buffered).toBeLessThan(telemetryMaxFrame)
        }
        events.push(...d.end())
        const found = events.flatMap((e) => (e.type === 'frame' ? [{ value: { protocol: 'tlm', value: e.value }, offset: e.offset, length: e.length }] : []))
        expect(found).toEqual(stream.frames.filter((f) => f.value.protocol === 'tlm'))
      }),
      { numRuns: 60 },
    )
  })
})
