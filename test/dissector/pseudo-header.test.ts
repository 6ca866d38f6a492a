// Checksums over a pseudo-header in the real tshark: the TCP and UDP
// checksums of `ipv4Packet` cover the enclosing packet's addresses, which
// the generated Lua reads from the IPv4 fields it has walked. Under the
// dissector's `checksumPolicy: 'report'` every one is verified, with the
// status oxwire's `decodeChecksums` gives on the same bytes.
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import fc from 'fast-check'
import { isRight } from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { decode, decodeChecksums, encode } from '../../src/index.js'
import { wiresharkDissector } from '../../src/dissector/wireshark.js'
import { arbitrary } from '../../src/testing/index.js'
import { bytes, checksum, constant, internetChecksum, struct, u16be, u8 } from '../../combinators/index.js'
import { ipv4Packet, type Ipv4Packet } from '../../protocols/index.js'
import { systemTool } from '../helpers/system-tool.js'
import { compare, layerFields, pdus } from './tshark-json.js'

const tshark = systemTool('tshark', 'tshark')
const text2pcap = systemTool('text2pcap', 'tshark')
const run = promisify(execFile)

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-pseudo-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

function hexDump(frames: readonly Uint8Array[]): string {
  return frames.map((frame) => [...frame].map((b, i) => `${i % 16 === 0 ? `${i === 0 ? '' : '\n'}${i.toString(16).padStart(6, '0')} ` : ''}${b.toString(16).padStart(2, '0')} `).join('') + '\n').join('\n')
}

function encoded(value: Ipv4Packet): Uint8Array {
  const out = encode(ipv4Packet, value)
  if (!isRight(out)) throw new Error(out.left.message)
  return out.right
}

const header = {
  tos: { dscp: 0, ecn: 0 }, identification: 7, fragment: { reserved: false, dontFragment: true, moreFragments: false, offset: 0 },
  ttl: 64, source: Uint8Array.of(192, 168, 1, 20), destination: Uint8Array.of(10, 0, 0, 1), options: new Uint8Array(0),
} as const
const tcp: Ipv4Packet = {
  ...header,
  payload: {
    protocol: 'tcp', sourcePort: 40000, destinationPort: 502, sequence: 0xdeadbeef, acknowledgment: 1,
    flags: { reserved: 0, ae: false, cwr: false, ece: false, urg: false, ack: true, psh: true, rst: false, syn: false, fin: false },
    window: 512, urgentPointer: 0, options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 8, data: new Uint8Array(8) }], data: Uint8Array.of(0, 1, 0, 0, 0, 6, 1, 3, 0, 0, 0, 1),
  },
}
const udp: Ipv4Packet = { ...header, payload: { protocol: 'udp', sourcePort: 53, destinationPort: 4000, data: Uint8Array.from({ length: 33 }, (_, i) => i) } }

describe('pseudo-header checksums in a generated dissector', () => {
  test('the TCP and UDP pseudo-headers are read as copies of enclosing fields, with nothing left out', () => {
    const dissector = wiresharkDissector(ipv4Packet, { name: 'oxip', checksumPolicy: 'report' })
    expect(dissector.notes).toEqual([])
    // Each address field keeps its bytes for the context; the prefix is built from them and the length.
    expect(dissector.lua).toContain('context_bytes("source", 4)')
    expect(dissector.lua).toContain('context_bytes("destination", 4)')
    expect(dissector.lua).toMatch(/context_int\(len, 2, false, false\)/)
    expect(dissector.lua).not.toContain('if not VERIFY_ALL then')
    // Under each checksum's own policy (ignore), they are verified only when the preference says so.
    const own = wiresharkDissector(ipv4Packet, { name: 'oxip' })
    expect(own.notes).toEqual([])
    expect(own.lua).toContain('context_bytes("source", 4)')
    expect(own.lua).toContain('if not VERIFY_ALL then')
    expect(own.lua).toContain('P_oxip.prefs.verify_all = Pref.bool("Verify all checksums", false')
  })

  test('a context that computes rather than copies is shown unverified, and said so', () => {
    const summed = struct({ a: u8, b: u8, body: struct({ data: bytes(2), sum: checksum(u16be, internetChecksum, { context: { grammar: u16be, value: (get) => (get('a') as number) + (get('b') as number) } }) }) })
    expect(wiresharkDissector(summed, { name: 'sum' }).notes).toEqual(['body.sum: INTERNET-CHECKSUM/RFC-1071 with a context (pseudo-header) is shown unverified: its part (value) is computed, not an enclosing field, the length or a constant'])
    const nested = struct({ tag: u8, body: struct({ data: bytes(2), sum: checksum(u16be, internetChecksum, { context: { grammar: struct({ k: constant(u8, 0), n: u8 }), value: (get) => ({ n: get('tag') as number }) } }) }) })
    const copied = wiresharkDissector(nested, { name: 'nest' })
    expect(copied.notes).toEqual([])
    expect(copied.lua).toContain('context_number("tag")')
  })

  test.skipIf(tshark === undefined || text2pcap === undefined).each([
    ['checksumPolicy report', { checksumPolicy: 'report' as const }, []],
    ['the preference "verify all checksums"', {}, ['-o', 'oxip.verify_all:TRUE']],
  ])('tshark verifies each TCP and UDP checksum as decodeChecksums does, and flags the bad ones (%s)', async (_, options, preference) => {
    const dissector = wiresharkDissector(ipv4Packet, { name: 'oxip', port: 47204, ...options })
    const sampled = fc.sample(arbitrary(ipv4Packet), { seed: 29, numRuns: 10 }).map(encoded)
    const good = [encoded(tcp), encoded(udp), ...sampled]
    // A flipped checksum byte (TCP) and a flipped data byte (UDP): the IPv4 header checksum still holds.
    const badTcp = Uint8Array.from(good[0] as Uint8Array)
    badTcp[20 + 16] = (badTcp[20 + 16] as number) ^ 0x40
    const badUdp = Uint8Array.from(good[1] as Uint8Array)
    badUdp[20 + 8 + 5] = (badUdp[20 + 8 + 5] as number) ^ 1
    const frames = [...good, badTcp, badUdp]
    await writeFile(join(dir, 'ip.txt'), hexDump(frames))
    await run(text2pcap as string, ['-q', '-u', '40000,47204', join(dir, 'ip.txt'), join(dir, 'ip.pcap')])
    await writeFile(join(dir, 'oxip.lua'), dissector.lua)
    const { stdout, stderr } = await run(tshark as string, ['-n', '-r', join(dir, 'ip.pcap'), '-X', `lua_script:${join(dir, 'oxip.lua')}`, '-T', 'json', '--no-duplicate-keys', ...preference], {
      env: { ...process.env, HOME: dir },
      maxBuffer: 16 << 20,
    })
    expect(stderr).not.toMatch(/Lua: Error/)
    const layers = pdus(JSON.parse(stdout), 'oxip').map((layer) => layerFields(layer, 'oxip'))
    expect(layers).toHaveLength(frames.length)
    const statusCode = { valid: '1', invalid: '0', unverified: '2' } as const
    let transport = 0
    frames.forEach((frame, i) => {
      const layer = layers[i] as Map<string, string[]>
      const checked = decodeChecksums(ipv4Packet, frame, { policy: 'report' })
      if (!isRight(checked)) throw new Error(checked.left.message)
      const report = checked.right.checksums.find((c) => c.field.endsWith('checksum') && c.field !== 'headerChecksum')
      const shown = layer.get('oxip.payload.checksum.status')
      if (report === undefined) {
        expect(shown, `frame ${i}`).toBeUndefined()
        return
      }
      transport++
      expect(shown, `frame ${i} (${report.field})`).toEqual([statusCode[report.status]])
      // The header checksum is good in every frame, as oxwire's own decode (which verifies it) agrees.
      expect(layer.get('oxip.headerChecksum.status'), `frame ${i}`).toEqual(['1'])
      const decoded = decode(ipv4Packet, frame)
      if (!isRight(decoded)) throw new Error(decoded.left.message)
      expect(compare(layer, decoded.right, 'oxip', dissector.fields).mismatches, `frame ${i}`).toEqual([])
      expect(layer.has('oxip.checksum.bad'), `frame ${i}`).toBe(report.status === 'invalid')
    })
    expect(transport).toBeGreaterThanOrEqual(4)
    // The two broken ones, and only those, are Bad: checked on oxwire's side too, so the comparison above is not vacuous.
    const statuses = frames.map((frame) => {
      const checked = decodeChecksums(ipv4Packet, frame, { policy: 'report' })
      return isRight(checked) ? checked.right.checksums.find((c) => c.field !== 'headerChecksum')?.status : 'error'
    })
    expect(statuses.slice(0, 2)).toEqual(['valid', 'valid'])
    expect(statuses.slice(-2)).toEqual(['invalid', 'invalid'])
    expect(layers.slice(-2).map((layer) => layer.get('oxip.payload.checksum.status'))).toEqual([['0'], ['0']])
  }, 60_000)
})

describe('pseudo-header checksums left to their policy', () => {
  test.skipIf(tshark === undefined || text2pcap === undefined)('with the preference off (the default), the TCP and UDP checksums show Unverified, the header checksum Good', async () => {
    const dissector = wiresharkDissector(ipv4Packet, { name: 'oxip', port: 47208 })
    // The last: a broken TCP checksum, still Unverified.
    const broken = encoded(tcp)
    broken[36] = (broken[36] as number) ^ 0x40
    const frames = [encoded(tcp), encoded(udp), broken]
    await writeFile(join(dir, 'own.txt'), hexDump(frames))
    await run(text2pcap as string, ['-q', '-u', '40000,47208', join(dir, 'own.txt'), join(dir, 'own.pcap')])
    await writeFile(join(dir, 'own.lua'), dissector.lua)
    const { stdout } = await run(tshark as string, ['-n', '-r', join(dir, 'own.pcap'), '-X', `lua_script:${join(dir, 'own.lua')}`, '-T', 'json', '--no-duplicate-keys'], { env: { ...process.env, HOME: dir }, maxBuffer: 16 << 20 })
    const layers = pdus(JSON.parse(stdout), 'oxip').map((layer) => layerFields(layer, 'oxip'))
    expect(layers.map((layer) => layer.get('oxip.payload.checksum.status'))).toEqual([['2'], ['2'], ['2']])
    expect(layers.map((layer) => layer.get('oxip.headerChecksum.status'))).toEqual([['1'], ['1'], ['1']])
    // As oxwire's own decode, which ignores them: every frame decodes.
    for (const frame of frames) expect(isRight(decode(ipv4Packet, frame))).toBe(true)
  }, 60_000)
})
