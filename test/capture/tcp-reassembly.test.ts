import { describe, expect, test } from 'vitest'
import { decodeCapture } from '../../src/capture/capture-decoder.js'
import type { CapturedPacket } from '../../src/capture/captured-packet.js'
import { TcpReassembler, type StreamEvent } from '../../src/capture/tcp-reassembly.js'
import { concatBytes, generateTraffic } from '../../src/cli/traffic.js'
import { detect } from '../../protocols/index.js'

const bytes = (...values: number[]) => Uint8Array.from(values)
const data = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'data' ? [...e.bytes] : []))

describe('TcpReassembler', () => {
  test('in order, out of order, retransmitted and overlapping segments give each byte once, in order', () => {
    const r = new TcpReassembler()
    const seen: StreamEvent[] = []
    seen.push(...r.segment({ sequence: 1000, syn: true, payload: new Uint8Array(0) }))
    seen.push(...r.segment({ sequence: 1001, payload: bytes(0, 1, 2) }))
    seen.push(...r.segment({ sequence: 1007, payload: bytes(6, 7) })) // ahead: held
    expect(r.outOfOrder).toBe(1)
    seen.push(...r.segment({ sequence: 1001, payload: bytes(0, 1, 2) })) // retransmitted
    seen.push(...r.segment({ sequence: 1003, payload: bytes(2, 3, 4, 5) })) // overlaps one byte, then releases the held one
    seen.push(...r.segment({ sequence: 1007, payload: bytes(6, 7) })) // retransmission of what was held
    seen.push(...r.end())
    expect(data(seen)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(seen.filter((e) => e.type === 'retransmission').map((e) => [e.offset, (e as { length: number }).length])).toEqual([[0, 3], [2, 1], [6, 2]])
    expect(seen.filter((e) => e.type === 'data').map((e) => e.offset)).toEqual([0, 3, 6])
  })

  test('a hole that never fills is a gap at the end; the buffer limit declares it sooner', () => {
    const r = new TcpReassembler()
    r.segment({ sequence: 0, payload: bytes(1, 2) })
    expect(r.segment({ sequence: 5, payload: bytes(6) })).toEqual([])
    const end = r.end()
    expect(end.map((e) => e.type)).toEqual(['gap', 'data'])
    expect(end[0]).toEqual({ type: 'gap', offset: 2, length: 3 })
    const small = new TcpReassembler({ maxBuffered: 2 })
    small.segment({ sequence: 0, payload: bytes(1) })
    expect(small.segment({ sequence: 10, payload: bytes(1, 2) })).toEqual([])
    const forced = small.segment({ sequence: 12, payload: bytes(3) })
    expect(forced[0]).toEqual({ type: 'gap', offset: 1, length: 9 })
    expect(data(forced)).toEqual([1, 2, 3])
  })

  test('sequence numbers wrap at 2^32', () => {
    const r = new TcpReassembler()
    const seen = [...r.segment({ sequence: 2 ** 32 - 2, payload: bytes(1, 2) }), ...r.segment({ sequence: 1, payload: bytes(4) }), ...r.segment({ sequence: 0, payload: bytes(3) })]
    expect(data(seen)).toEqual([1, 2, 3, 4])
  })
})

describe('decodeCapture', () => {
  const items = [...generateTraffic({ seed: 21, frames: 30 })]
  const stream = concatBytes(items)
  const frames = items.flatMap((i) => (i.kind === 'frame' ? [i.frame] : []))
  const client = { source: '127.0.0.1', sourcePort: 40000, destination: '127.0.0.1', destinationPort: 7000 }
  const packet = (n: number, sequence: number, payload: Uint8Array, flags: Partial<{ syn: boolean; ack: boolean }> = {}): CapturedPacket => ({
    time: 1_700_000_000 + n / 1000,
    record: n,
    transport: 'tcp',
    ...client,
    tcp: { sequence, syn: flags.syn ?? false, ack: flags.ack ?? true, fin: false, rst: false },
    payload,
  })

  test('segments cut anywhere, out of order and repeated, decode to every frame once, with flow, time and offset', () => {
    const cuts = [0, 7, 50, 51, 200, 333, stream.length]
    const segments = cuts.slice(1).map((end, i) => ({ start: cuts[i] as number, end }))
    const order = [0, 2, 1, 3, 3, 5, 4] // 1 and 2 swapped, 3 repeated, 4 and 5 swapped
    const packets = [packet(0, 99, new Uint8Array(0), { syn: true, ack: false }), ...order.map((i, n) => packet(n + 1, 100 + (segments[i]?.start as number), stream.subarray(segments[i]?.start, segments[i]?.end)))]
    const events = [...decodeCapture(packets, detect)]
    const found = events.filter((e) => e.type === 'frame')
    expect(found.map((e) => e.value)).toEqual(frames)
    expect(found[0]?.flow).toEqual({ transport: 'tcp', ...client, direction: 'to-server' })
    expect(found.every((e) => e.time >= 1_700_000_000)).toBe(true)
    expect(found[1]?.offset).toBe(found[0]?.length)
    expect(events.filter((e) => e.type === 'retransmission')).toHaveLength(1)
  })

  test('a lost segment: the frame it cut is truncated, a gap is reported, decoding resumes after it', () => {
    const packets = [packet(1, 0, stream.subarray(0, 100)), packet(2, 150, stream.subarray(150))]
    const events = [...decodeCapture(packets, detect)]
    const gap = events.find((e) => e.type === 'gap')
    expect(gap).toMatchObject({ offset: 100, length: 50 })
    const after = events.flatMap((e) => (e.type === 'frame' && e.offset >= 150 ? [e.value] : []))
    expect(after.length).toBeGreaterThan(0)
    expect(after.at(-1)).toEqual(frames.at(-1))
    // Every frame is either before the gap, lost with it, or after it: none twice.
    expect(events.filter((e) => e.type === 'frame').length).toBeLessThan(frames.length)
  })

  test('UDP: each datagram is a frame or a malformed one; --port filters flows', () => {
    const valid = items.find((i) => i.kind === 'frame')?.bytes as Uint8Array
    const udp = (n: number, payload: Uint8Array, port = 7000): CapturedPacket => ({ time: n, record: n, transport: 'udp', source: '10.0.0.1', sourcePort: 5555, destination: '10.0.0.2', destinationPort: port, payload })
    const events = [...decodeCapture([udp(1, valid), udp(2, valid.subarray(1)), udp(3, valid, 9999), udp(4, new Uint8Array(0))], detect, { port: 7000 })]
    expect(events.map((e) => e.type)).toEqual(['frame', 'malformed'])
    expect(events[0]?.flow.direction).toBe('to-server')
  })
})

describe('capture JSON lines', () => {
  test('times with microseconds, and every event kind as a line', async () => {
    const { captureLine, captureTime } = await import('../../src/cli/decode-capture.js')
    const { bundledGrammar } = await import('../../src/cli/grammar-option.js')
    expect(captureTime(1_764_481_741.123456)).toBe('2025-11-30T05:49:01.123456Z')
    expect(captureTime(0.9999999)).toBe('1970-01-01T00:00:00.999999Z')
    const flow = { transport: 'tcp' as const, source: 'a', sourcePort: 1, destination: 'b', destinationPort: 2, direction: 'to-server' as const }
    const choice = bundledGrammar('auto')
    const item = [...generateTraffic({ seed: 1, frames: 1 })][0]
    const frame = item?.kind === 'frame' ? item.frame : undefined
    expect(JSON.parse(captureLine({ type: 'frame', offset: 5, length: 9, value: frame, bytes: new Uint8Array(0), flow, time: 1 }, choice))).toMatchObject({ type: 'frame', flow, time: '1970-01-01T00:00:01.000000Z', offset: 5, length: 9, protocol: frame?.protocol })
    expect(JSON.parse(captureLine({ type: 'gap', offset: 5, length: 9, flow, time: 1 }, choice))).toEqual({ type: 'gap', flow, time: '1970-01-01T00:00:01.000000Z', offset: 5, length: 9 })
    const error = { kind: 'checksum' as const, offset: 3, path: [], message: 'bad', expected: 1, actual: 2 }
    expect(JSON.parse(captureLine({ type: 'malformed', offset: 5, length: 9, error, bytes: new Uint8Array(0), flow, time: 1 } as never, choice))).toMatchObject({ type: 'malformed', error: { kind: 'checksum' } })
  })
})
