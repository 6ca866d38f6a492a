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
})
