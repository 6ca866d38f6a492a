import { describe, expect, it } from 'vitest'
import {
  array, bitConstant, bits, bytes, checksummed, constant, crc16CcittFalse, custom, dependent, flag, i16be, i8, many, marker, named, oneOf, rest, sized, struct,
  stringz, u16be, u8, uleb128,
} from '../../combinators/index.js'
import { encode } from '../../src/api.js'
import type { Codec } from '../../src/grammar/codec.js'
import { frameChecks } from '../../src/stream/frame-check.js'
import { createFrameDecoder, type FrameEvent } from '../../src/stream/frame-decoder.js'
import { detect, type Detected } from '../../protocols/detect.js'
import { concat, frameBytes, heartbeat, record } from './frames.js'

// A body whose decoder counts its calls: the check must spare false headers it.
function counted(marked: boolean) {
  let calls = 0
  const body = custom<Uint8Array>({
    name: 'counted',
    size: { min: 0, max: 255 },
    decode: (s) => {
      calls++
      const out = s.bytes.subarray(s.pos, s.limit)
      s.pos = s.limit
      return out
    },
    encode: (s, v) => {
      s.reserve(v.length)
      s.bytes.set(v, s.pos)
      s.pos += v.length
    },
  })
  const sync = constant(u8, 0xab)
  const grammar = checksummed(struct({ sync: marked ? marker(sync) : sync, body: sized(u8, body) }), crc16CcittFalse, u16be)
  return { grammar, calls: () => calls }
}

const falseHeaders = (n: number): Uint8Array => {
  const out = new Uint8Array(4 * n)
  for (let i = 0; i < out.length; i += 4) out.set([0xab, 0x40, 0x00, 0x01], i)
  return out
}

describe('the whole-frame check before decoding', () => {
  it('finds the length field and checksum of TLM and EVR', () => {
    const checks = frameChecks(detect)
    expect(checks?.map((c) => c?.length)).toMatchObject([
      { kind: 'prefixed', at: 10, min: 0, max: 1024, base: 14 },
      { kind: 'prefixed', at: 2, min: 12, max: 4096, base: 8 },
    ])
    expect(checks?.map((c) => c?.commits)).toEqual([true, true])
  })

  it('has nothing to say about a grammar without a trailing checksum', () => {
    expect(frameChecks(struct({ a: u8, b: sized(u8, rest) }))).toBeUndefined()
    expect(frameChecks(oneOf(named('a', struct({ a: u8 }))))).toBeUndefined()
  })

  it('rejects false headers without decoding the bodies they claim, as malformed frames', () => {
    const { grammar, calls } = counted(true)
    const d = createFrameDecoder(grammar)
    const events = [...d.push(falseHeaders(500)), ...d.push(new Uint8Array(100))]
    expect(calls()).toBe(0)
    const malformed = events.filter((e) => e.type === 'malformed')
    expect(malformed.length).toBeGreaterThan(400)
    expect(malformed[0]).toMatchObject({ offset: 0, length: 1, error: { kind: 'checksum', offset: 66 } })
    // Every byte is still covered by exactly one event, in order.
    let at = 0
    for (const e of events) {
      expect(e.offset).toBe(at)
      at += e.length
    }
  })

  it('decodes a real frame behind false headers, and its body once', () => {
    const { grammar, calls } = counted(true)
    const real = encode(grammar, { body: Uint8Array.of(1, 2, 3) })
    if (real._tag === 'Left') throw new Error(real.left.message)
    const d = createFrameDecoder(grammar)
    const events: FrameEvent<{ body: Uint8Array }>[] = []
    const stream = concat(falseHeaders(20), real.right, new Uint8Array(80))
    for (let i = 0; i < stream.length; i += 7) events.push(...d.push(stream.subarray(i, i + 7)))
    events.push(...d.end())
    const found = events.filter((e) => e.type === 'frame')
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ offset: 80, length: 7, value: { body: Uint8Array.of(1, 2, 3) } })
    expect(calls()).toBe(1)
  })

  it('decodes a candidate right after a frame before checksumming it, with the same events', () => {
    // Counting the checksum runs: in a clean stream each frame's is computed
    // once (by the decoder), not once by the check and again by the decoder.
    let runs = 0
    const counting = { name: 'counting CRC-16', width: 16 as const, compute: (b: Uint8Array, s: number, e: number) => (runs++, crc16CcittFalse.compute(b, s, e)) }
    const grammar = checksummed(struct({ sync: marker(constant(u8, 0xab)), body: sized(u8, rest) }), counting, u16be)
    const frame = (n: number): Uint8Array => {
      const out = encode(grammar, { body: Uint8Array.of(n, n + 1) })
      if (out._tag === 'Left') throw new Error(out.left.message)
      return out.right
    }
    const clean = concat(...Array.from({ length: 10 }, (_, i) => frame(i)))
    const d = createFrameDecoder(grammar)
    runs = 0
    expect(d.push(clean).map((e) => e.type)).toEqual(Array(10).fill('frame'))
    // The first frame of a stream is checked first (then decoded): 2 runs; the 9 after it, one each.
    expect(runs).toBe(11)
    // A broken frame right after a frame: decoded, then checked as before, so
    // it is malformed with the checksum error, not what decoding found.
    const broken = frame(20)
    broken[broken.length - 1] = (broken[broken.length - 1] as number) ^ 1
    const events = d.push(concat(broken, frame(21), frame(22)))
    expect(events[0]).toMatchObject({ type: 'malformed', offset: clean.length, error: { kind: 'checksum', offset: 4 } })
    expect(events.filter((e) => e.type === 'frame')).toHaveLength(2)
    // After waste, candidates are checked first again for a while: 2 runs per frame.
    const next = frame(23)
    runs = 0
    expect(d.push(next)).toMatchObject([{ type: 'frame' }])
    expect(runs).toBe(2)
  })

  it('stays in step across a frame cut by the end of a chunk', () => {
    let runs = 0
    const counting = { name: 'counting CRC-16', width: 16 as const, compute: (b: Uint8Array, s: number, e: number) => (runs++, crc16CcittFalse.compute(b, s, e)) }
    const grammar = checksummed(struct({ sync: marker(constant(u8, 0xab)), body: sized(u8, rest) }), counting, u16be)
    const frames = Array.from({ length: 6 }, (_, i) => {
      const out = encode(grammar, { body: Uint8Array.of(i, i, i) })
      if (out._tag === 'Left') throw new Error(out.left.message)
      return out.right
    })
    const stream = concat(...frames)
    const d = createFrameDecoder(grammar)
    runs = 0
    // Cut inside the third frame, then inside the fifth.
    const events = [...d.push(stream.subarray(0, 17)), ...d.push(stream.subarray(17, 30)), ...d.push(stream.subarray(30))]
    expect(events.map((e) => (e.type === 'frame' ? e.value.body[0] : e.type))).toEqual([0, 1, 2, 3, 4, 5])
    // The first frame is checked, then decoded (2); every other frame, cut or not, decoded once.
    expect(runs).toBe(7)
  })

  it('treats a failed check as garbage when the grammar has no marker', () => {
    const { grammar, calls } = counted(false)
    const d = createFrameDecoder(grammar)
    const events = d.push(concat(falseHeaders(100), new Uint8Array(100)))
    expect(calls()).toBe(0)
    expect(events.every((e) => e.type === 'skipped')).toBe(true)
  })

  it('reports the same error as decoding would for a corrupted TLM frame', () => {
    const good = frameBytes(heartbeat(9))
    const bad = Uint8Array.from(good)
    bad[good.length - 1] = (bad[good.length - 1] as number) ^ 0xff
    const events = createFrameDecoder(detect).push(bad)
    expect(events[0]).toMatchObject({ type: 'malformed', offset: 0, error: { kind: 'checksum', offset: good.length - 2, path: [] } })
  })
})

describe('waste accounting', () => {
  it('charges garbage and malformed frames, never frames', () => {
    const d = createFrameDecoder(detect)
    const frames = concat(frameBytes(heartbeat(1)), frameBytes(record(2)))
    d.push(frames)
    expect(d.waste).toEqual({ bytes: 0, work: 0 })
    const garbage = new Uint8Array(1000).fill(7)
    d.push(garbage)
    expect(d.waste).toEqual({ bytes: 1000, work: 1000 })
  })

  it('counts the bytes a failed candidate read as work, so a flood of false headers costs more than its size', () => {
    const d = createFrameDecoder(detect)
    const flood = new Uint8Array(40_000)
    for (let i = 0; i < flood.length; i += 4) flood.set([0xb5, 0x20, 0x00, 0x10], i)
    const events: FrameEvent<Detected>[] = d.push(flood)
    const covered = events.reduce((n, e) => n + e.length, 0)
    expect(d.waste.bytes).toBe(covered)
    // Each candidate checksums its claimed 4100 bytes: work grows with the claim.
    expect(d.waste.work).toBeGreaterThan(100 * covered)
  })
})

describe('waiting frames', () => {
  const split = frameBytes(record(3))

  it('a frame whose length is known waits for it and is decoded once: no waste', () => {
    const d = createFrameDecoder(detect)
    for (let i = 0; i < split.length; i += 7) d.push(split.subarray(i, i + 7))
    expect(d.waste).toEqual({ bytes: 0, work: 0 })
  })

  it('each attempt that still finds a dripped frame incomplete counts what it re-read, so the budget bounds a dripping peer', () => {
    const grammar = struct({ sync: marker(constant(u8, 0x7e)), name: stringz('latin1') })
    const d = createFrameDecoder(grammar, { maxFrame: 4096 })
    d.push(Uint8Array.of(0x7e))
    for (let i = 0; i < 1000; i++) expect(d.push(Uint8Array.of(0x61))).toEqual([])
    // Attempt k re-read the marker and k letters: 2 + 3 + ... + 1001.
    expect(d.waste).toEqual({ bytes: 0, work: (1000 * 1003) / 2 })
    const events = d.push(Uint8Array.of(0))
    expect(events).toMatchObject([{ type: 'frame', offset: 0, length: 1002, value: { name: 'a'.repeat(1000) } }])
    expect(d.waste.bytes).toBe(0)
  })
})

describe('when the check may not judge', () => {
  it('leaves alone a grammar whose marker the leading bits do not settle (found by the analysis property test)', () => {
    const grammar = checksummed(struct({ kind: u8, sync: marker(constant(u8, 0xab)) }), crc16CcittFalse, u16be)
    expect(frameChecks(grammar)).toBeUndefined()
    // A broken frame (wrong checksum) past the marker stays malformed, not garbage.
    const events = createFrameDecoder(grammar).push(Uint8Array.of(1, 0xab, 0, 0))
    expect(events[0]).toMatchObject({ type: 'malformed', offset: 0 })
  })
})

describe('what the length analysis understands', () => {
  const crc = <A>(inner: Codec<A>) => checksummed(inner, crc16CcittFalse, u16be)
  const sync = marker(constant(u8, 0x7e))

  it('a fixed-size frame: bytes, arrays of fixed items, bit fields', () => {
    const check = frameChecks(crc(struct({ sync, flags: bits({ a: flag, rest: bitConstant(7, 0) }), id: bytes(4), xs: array(3, u16be) })))
    expect(check?.[0]?.length).toEqual({ kind: 'fixed', size: 1 + 1 + 4 + 6 + 2 })
    expect(check?.[0]?.commits).toBe(true)
  })

  it('a length in a plain unsigned field, and cases of one layout behind a head', () => {
    const body = sized(u8, rest)
    const grammar = crc(struct({ sync, kind: dependent(u8, { 1: struct({ a: u16be, body }), 2: struct({ b: u16be, body }) }, () => 1) }))
    expect(frameChecks(grammar)?.[0]?.length).toMatchObject({ kind: 'prefixed', at: 4, min: 0, max: 255, base: 7 })
  })

  it('gives up where the length is not simple', () => {
    expect(frameChecks(crc(struct({ sync, n: uleb128(4), body: sized(u8, rest) })))).toBeUndefined()
    expect(frameChecks(crc(struct({ sync, a: sized(u8, rest), b: sized(u8, rest) })))).toBeUndefined()
    expect(frameChecks(crc(struct({ sync, body: sized(i8, rest) })))).toBeUndefined()
    expect(frameChecks(crc(struct({ sync, xs: many(u8) })))).toBeUndefined()
    const unequal = dependent(u8, { 1: struct({ a: u8 }), 2: struct({ a: u16be }) }, () => 1)
    expect(frameChecks(crc(struct({ sync, kind: unequal })))).toBeUndefined()
    expect(frameChecks(checksummed(struct({ sync, a: u8 }), crc16CcittFalse, i16be))).toBeUndefined()
  })

  it('leaves a throwing checksum algorithm to decoding, which reports it', () => {
    const throwing = { name: 'THROWS', width: 16 as const, compute: (): number => { throw new Error('boom') } }
    const grammar = checksummed(struct({ sync, a: u8 }), throwing, u16be)
    expect(frameChecks(grammar)).toBeDefined()
    const events = createFrameDecoder(grammar).push(Uint8Array.of(0x7e, 1, 0, 0))
    expect(events[0]).toMatchObject({ type: 'malformed', error: { kind: 'invalid' } })
  })
})
