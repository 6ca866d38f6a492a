// `oxwire decode --pcap` on the tcpdump captures committed under
// test/fixtures/captures (made by make-captures.sh), read with the gallery's
// own pcapFile grammar: TCP reassembly, a corrupt frame, reordered and
// retransmitted segments, and UDP datagrams.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { runCaptureDecode } from '../../src/cli/decode-capture.js'
import { bundledGrammar } from '../../src/cli/grammar-option.js'
import { concatBytes, generateTraffic } from '../../src/cli/traffic.js'
import { createFrameDecoder } from '../../src/index.js'
import { cliIo } from '../cli/cli-io.js'
import { toJsonLine } from '../../src/cli/json-lines.js'
import { resolveGrammar } from '../../src/cli/grammar-option.js'
import { decode } from '../../src/api.js'
import { modbusTcp } from '../../protocols/index.js'
import { mbap, modbusExamples } from '../fixtures/gallery/modbus-examples.js'

const captures = fileURLToPath(new URL('../fixtures/captures/', import.meta.url))

async function decodePcap(name: string) {
  const io = cliIo()
  const summary = await runCaptureDecode(join(captures, name), bundledGrammar('auto'), io, undefined)
  const lines = io.stdout.text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { type: string; value?: unknown; error?: { kind: string } })
  return { summary, lines }
}

describe('decode --pcap on real tcpdump captures', () => {
  test.each([['tlm.pcap'], ['evr.pcap']])('%s: every frame sent, and the corrupt one as a checksum error', async (name) => {
    const { summary, lines } = await decodePcap(name)
    expect(lines.filter((l) => l.type === 'frame')).toHaveLength(40)
    const malformed = lines.filter((l) => l.type === 'malformed')
    expect(malformed).toHaveLength(1)
    expect(malformed[0]?.error?.kind).toBe('checksum')
    expect(summary.gaps).toBe(0)
  })

  test('reordered.pcap: swapped and repeated segments give the frames oxwire send wrote, in order', async () => {
    const { summary, lines } = await decodePcap('reordered.pcap')
    expect(summary.gaps).toBe(0)
    expect(summary.retransmissions).toBe(1)
    expect(lines.filter((l) => l.type === 'malformed')).toEqual([])
    // The same traffic, regenerated from the seed the capture script used.
    const sent = concatBytes(generateTraffic({ seed: 10, frames: 30, protocol: 'auto' }))
    const choice = bundledGrammar('auto')
    const expected = createFrameDecoder(choice.grammar, { maxFrame: choice.maxFrame }).push(sent).flatMap((e) => (e.type === 'frame' ? [choice.label(e.value).value] : []))
    expect(expected).toHaveLength(30)
    expect(lines.filter((l) => l.type === 'frame').map((l) => l.value)).toEqual(expected.map((v) => JSON.parse(toJsonLine(v)) as unknown))
  })

  test('udp.pcap: one frame per datagram', async () => {
    const { lines } = await decodePcap('udp.pcap')
    expect(lines.filter((l) => l.type === 'frame')).toHaveLength(12)
  })

  test('modbus.pcap: the MODBUS specification examples both ways, then oxwire send traffic, with the gallery modbusTcp', async () => {
    const io = cliIo()
    const choice = await resolveGrammar({ grammar: `${fileURLToPath(new URL('../../protocols/index.ts', import.meta.url))}#modbusTcp` })
    await runCaptureDecode(join(captures, 'modbus.pcap'), choice, io, 47106)
    const lines = io.stdout.text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { type: string; flow: { sourcePort: number; direction: string }; value?: unknown })
    const frames = lines.filter((l) => l.type === 'frame')
    const firstClient = (frames[0] as { flow: { sourcePort: number } }).flow.sourcePort
    const exchange = frames.filter((l) => l.flow.sourcePort === firstClient || l.flow.sourcePort === 47106)
    const requests = exchange.filter((l) => l.flow.direction === 'to-server').map((l) => l.value)
    const responses = exchange.filter((l) => l.flow.direction === 'to-client').map((l) => l.value)
    const expected = (pdu: 'request' | 'response') => modbusExamples.map((e, i) => {
      const value = decode(modbusTcp, mbap(i + 1, e[pdu]))
      return value._tag === 'Right' ? JSON.parse(toJsonLine(value.right)) as unknown : value.left.message
    })
    expect(requests).toEqual(expected('request'))
    expect(responses).toEqual(expected('response'))
    // The request of function 0x2B and its exception, which the grammar does not read, are skipped in both directions.
    const skipped = lines.filter((l) => l.type === 'skipped')
    expect(skipped.filter((l) => l.flow.sourcePort !== firstClient && l.flow.sourcePort !== 47106)).toEqual([])
    expect(new Set(skipped.map((l) => l.flow.direction))).toEqual(new Set(['to-server', 'to-client']))
    // 20 random requests and 20 random responses from `oxwire send`.
    expect(frames.length - exchange.length).toBe(40)
  })
})
