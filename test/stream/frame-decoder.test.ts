import { describe, expect, it } from 'vitest'
import { createFrameDecoder, type FrameEvent } from '../../src/stream/frame-decoder.js'
import { detect, type Detected } from '../../protocols/detect.js'
import { telemetry } from '../../protocols/telemetry.js'
import { concat, frameBytes, heartbeat, logLine, record } from './frames.js'

const frames = (events: readonly FrameEvent<Detected>[]): Detected[] =>
  events.flatMap((e) => (e.type === 'frame' ? [e.value] : []))

describe('createFrameDecoder', () => {
  it('decodes many interleaved frames from one chunk, with offsets and lengths', () => {
    const values = [heartbeat(1), record(2), logLine(3, 'hi'), record(4)]
    const parts = values.map(frameBytes)
    const d = createFrameDecoder(detect)
    const events = d.push(concat(...parts))
    expect(frames(events)).toEqual(values)
    let at = 0
    for (const [i, e] of events.entries()) {
      expect(e).toMatchObject({ type: 'frame', offset: at, length: parts[i]?.length })
      at += parts[i]?.length ?? 0
    }
    expect(d.buffered).toBe(0)
    expect(d.offset).toBe(at)
    expect(d.end()).toEqual([])
  })

  it('an empty chunk changes nothing', () => {
    const half = frameBytes(heartbeat(1)).subarray(0, 7)
    const d = createFrameDecoder(detect)
    expect(d.push(new Uint8Array(0))).toEqual([])
    expect(d.push(half)).toEqual([])
    expect(d.push(new Uint8Array(0))).toEqual([])
    expect([d.buffered, d.offset]).toEqual([7, 0])
  })

  it('decodes a stream pushed one byte at a time', () => {
    const values = [record(1), heartbeat(2), record(3)]
    const bytes = concat(...values.map(frameBytes))
    const d = createFrameDecoder(detect)
    const events: FrameEvent<Detected>[] = []
    for (const b of bytes) events.push(...d.push(Uint8Array.of(b)))
    events.push(...d.end())
    expect(events.map((e) => e.type)).toEqual(['frame', 'frame', 'frame'])
    expect(frames(events)).toEqual(values)
  })

  it('reports garbage between frames as skipped byte ranges', () => {
    const a = frameBytes(heartbeat(1))
    const b = frameBytes(record(2))
    const garbage = Uint8Array.of(0x00, 0x11, 0x5a, 0x00, 0xff)
    const d = createFrameDecoder(detect)
    const events = [...d.push(concat(garbage, a, garbage, b, garbage)), ...d.end()]
    expect(events).toMatchObject([
      { type: 'skipped', offset: 0, length: 5 },
      { type: 'frame', offset: 5 },
      { type: 'skipped', offset: 5 + a.length, length: 5 },
      { type: 'frame', offset: 10 + a.length },
      { type: 'skipped', offset: 10 + a.length + b.length, length: 5 },
    ])
  })

  it('delivers the frames before and after a corrupt frame, which is malformed', () => {
    const before = frameBytes(heartbeat(1))
    const bad = frameBytes(record(2))
    bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 0xff
    const after = frameBytes(logLine(3, 'after'))
    const d = createFrameDecoder(detect)
    const events = [...d.push(concat(before, bad, after)), ...d.end()]
    expect(events).toMatchObject([
      { type: 'frame', value: heartbeat(1) },
      { type: 'malformed', error: { kind: 'checksum' }, offset: before.length, length: 1 },
      { type: 'skipped', offset: before.length + 1, length: bad.length - 1 },
      { type: 'frame', value: logLine(3, 'after'), offset: before.length + bad.length },
    ])
  })

  it('a false marker inside garbage does not swallow the real frame after it', () => {
    // B5 2x looks like an EVR start claiming a 100-byte body; a real TLM frame follows at once.
    const falseStart = Uint8Array.of(0xb5, 0x20, 100, 0)
    const real = frameBytes(heartbeat(7))
    const tail = new Uint8Array(120).fill(0xee)
    const d = createFrameDecoder(detect)
    const events = [...d.push(concat(falseStart, real, tail)), ...d.end()]
    expect(events).toMatchObject([
      { type: 'malformed', offset: 0, length: 1 },
      { type: 'skipped', offset: 1, length: 3 },
      { type: 'frame', value: heartbeat(7), offset: 4 },
      { type: 'skipped', length: 120 },
    ])
  })

  it('a length above the maximum is malformed at once, without waiting for the body', () => {
    const header = Uint8Array.of(0xb5, 0x20, 0x01, 0x10) // EVR body length 4097
    const d = createFrameDecoder(detect)
    const events = d.push(header)
    expect(events[0]).toMatchObject({ type: 'malformed', offset: 0, error: { kind: 'invalid', expected: '12..4096' } })
    expect(d.buffered).toBe(0)
  })

  it('a frame that needs more than a smaller maxFrame is malformed at once', () => {
    const big = frameBytes(logLine(1, 'x'.repeat(200)))
    const d = createFrameDecoder(telemetry, { maxFrame: 100 })
    const events = d.push(big.subarray(0, 12))
    expect(events[0]).toMatchObject({ type: 'malformed', error: { kind: 'invalid', expected: 'at most 100 byte(s)' } })
  })

  it('waits for `needed` bytes before trying again', () => {
    const bytes = frameBytes(logLine(1, 'x'.repeat(300)))
    const d = createFrameDecoder(telemetry)
    expect(d.push(bytes.subarray(0, 12))).toEqual([])
    expect(d.buffered).toBe(12)
    for (let i = 12; i < bytes.length - 1; i++) expect(d.push(bytes.subarray(i, i + 1))).toEqual([])
    expect(d.push(bytes.subarray(bytes.length - 1))).toMatchObject([{ type: 'frame', length: bytes.length }])
  })

  it('does not decode again before `needed` bytes have arrived', async () => {
    const { struct, marker, constant, custom, u8 } = await import('../../combinators/index.js')
    let attempts = 0
    const body = custom<number>({
      name: 'counted',
      size: { min: 100, max: 100 },
      decode: (s) => {
        attempts++
        if (!s.has(100)) return 0
        s.pos += 100
        return 1
      },
      encode: () => undefined,
    })
    const d = createFrameDecoder(struct({ magic: marker(constant(u8, 0xaa)), body }))
    const events = []
    for (const b of [0xaa, ...new Array<number>(100).fill(7)]) events.push(...d.push(Uint8Array.of(b)))
    expect(events).toMatchObject([{ type: 'frame', value: { body: 1 }, length: 101 }])
    expect(attempts).toBe(2)
  })

  it('a TLM length above 1024 is malformed after its header, and the frame after it is delivered', () => {
    const next = frameBytes(heartbeat(2))
    const header = Uint8Array.of(0x5a, 0xa5, 0x01, 0x03, 0, 1, 0, 0, 0, 0, 0x04, 0x01) // length 1025
    const d = createFrameDecoder(detect)
    expect(d.push(header)).toMatchObject([
      { type: 'malformed', offset: 0, error: { kind: 'invalid', expected: '0..1024' } },
      { type: 'skipped', offset: 1, length: 11 },
    ])
    expect(d.buffered).toBe(0)
    expect(d.push(next)).toMatchObject([{ type: 'frame', offset: 12, value: heartbeat(2) }])
  })

  it('end() reports a truncated final frame and trailing garbage', () => {
    const whole = frameBytes(heartbeat(1))
    const cut = frameBytes(record(2)).subarray(0, 20)
    const d = createFrameDecoder(detect)
    expect(d.push(concat(whole, cut))).toMatchObject([{ type: 'frame' }])
    expect(d.buffered).toBe(20)
    expect(d.offset).toBe(whole.length)
    expect(d.end()).toMatchObject([{ type: 'truncated', offset: whole.length, length: 20, error: { kind: 'incomplete' } }])
    expect(() => d.push(Uint8Array.of(1))).toThrow(/after end/)
    expect(d.end()).toEqual([])
  })

  it('end() reports a lone half marker as skipped, not truncated', () => {
    const d = createFrameDecoder(detect)
    expect(d.push(Uint8Array.of(0x00, 0x5a))).toMatchObject([{ type: 'skipped', offset: 0, length: 1 }])
    expect(d.end()).toEqual([{ type: 'skipped', offset: 1, length: 1 }])
  })

  it('end() finds frames hidden behind a false marker near the end', () => {
    const falseStart = Uint8Array.of(0xb5, 0x20, 0x00, 0x01) // claims a 256-byte body
    const real = frameBytes(heartbeat(3))
    const d = createFrameDecoder(detect)
    expect(d.push(concat(falseStart, real))).toEqual([])
    expect(d.end()).toMatchObject([
      { type: 'truncated', offset: 0, length: 4 },
      { type: 'frame', value: heartbeat(3), offset: 4 },
    ])
  })

  it('keeps earlier values intact: byte fields are views of memory never written again', () => {
    const payload = Uint8Array.of(9, 8, 7, 6)
    const first = frameBytes(record(1, payload))
    const d = createFrameDecoder(detect)
    // Split so that the frame is completed from the decoder's own buffer.
    const events = [...d.push(first.subarray(0, 10)), ...d.push(concat(first.subarray(10), frameBytes(record(2)).subarray(0, 5)))]
    const value = events[0]?.type === 'frame' ? events[0].value : undefined
    const field = value?.protocol === 'evr' ? value.value.fields[1] : undefined
    expect(field).toEqual({ tag: 'unknown', code: 0x77, bytes: payload })
    for (let i = 0; i < 50; i++) d.push(frameBytes(record(100 + i, Uint8Array.of(0, 0, 0, 0))))
    d.push(new Uint8Array(10000).fill(0xb5))
    expect(field).toEqual({ tag: 'unknown', code: 0x77, bytes: payload })
  })

  it('works for grammars with many start bytes and no markers: failures are garbage', async () => {
    const { struct, enumeration, u8, checksummed, crc8Smbus } = await import('../../combinators/index.js')
    const g = checksummed(struct({ kind: enumeration(u8, { a: 1, b: 2, c: 3, d: 4, e: 5 }), n: u8 }), crc8Smbus, u8)
    const d = createFrameDecoder(g)
    const good = Uint8Array.of(3, 7, crc8Smbus.compute(Uint8Array.of(3, 7), 0, 2))
    const events = [...d.push(Uint8Array.of(9, 9, 1, 0, 0)), ...d.push(good), ...d.end()]
    expect(events).toMatchObject([
      { type: 'skipped', offset: 0, length: 5 },
      { type: 'frame', value: { kind: 'c', n: 7 }, offset: 5, length: 3 },
    ])
  })

  it('treats a grammar that succeeds on zero bytes as no frame', async () => {
    const { custom } = await import('../../combinators/index.js')
    const liar = custom<number>({ name: 'liar', size: { min: 1, max: 1 }, decode: () => 0, encode: () => undefined })
    const d = createFrameDecoder(liar)
    expect([...d.push(Uint8Array.of(1, 2)), ...d.end()]).toEqual([{ type: 'skipped', offset: 0, length: 2 }])
  })

  it('rejects grammars without a finite maximum or that can match nothing', async () => {
    const { many, u8, struct, bytes } = await import('../../combinators/index.js')
    expect(() => createFrameDecoder(many(u8))).toThrow(RangeError)
    expect(() => createFrameDecoder(struct({ a: u8, rest: many(u8) }))).toThrow(/maxFrame/)
    expect(() => createFrameDecoder(struct({ a: u8 }), { maxFrame: 0 })).toThrow(/maxFrame/)
    expect(createFrameDecoder(struct({ a: u8, rest: many(u8) }), { maxFrame: 10 }).buffered).toBe(0)
    expect(() => createFrameDecoder(bytes(0))).toThrow(/zero bytes/)
  })
})
