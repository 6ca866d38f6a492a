// The network part of the gallery against real captures made by tcpdump
// (test/fixtures/gallery/make-fixtures.sh): every record decodes, every
// file re-encodes byte for byte, every IPv4 header checksum is verified,
// and each TCP/UDP checksum's status is reported (loopback captures carry
// the partial sums that checksum offload leaves).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decode, decodeChecksums, encode, formatError, type ChecksumReport, type TypeOf } from '../../../src/index.js'
import { checkRoundTrip } from '../../../src/testing/index.js'
import { ethernetFrame, ipv4Packet, pcapFile, tcpSegment, udpDatagram } from '../../../protocols/index.js'
import { systemTool } from '../../helpers/system-tool.js'

const captures = ['loopback-usec.pcap', 'loopback-nsec.pcap', 'any-cooked.pcap'] as const
const read = (name: string) => new Uint8Array(readFileSync(`test/fixtures/gallery/${name}`))

function decoded<A>(result: E.Either<{ kind: string }, A>, bytes?: Uint8Array): A {
  if (E.isLeft(result)) throw new Error(formatError(result.left as never, bytes))
  return result.right
}

type Pcap = TypeOf<typeof pcapFile>
type Ipv4 = TypeOf<typeof ipv4Packet>

/** The IPv4 packet of a record, whatever the link layer. */
function packetOf(record: Pcap['records'][number]): Ipv4 | undefined {
  const data = record.data
  if (!('link' in data)) return undefined
  if (data.link === 'ethernet' || data.link === 'linuxCooked') return data.payload.etherType === 'ipv4' ? data.payload.packet : undefined
  if (data.link === 'raw') return data.packet
  return 'packet' in data.payload ? data.payload.packet : undefined
}

const tcpdump = systemTool('tcpdump', 'tcpdump')

describe.each(captures)('%s', (name) => {
  const bytes = read(name)
  const file = decoded(decode(pcapFile, bytes), bytes)

  it('decodes every record tcpdump reads, as IPv4 over the capture link', () => {
    expect(file.magic).toBe(name.includes('nsec') ? 'nanoseconds' : 'microseconds')
    expect(file.byteOrder).toBe('little')
    expect(file.linkType).toBe(name.includes('cooked') ? 113 : 1)
    if (tcpdump !== undefined) {
      const lines = execFileSync(tcpdump, ['-r', `test/fixtures/gallery/${name}`, '-nn'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')
      expect(file.records.length).toBe(lines.length)
    }
    const kinds = file.records.map((r) => packetOf(r)?.payload.protocol)
    expect(kinds.filter((k) => k === 'tcp').length).toBeGreaterThanOrEqual(10)
    expect(kinds.filter((k) => k === 'udp').length).toBe(2)
    const udp = file.records.map(packetOf).find((p) => p?.payload.protocol === 'udp')
    expect(udp?.payload.protocol === 'udp' && new TextDecoder().decode(udp.payload.data)).toBe('hello oxwire over udp')
  })

  it('re-encodes byte for byte', () => {
    const again = decoded(encode(pcapFile, file))
    expect(Buffer.compare(again, bytes)).toBe(0)
  })

  it('verifies every IPv4 header checksum and reports each TCP/UDP checksum', () => {
    const checked = decoded(decodeChecksums(pcapFile, bytes, { policy: 'report' }))
    const headers = checked.checksums.filter((c) => c.field === 'headerChecksum')
    expect(headers.length).toBe(file.records.length)
    expect(headers.every((c) => c.status === 'valid')).toBe(true)
    const transport = checked.checksums.filter((c) => c.field === 'checksum')
    expect(transport.length).toBe(file.records.length)
    // Loopback checksums are offloaded: the status is computed and told, valid or not.
    for (const c of transport) expect(['valid', 'invalid']).toContain(c.status)
    // By default TCP/UDP checksums are not verified: decode succeeds, status unverified.
    const plain = decoded(decodeChecksums(pcapFile, bytes))
    expect(plain.checksums.filter((c) => c.field === 'checksum').every((c: ChecksumReport) => c.status === 'unverified')).toBe(true)
  })

  it('computes TCP and UDP checksums over the pseudo-header when left out of the value', () => {
    const records = file.records.map((r) => {
      const packet = packetOf(r)
      if (packet === undefined) return r
      const { checksum: _, ...payload } = packet.payload as { checksum?: number }
      return replacePayload(r, { ...packet, payload: payload as Ipv4['payload'] })
    })
    const rebuilt = decoded(encode(pcapFile, { ...file, records }))
    const checked = decoded(decodeChecksums(pcapFile, rebuilt, { policy: 'verify' }), rebuilt)
    expect(checked.checksums.filter((c) => c.field === 'checksum').map((c) => c.status)).toEqual(file.records.map(() => 'valid'))
  })
})

function replacePayload(record: Pcap['records'][number], packet: Ipv4): Pcap['records'][number] {
  const data = record.data
  if ('link' in data && (data.link === 'ethernet' || data.link === 'linuxCooked') && data.payload.etherType === 'ipv4') {
    return { ...record, data: { ...data, payload: { ...data.payload, packet } } }
  }
  return record
}

describe('ipv4Packet', () => {
  const file = decoded(decode(pcapFile, read('loopback-usec.pcap')))
  const packet = packetOf(file.records[3] as Pcap['records'][number]) as Ipv4

  it('derives IHL, total length and protocol: a new payload re-encodes them', () => {
    expect(packet.payload.protocol).toBe('tcp')
    const shorter = { ...packet, payload: { ...packet.payload, data: Uint8Array.of(1, 2, 3) } }
    delete (shorter.payload as { checksum?: number }).checksum
    const bytes = decoded(encode(ipv4Packet, shorter))
    const tcpLength = bytes.length - 20
    expect(bytes[2]! * 256 + bytes[3]!).toBe(bytes.length)
    expect(bytes[0]).toBe(0x45)
    expect(bytes[9]).toBe(6)
    expect(tcpLength).toBe(32 + 3)
    expect(decoded(decode(ipv4Packet, bytes))).toEqual({ ...shorter, payload: { ...shorter.payload, checksum: expect.any(Number) } })
    const withOptions = { ...shorter, options: Uint8Array.of(1, 1, 1, 0) }
    const longer = decoded(encode(ipv4Packet, withOptions))
    expect(longer[0]).toBe(0x46)
  })

  it('reports a wrong header checksum at its offset, stored and computed in hex', () => {
    const bytes = decoded(encode(ipv4Packet, packet))
    bytes[11] = bytes[11]! ^ 0xff
    const result = decode(ipv4Packet, bytes)
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'checksum', offset: 10, path: ['headerChecksum'] })
    expect(E.isLeft(result) && result.left.message).toMatch(/^INTERNET-CHECKSUM\/RFC-1071 mismatch at offset 0xa: stored 0x[0-9a-f]{4}, computed 0x[0-9a-f]{4}$/)
  })

  it('refuses options that IHL cannot say, and a total length past the input', () => {
    const odd = encode(ipv4Packet, { ...packet, options: Uint8Array.of(1) })
    expect(E.isLeft(odd) && odd.left.message).toMatch(/no whole non-negative solution for ihl/)
    const bytes = decoded(encode(ipv4Packet, packet))
    const cut = decode(ipv4Packet, bytes.subarray(0, bytes.length - 1))
    expect(E.isLeft(cut) && cut.left.kind).toBe('incomplete')
  })
})

describe('derived arbitraries round-trip', () => {
  it.each([
    ['udpDatagram', udpDatagram],
    ['tcpSegment', tcpSegment],
    ['ipv4Packet', ipv4Packet],
    ['ethernetFrame', ethernetFrame],
    ['pcapFile', pcapFile],
  ] as const)('%s', (_, grammar) => {
    checkRoundTrip(grammar as never, { numRuns: 40, maxItems: 3 })
  })
})
