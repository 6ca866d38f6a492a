// `oxwire decode --pcap` on pcapng files: editcap's rewrites of the tcpdump
// captures give the same lines as the classic files; clocks (if_tsresol,
// if_tsoffset), Simple Packet Blocks, interfaces, a broken later section and byte order
// on files built with the gallery's pcapngFile grammar.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isRight } from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { encode } from '../../src/api.js'
import { packetsFromPcapng } from '../../src/capture/pcapng-packets.js'
import { runCaptureDecode } from '../../src/cli/decode-capture.js'
import { bundledGrammar, resolveGrammar } from '../../src/cli/grammar-option.js'
import type { Codec } from '../../src/grammar/codec.js'
import { ipv4Packet, pcapFile, pcapngFile, type PcapngBlock, type PcapngFile } from '../../protocols/index.js'
import { cliIo } from '../cli/cli-io.js'

const captures = fileURLToPath(new URL('../fixtures/captures/', import.meta.url))

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-pcapng-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function lines(file: string, grammar: 'tlm' | 'modbus'): Promise<string[]> {
  const io = cliIo()
  const choice = grammar === 'tlm' ? bundledGrammar('tlm') : await resolveGrammar({ grammar: `${fileURLToPath(new URL('../../protocols/index.ts', import.meta.url))}#modbusTcp` })
  await runCaptureDecode(file, choice, io, undefined)
  return io.stdout.text.split('\n').filter((l) => l !== '')
}

describe('decode --pcap on pcapng', () => {
  test.each([['tlm', 'tlm'], ['modbus', 'modbus']] as const)('%s.pcapng (editcap of %s.pcap) gives the lines of the classic file', async (name, grammar) => {
    const classic = await lines(join(captures, `${name}.pcap`), grammar)
    const next = await lines(join(captures, `${name}.pcapng`), grammar)
    expect(classic.length).toBeGreaterThan(40)
    expect(next).toEqual(classic)
  })

  const udp = (port: number, text: string): Uint8Array => {
    const bytes = encode(ipv4Packet, {
      tos: { dscp: 0, ecn: 0 }, identification: 1, fragment: { reserved: false, dontFragment: true, moreFragments: false, offset: 0 }, ttl: 64,
      source: Uint8Array.of(10, 0, 0, 1), destination: Uint8Array.of(10, 0, 0, 2), options: new Uint8Array(0),
      payload: { protocol: 'udp', sourcePort: 5000, destinationPort: port, data: new TextEncoder().encode(text) },
    })
    if (!isRight(bytes)) throw new Error(bytes.left.message)
    return bytes.right
  }
  const option = (code: number, value: number[]) => ({ code, value: Uint8Array.from(value), padding: new Uint8Array((4 - (value.length % 4)) % 4) })
  const packet = (interfaceId: number, ticks: bigint, data: Uint8Array): PcapngBlock => ({
    block: 'enhancedPacket', interfaceId, timestampHigh: Number(ticks >> 32n), timestampLow: Number(ticks & 0xffffffffn), originalLength: data.length,
    data, padding: new Uint8Array((4 - (data.length % 4)) % 4), options: [],
  })
  const loopback = (order: 'big' | 'little', data: Uint8Array) => {
    const family = new Uint8Array(4)
    new DataView(family.buffer).setUint32(0, 2, order === 'little')
    return Uint8Array.from([...family, ...data])
  }

  test.each(['little', 'big'] as const)('clocks, simple packets, unknown interfaces and sections (%s-endian)', (order) => {
    const cut = udp(7000, 'a simple packet longer than the snap length')
    const short = udp(7000, 'spb')
    const file: PcapngFile = {
      byteOrder: order, versionMajor: 1, versionMinor: 0, sectionLength: 2n ** 64n - 1n, options: [],
      blocks: [
        // Raw IPv4, snap length 40, clock in 1/64 s (2^-6) with an offset of 100 s.
        { block: 'interface', linkType: 101, reserved: 0, snapLength: 40, options: [option(9, [0x86]), option(14, order === 'little' ? [100, 0, 0, 0, 0, 0, 0, 0] : [0, 0, 0, 0, 0, 0, 0, 100]), option(0, [])] },
        // BSD loopback (the family in the section's order), the default clock (microseconds).
        { block: 'interface', linkType: 0, reserved: 0, snapLength: 0, options: [] },
        packet(0, 64n * 10n + 16n, udp(7000, 'one')),
        packet(1, 2_500_000n, loopback(order, udp(7000, 'two'))),
        packet(7, 0n, udp(7000, 'no such interface')),
        // Simple packets: interface 0's, no time; the padding after the data is cut off by the original length,
        // a packet longer than the snap length by the snap length (here inside the UDP payload, so it decodes no further).
        { block: 'simplePacket', originalLength: short.length, data: Uint8Array.from([...short, 0]) },
        { block: 'simplePacket', originalLength: cut.length, data: Uint8Array.from([...cut, 0, 0, 0]) },
        { blockType: 0x0bad, body: Uint8Array.of(1, 2, 3, 4) },
        // A block of the section header's type starts a new section (pcapng-sections.test.ts reads real
        // ones); this one's body is no section header, so the reading ends there, keeping what came before.
        { blockType: 0x0a0d0d0a, body: new Uint8Array(16) },
        packet(0, 0n, udp(7000, 'after the broken section header')),
      ],
    }
    const bytes = encode(pcapngFile, file)
    if (!isRight(bytes)) throw new Error(bytes.left.message)
    const { packets, skipped, unreadable } = packetsFromPcapng(bytes.right, pcapngFile as Codec<unknown>, pcapFile as Codec<unknown>)
    // Skipped: the packet of interface 7, the simple packet cut short.
    expect(skipped).toBe(2)
    expect(unreadable?.reason).toMatch(/no alternative matched/)
    expect(packets.map((p) => [p.record, p.time, p.transport, p.destinationPort])).toEqual([
      [1, 110.25, 'udp', 7000],
      [2, 2.5, 'udp', 7000],
      [4, 0, 'udp', 7000],
    ])
    expect(packets.map((p) => new TextDecoder().decode(p.payload))).toEqual(['one', 'two', 'spb'])
  })

  test('a file that is not pcapng after its first four bytes is one error line', async () => {
    const path = join(dir, 'broken.pcapng')
    await writeFile(path, Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 1, 2, 3, 4))
    await expect(runCaptureDecode(path, bundledGrammar('tlm'), cliIo(), undefined)).rejects.toThrow(/^not a pcapng file oxwire can read: no-match at \(root\), offset 0: no alternative matched/)
  })
})
