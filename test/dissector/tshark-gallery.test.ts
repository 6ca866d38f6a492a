// Generated dissectors of gallery grammars in the real tshark: Modbus/TCP
// (sizes, counts and cases from earlier fields; the frame length for TCP
// reassembly from the MBAP length field) on a tcpdump capture, and IPv4
// packets (bit fields referred to, a checksum field verified, derived and
// computed fields) carried in UDP datagrams.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import fc from 'fast-check'
import { isRight } from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { decode, encode } from '../../src/api.js'
import { decodeCapture } from '../../src/capture/capture-decoder.js'
import { packetsFromPcap } from '../../src/capture/pcap-packets.js'
import { wiresharkDissector } from '../../src/dissector/wireshark.js'
import { arbitrary } from '../../src/testing/index.js'
import type { Codec } from '../../src/grammar/codec.js'
import { ipv4Packet, modbusTcp, pcapFile } from '../../protocols/index.js'
import { systemTool } from '../helpers/system-tool.js'
import { compare, layerFields } from './tshark-json.js'

const tshark = systemTool('tshark', 'tshark')
const text2pcap = systemTool('text2pcap', 'tshark')
const run = promisify(execFile)
const captures = fileURLToPath(new URL('../fixtures/captures/', import.meta.url))

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-gallery-tshark-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

interface Packet {
  readonly ports: string
  readonly layers: Map<string, string[]>[]
}

/** tshark's JSON of a capture with a generated dissector: each packet's TCP/UDP ports and the layers of `proto`. */
async function dissect(lua: string, capture: string, proto: string, extra: string[] = []): Promise<Packet[]> {
  const script = join(dir, `${proto}.lua`)
  await writeFile(script, lua)
  const { stdout, stderr } = await run(tshark as string, ['-n', '-r', capture, '-X', `lua_script:${script}`, '-T', 'json', '--no-duplicate-keys', ...extra], {
    maxBuffer: 64 << 20,
    timeout: 60_000,
    env: { ...process.env, HOME: dir },
  })
  expect(stderr).not.toMatch(/Lua: Error/)
  return (JSON.parse(stdout) as { _source: { layers: Record<string, unknown> } }[]).map(({ _source: { layers } }) => {
    const transport = (layers['tcp'] ?? layers['udp']) as Record<string, string> | undefined
    const ports = transport === undefined ? '' : `${transport['tcp.srcport'] ?? transport['udp.srcport']}>${transport['tcp.dstport'] ?? transport['udp.dstport']}`
    const own = layers[proto]
    return { ports, layers: own === undefined ? [] : (Array.isArray(own) ? own : [own]).map((layer) => layerFields(layer, proto)) }
  })
}

describe.skipIf(tshark === undefined)('dissectors of gallery grammars in the real tshark', () => {
  test('modbus.pcap (tcpdump of Modbus/TCP on port 47106): every frame of both directions shows what oxwire decode --pcap reads', async () => {
    // Wireshark has its own protocol named modbus; the generated one takes another name.
    const dissector = wiresharkDissector(modbusTcp, { name: 'oxmodbus', port: 47106 })
    expect(dissector.notes).toEqual([])
    const file = join(captures, 'modbus.pcap')
    // The built-in Modbus/TCP dissector (port 502) is turned off so only the generated one reads the traffic.
    const packets = await dissect(dissector.lua, file, 'oxmodbus', ['--disable-protocol', 'mbtcp'])

    // What oxwire reads from the same capture, per direction.
    const { packets: captured } = packetsFromPcap(await readFile(file), pcapFile as Codec<unknown>)
    const decoded = new Map<string, unknown[]>()
    const skipped = new Map<string, number>()
    for (const event of decodeCapture(captured, modbusTcp, { maxFrame: 1 << 16 })) {
      const ports = `${event.flow.sourcePort}>${event.flow.destinationPort}`
      if (event.type === 'frame') decoded.set(ports, [...(decoded.get(ports) ?? []), event.value])
      if (event.type === 'skipped') skipped.set(ports, (skipped.get(ports) ?? 0) + 1)
    }
    const shown = new Map<string, Map<string, string[]>[]>()
    const malformed = new Map<string, number>()
    for (const { ports, layers } of packets) {
      for (const layer of layers) {
        if (layer.has('oxmodbus.malformed')) malformed.set(ports, (malformed.get(ports) ?? 0) + 1)
        else shown.set(ports, [...(shown.get(ports) ?? []), layer])
      }
    }
    // Three connections (the specification's exchange, random requests, random responses): four directions with frames.
    expect([...decoded.keys()].sort()).toEqual([...shown.keys()].sort())
    expect(decoded.size).toBe(4)
    const heads = ['oxmodbus.pdu.value.function', 'oxmodbus.pdu.value.function_2'].map((name) => dissector.fields.find((f) => f.filter === name))
    let compared = 0
    for (const [ports, values] of decoded) {
      const layers = shown.get(ports) as Map<string, string[]>[]
      expect(layers.length, ports).toBe(values.length)
      values.forEach((value, i) => {
        const layer = layers[i] as Map<string, string[]>
        const result = compare(layer, value, 'oxmodbus', dissector.fields)
        expect(result.mismatches, `${ports} frame ${i}`).toEqual([])
        expect(result.dissectedOnly, `${ports} frame ${i}`).toEqual([])
        // The function code is a head (absent from the value); its name is the value's `function` or `exception`.
        const pdu = (value as { pdu: { value: { function?: string; exception?: string } } }).pdu.value
        const [head] = heads.flatMap((field) => (field !== undefined && layer.has(field.filter) ? [field] : []))
        expect(head?.valueStrings?.get(Number(layer.get(head.filter)?.[0])), `${ports} frame ${i}`).toBe(pdu.function ?? pdu.exception)
        expect(result.decodedOnly.filter((path) => path !== 'pdu.value.function' && path !== 'pdu.value.exception')).toEqual([])
        compared += result.compared
      })
    }
    expect(compared).toBeGreaterThan(200)
    // Function 0x2B (and its exception 0xAB), which the grammar does not read: flagged by both, in both directions.
    expect([...malformed.values()]).toEqual([1, 1])
    for (const ports of malformed.keys()) expect(skipped.get(ports), ports).toBeGreaterThan(0)
  }, 90_000)

  test.skipIf(text2pcap === undefined)('IPv4 packets in UDP datagrams: bit fields and lengths referred to, the header checksum verified', async () => {
    const dissector = wiresharkDissector(ipv4Packet, { name: 'oxip', port: 47201 })
    // The TCP/UDP checksums (policy ignore) are shown unverified, as Wireshark does by default;
    // pseudo-header.test.ts verifies them under checksumPolicy 'report'.
    expect(dissector.notes).toEqual([])
    const values = fc.sample(arbitrary(ipv4Packet), { seed: 13, numRuns: 12 })
    const frames = values.map((value) => {
      const bytes = encode(ipv4Packet, value)
      if (!isRight(bytes)) throw new Error(bytes.left.message)
      return bytes.right
    })
    // The last packet's header checksum is broken: oxwire refuses it, the dissector shows it Bad.
    const broken = Uint8Array.from(frames[frames.length - 1] as Uint8Array)
    broken[10] = (broken[10] as number) ^ 0xff
    frames.push(broken)
    expect(decode(ipv4Packet, broken)._tag).toBe('Left')
    const dump = frames.map((frame) => [...frame].map((b, i) => `${i % 16 === 0 ? `${i === 0 ? '' : '\n'}${i.toString(16).padStart(6, '0')} ` : ''}${b.toString(16).padStart(2, '0')} `).join('') + '\n').join('\n')
    await writeFile(join(dir, 'ip.txt'), dump)
    await run(text2pcap as string, ['-q', '-u', '40000,47201', join(dir, 'ip.txt'), join(dir, 'ip.pcap')])
    const packets = await dissect(dissector.lua, join(dir, 'ip.pcap'), 'oxip')
    expect(packets).toHaveLength(frames.length)
    let compared = 0
    values.forEach((_, i) => {
      const [layer] = packets[i]?.layers ?? []
      if (layer === undefined) throw new Error(`packet ${i}: no oxip layer`)
      const decoded = decode(ipv4Packet, frames[i] as Uint8Array)
      if (!isRight(decoded)) throw new Error(decoded.left.message)
      const result = compare(layer, decoded.right, 'oxip', dissector.fields)
      expect(result.mismatches, `packet ${i}`).toEqual([])
      // Not wire fields: the payload's and TCP options' discriminants (their codes are heads); the TCP/UDP checksums, shown as checksums.
      expect(result.decodedOnly.filter((path) => !['payload.protocol', 'payload.options.kind', 'payload.checksum'].includes(path)), `packet ${i}`).toEqual([])
      expect(layer.get('oxip.headerChecksum.status'), `packet ${i}`).toEqual(['1'])
      expect(layer.has('oxip.malformed'), `packet ${i}`).toBe(false)
      compared += result.compared
    })
    expect(compared).toBeGreaterThan(values.length * 10)
    const last = packets[frames.length - 1]?.layers[0]
    expect(last?.get('oxip.headerChecksum.status')).toEqual(['0'])
    expect(last?.has('oxip.checksum.bad')).toBe(true)
  }, 90_000)
})
