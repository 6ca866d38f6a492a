import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { custom } from '../../combinators/index.js'
import { packetsFromPcap } from '../../src/capture/pcap-packets.js'
import { runCaptureDecode } from '../../src/cli/decode-capture.js'
import { bundledGrammar } from '../../src/cli/grammar-option.js'
import { concatBytes, generateTraffic } from '../../src/cli/traffic.js'
import { cliIo } from '../cli/cli-io.js'

// The adapter reads the value the gallery's pcapFile grammar decodes to.
// Here a custom codec stands in for that grammar and returns such a value,
// so the mapping (link layers, time units, flags, skipped records) is
// tested on its own; the real grammar is tested on the real captures.
function fileDecodingTo(value: unknown) {
  return custom<unknown>({
    name: 'pcap value',
    decode: (state) => {
      state.pos = state.bytes.length
      return value
    },
    encode: () => undefined,
    size: { min: 0, max: Infinity },
  })
}

const ip = (a: number) => Uint8Array.of(10, 0, 0, a)
const tcp = (sequence: number, data: Uint8Array, flags: Partial<Record<'syn' | 'ack' | 'fin' | 'rst', boolean>> = {}) => ({
  protocol: 'tcp',
  sourcePort: 40000,
  destinationPort: 7000,
  sequence,
  flags: { syn: false, ack: true, fin: false, rst: false, ...flags },
  data,
})
const record = (seconds: number, fraction: number, data: unknown) => ({ seconds, fraction, origLen: 0, data })

const stream = concatBytes(generateTraffic({ seed: 5, frames: 6 }))
const file = {
  magic: 'nanoseconds',
  records: [
    record(100, 500_000_000, { link: 'ethernet', payload: { etherType: 'ipv4', packet: { source: ip(1), destination: ip(2), payload: tcp(9, new Uint8Array(0), { syn: true, ack: false }) } } }),
    record(101, 0, { link: 'loopback', payload: { family: 'ipv4', packet: { source: ip(1), destination: ip(2), payload: tcp(10, stream.subarray(0, 40)) } } }),
    record(102, 0, { link: 'raw', packet: { source: ip(1), destination: ip(2), payload: tcp(50, stream.subarray(40)) } }),
    record(103, 0, { link: 'ethernet', payload: { etherType: 0x86dd, data: new Uint8Array(4) } }),
    record(104, 0, { link: 'raw', packet: { source: ip(1), destination: ip(2), payload: { protocol: 1, data: new Uint8Array(0) } } }),
  ],
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-pcap-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('packets of a pcap value', () => {
  test('IPv4 over Ethernet, loopback and raw links; nanosecond times; other records skipped', () => {
    const { packets, skipped } = packetsFromPcap(new Uint8Array(1), fileDecodingTo(file))
    expect(skipped).toBe(2)
    expect(packets.map((p) => [p.record, p.time, p.source, p.destination, p.tcp?.sequence, p.payload.length])).toEqual([
      [1, 100.5, '10.0.0.1', '10.0.0.2', 9, 0],
      [2, 101, '10.0.0.1', '10.0.0.2', 10, 40],
      [3, 102, '10.0.0.1', '10.0.0.2', 50, stream.length - 40],
    ])
    expect(packets[0]?.tcp).toEqual({ sequence: 9, syn: true, ack: false, fin: false, rst: false })
    const micro = packetsFromPcap(new Uint8Array(1), fileDecodingTo({ magic: 'microseconds', records: [record(1, 250_000, file.records[2]?.data)] }))
    expect(micro.packets[0]?.time).toBe(1.25)
  })

  test('a file the grammar rejects is one error line', () => {
    const never = custom<unknown>({ name: 'never', decode: (state) => state.failInvalid('not a capture'), encode: () => undefined, size: { min: 0, max: Infinity } })
    expect(() => packetsFromPcap(new Uint8Array(4), never)).toThrow(/^not a pcap file oxwire can read: /)
  })

  test('decode --pcap writes the frames with flow, time and offset', async () => {
    const capture = join(dir, 'x.pcap')
    await writeFile(capture, Uint8Array.of(1))
    const io = cliIo()
    const summary = await runCaptureDecode(capture, bundledGrammar('auto'), io, 7000, () => Promise.resolve(fileDecodingTo(file)))
    expect(summary.frames).toBe(6)
    const lines = io.stdout.jsonLines() as { type: string; time: string; flow: { direction: string }; offset: number }[]
    expect(lines.filter((l) => l.type === 'frame')).toHaveLength(6)
    expect(lines[0]?.flow.direction).toBe('to-server')
    expect(lines.at(-1)?.time).toBe('1970-01-01T00:01:42.000000Z')
  })
})
