// `oxwire decode --pcap` on a pcapng file of several sections, each in its
// own byte order with its own interfaces: sections.pcapng (made by
// make-sections.sh with mergecap, editcap and cat; tshark reads its 70
// packets) holds a little-endian section of two interfaces (Linux cooked
// traffic on interface 0, the TLM capture on interface 1) and then a
// big-endian section whose one interface (0 again) carries the EVR capture.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isRight } from 'fp-ts/lib/Either.js'
import { describe, expect, test } from 'vitest'
import { encode } from '../../src/api.js'
import { packetsFromPcapng } from '../../src/capture/pcapng-packets.js'
import { pcapngSections } from '../../src/capture/pcapng-sections.js'
import { runCaptureDecode } from '../../src/cli/decode-capture.js'
import { bundledGrammar } from '../../src/cli/grammar-option.js'
import type { Codec } from '../../src/grammar/codec.js'
import { pcapFile, pcapngFile, type PcapngFile } from '../../protocols/index.js'
import { cliIo } from '../cli/cli-io.js'

const captures = fileURLToPath(new URL('../fixtures/captures/', import.meta.url))

async function lines(file: string, grammar: 'tlm' | 'evr' | 'auto'): Promise<{ out: string[]; err: string }> {
  const io = cliIo()
  await runCaptureDecode(file, bundledGrammar(grammar), io, undefined)
  return { out: io.stdout.text.split('\n').filter((l) => l !== ''), err: io.stderr.text }
}

/** The lines of the flows between the ports that `reference` has. */
function ofFlowsIn(all: readonly string[], reference: readonly string[]): string[] {
  const ports = new Set(reference.map((l) => (JSON.parse(l) as { flow: { sourcePort: number } }).flow.sourcePort))
  return all.filter((l) => ports.has((JSON.parse(l) as { flow: { sourcePort: number } }).flow.sourcePort))
}

describe('pcapng files of several sections', () => {
  test('the sections are found in their own byte orders', async () => {
    const bytes = new Uint8Array(await readFile(`${captures}sections.pcapng`))
    const sections = pcapngSections(bytes)
    expect(sections.map((s) => s.littleEndian)).toEqual([true, false])
    expect(sections[0]?.start).toBe(0)
    expect(sections[0]?.end).toBe(sections[1]?.start)
    expect(sections[1]?.end).toBe(bytes.length)
    // The second begins with a Section Header Block whose magic reads 1A 2B 3C 4D: big-endian.
    expect([...bytes.subarray(sections[1]?.start ?? 0, (sections[1]?.start ?? 0) + 4)]).toEqual([0x0a, 0x0d, 0x0d, 0x0a])
    expect([...bytes.subarray((sections[1]?.start ?? 0) + 8, (sections[1]?.start ?? 0) + 12)]).toEqual([0x1a, 0x2b, 0x3c, 0x4d])
  })

  test('decode --pcap reads every packet of both sections (70, as tshark counts them)', async () => {
    const bytes = new Uint8Array(await readFile(`${captures}sections.pcapng`))
    const { packets, skipped, sections } = packetsFromPcapng(bytes, pcapngFile as Codec<unknown>, pcapFile as Codec<unknown>)
    expect(sections).toBe(2)
    // Every packet is TCP over IPv4 (the cooked capture's too): none skipped.
    expect(skipped).toBe(0)
    expect(packets).toHaveLength(70)
    expect(packets.map((p) => p.record)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1))
  })

  test('the TLM frames of section 1 (interface 1) and the EVR frames of section 2 (interface 0, big-endian) decode as from their own captures', async () => {
    const tlm = await lines(`${captures}tlm.pcap`, 'tlm')
    const evr = await lines(`${captures}evr.pcap`, 'evr')
    const both = await lines(`${captures}sections.pcapng`, 'auto')
    expect(both.err).not.toMatch(/cannot be read|ends inside/)
    expect(tlm.out.length).toBeGreaterThan(30)
    expect(evr.out.length).toBeGreaterThan(30)
    const frames = (all: readonly string[]) => all.filter((l) => l.startsWith('{"type":"frame"'))
    expect(frames(tlm.out).length).toBeGreaterThan(20)
    expect(frames(evr.out).length).toBeGreaterThan(20)
    // The detecting grammar (auto) tags each frame with its protocol; the single ones do not.
    const strip = (l: string) => l.replace(/"protocol":"(tlm|evr)",/, '')
    expect(frames(ofFlowsIn(both.out, tlm.out)).map(strip)).toEqual(frames(tlm.out).map(strip))
    expect(frames(ofFlowsIn(both.out, evr.out)).map(strip)).toEqual(frames(evr.out).map(strip))
  })

  test('a section header cut within its first 12 bytes is a section of its own, reported, not dropped', async () => {
    const whole = new Uint8Array(await readFile(`${captures}sections.pcapng`))
    const second = pcapngSections(whole)[1]?.start ?? 0
    // The file, then the first 8 bytes of its second section header again.
    const bytes = Uint8Array.from([...whole, ...whole.subarray(second, second + 8)])
    const sections = pcapngSections(bytes)
    expect(sections.map((s) => [s.start, s.end])).toEqual([[0, second], [second, whole.length], [whole.length, bytes.length]])
    const { packets, unreadable, cutAt } = packetsFromPcapng(bytes, pcapngFile as Codec<unknown>, pcapFile as Codec<unknown>)
    expect(packets).toHaveLength(70)
    expect(unreadable?.at ?? cutAt).toBe(whole.length)
  })

  test('a later section that cannot be read is said on stderr; the packets before it are kept', async () => {
    const section = (order: 'big' | 'little'): Uint8Array => {
      const file: PcapngFile = { byteOrder: order, versionMajor: 1, versionMinor: 0, sectionLength: 2n ** 64n - 1n, options: [], blocks: [] }
      const out = encode(pcapngFile, file)
      if (!isRight(out)) throw new Error(out.left.message)
      return out.right
    }
    const first = new Uint8Array(await readFile(`${captures}tlm.pcapng`))
    // A section header whose byte-order magic is neither order's.
    const broken = Uint8Array.from(section('big'))
    broken[8] = 0x77
    const bytes = Uint8Array.from([...first, ...section('big'), ...broken])
    const { packets, sections, unreadable } = packetsFromPcapng(bytes, pcapngFile as Codec<unknown>, pcapFile as Codec<unknown>)
    expect(sections).toBe(2)
    expect(packets).toHaveLength(27)
    expect(unreadable?.at).toBe(first.length + section('big').length)
    const dir = await mkdtemp(join(tmpdir(), 'oxwire-sections-'))
    try {
      await writeFile(join(dir, 'three.pcapng'), bytes)
      const io = cliIo()
      const summary = await runCaptureDecode(join(dir, 'three.pcapng'), bundledGrammar('tlm'), io, undefined)
      expect(summary.frames).toBeGreaterThan(20)
      expect(io.stderr.text).toContain(`three.pcapng: the pcapng section at offset ${unreadable?.at} cannot be read (`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
