import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadGrammar } from '../../src/cli/grammar-module.js'
import { resolveGrammar } from '../../src/cli/grammar-option.js'
import { trafficOf } from '../../src/cli/grammar-traffic.js'
import { wiresharkDissector } from '../../src/dissector/wireshark.js'
import { detect, eventRecord, telemetry } from '../../protocols/index.js'
import { generateTraffic } from '../../src/cli/traffic.js'
import { systemTool } from '../helpers/system-tool.js'
import { compare, layerFields, pdus } from './tshark-json.js'

const tshark = systemTool('tshark', 'tshark')
const here = dirname(fileURLToPath(import.meta.url))
const captures = join(here, '..', 'fixtures', 'captures')
const sensorModule = join(here, '..', 'fixtures', 'grammars', 'sensor.ts')
const run = promisify(execFile)

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-tshark-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function dissect(lua: string, capture: string, name: string, preferences: string[] = []): Promise<unknown> {
  const script = join(dir, `${name}.lua`)
  await writeFile(script, lua)
  // HOME points at the temporary folder so no personal Wireshark profile or plugin takes part.
  const { stdout } = await run(tshark as string, ['-n', '-r', join(captures, capture), '-X', `lua_script:${script}`, '-T', 'json', '--no-duplicate-keys', ...preferences], {
    maxBuffer: 64 << 20,
    timeout: 60_000,
    env: { ...process.env, HOME: dir },
  })
  return JSON.parse(stdout) as unknown
}

// What make-captures.sh sent, frame by frame (valid and corrupt), from the same seeds.
async function sent(options: { protocol?: 'tlm' | 'evr'; grammar?: string }, seed: number): Promise<{ value: unknown; corrupt: boolean }[]> {
  const choice = await resolveGrammar(options)
  const items = await trafficOf(choice, { seed, frames: 40, corrupt: 1 })
  return [...items].flatMap((item) => (item.kind === 'garbage' ? [] : [{ value: item.frame.value, corrupt: item.kind === 'corrupt' }]))
}

const cases = [
  { capture: 'tlm.pcap', proto: 'tlm', grammar: () => Promise.resolve(telemetry), options: { protocol: 'tlm' as const }, seed: 7, decodedOnly: ['payload.type'], dissectedOnly: [] as string[] },
  { capture: 'evr.pcap', proto: 'evr', grammar: () => Promise.resolve(eventRecord), options: { protocol: 'evr' as const }, seed: 8, decodedOnly: ['fields.tag', 'fields.code', 'fields.bytes'], dissectedOnly: ['evr.fields'] },
  { capture: 'sensor.pcap', proto: 'sensor', grammar: async () => (await loadGrammar(sensorModule)).codec, options: { grammar: sensorModule }, seed: 9, decodedOnly: [], dissectedOnly: [] },
]

describe.skipIf(tshark === undefined)('generated dissectors in the real tshark', () => {
  for (const c of cases) {
    test(`${c.capture}: every frame shows oxwire's values, and the corrupt frame's checksum is flagged`, async () => {
      const grammar = await c.grammar()
      const dissector = wiresharkDissector(grammar, { name: c.proto })
      expect(dissector.notes).toEqual([])
      const json = await dissect(dissector.lua, c.capture, c.proto)
      const shown = pdus(json, c.proto).map((layer) => layerFields(layer, c.proto))
      const expected = await sent(c.options, c.seed)
      expect(shown).toHaveLength(expected.length)
      let compared = 0
      expected.forEach(({ value, corrupt }, i) => {
        const layer = shown[i] as Map<string, string[]>
        const result = compare(layer, value, c.proto, dissector.fields)
        expect(result.mismatches, `frame ${i}`).toEqual([])
        for (const path of result.decodedOnly) expect(c.decodedOnly, `frame ${i}: ${path} decoded but not shown`).toContain(path)
        for (const filter of result.dissectedOnly) expect(c.dissectedOnly, `frame ${i}: ${filter} shown but not decoded`).toContain(filter)
        expect(layer.get(`${c.proto}.crc.status`), `frame ${i}`).toEqual([corrupt ? '0' : '1'])
        expect(layer.has(`${c.proto}.malformed`)).toBe(false)
        compared += result.compared
      })
      expect(expected.filter((e) => e.corrupt)).toHaveLength(1)
      expect(compared).toBeGreaterThan(expected.length * 3)
    }, 90_000)
  }

  test('oneOf: TLM and EVR found by their markers on any port, segments out of order and retransmitted', async () => {
    const dissector = wiresharkDissector(detect, { name: 'oxwire' })
    expect(dissector.protocols).toEqual(['tlm', 'evr'])
    // Out-of-order reassembly is a TCP preference of Wireshark, off by default.
    const json = await dissect(dissector.lua, 'reordered.pcap', 'auto', ['-o', 'tcp.reassemble_out_of_order:TRUE'])
    const expected = [...generateTraffic({ seed: 10, frames: 30 })].flatMap((i) => (i.kind === 'frame' ? [i.frame] : []))
    const shown: { protocol: string; layer: Map<string, string[]> }[] = []
    for (const packet of json as { _source: { layers: Record<string, unknown> } }[]) {
      // Layers keep the order tshark found them in within a packet.
      for (const [key, layer] of Object.entries(packet._source.layers)) {
        if (key !== 'tlm' && key !== 'evr') continue
        for (const one of Array.isArray(layer) ? layer : [layer]) shown.push({ protocol: key, layer: layerFields(one, key) })
      }
    }
    expect(shown.map((s) => s.protocol)).toEqual(expected.map((e) => e.protocol))
    expected.forEach((frame, i) => {
      const { mismatches } = compare((shown[i] as { layer: Map<string, string[]> }).layer, frame.value, frame.protocol, dissector.fields)
      expect(mismatches, `frame ${i}`).toEqual([])
      expect(shown[i]?.layer.get(`${frame.protocol}.crc.status`)).toEqual(['1'])
    })
  }, 90_000)

  test('UDP: each datagram is a frame', async () => {
    const dissector = wiresharkDissector(telemetry, { name: 'tlm', port: 47105 })
    const json = await dissect(dissector.lua, 'udp.pcap', 'udp')
    const layers = pdus(json, 'tlm').map((layer) => layerFields(layer, 'tlm'))
    const expected = [...generateTraffic({ seed: 11, frames: 12, protocol: 'tlm' })].flatMap((i) => (i.kind === 'frame' ? [i.frame.value] : []))
    expect(layers).toHaveLength(12)
    expected.forEach((value, i) => expect(compare(layers[i] as Map<string, string[]>, value, 'tlm', dissector.fields).mismatches).toEqual([]))
  }, 90_000)
})
