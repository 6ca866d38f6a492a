import { isLeft } from 'fp-ts/lib/Either.js'
import type { Codec } from '../grammar/codec.js'
import { formatError } from '../runtime/format.js'
import type { CapturedPacket } from './captured-packet.js'
import { decodeWholeRecords, wholePcapPrefix } from './whole-records.js'

// The shapes of the gallery grammars' values (protocols/pcap.ts, ethernet,
// ipv4, tcp, udp) that this reads; everything else in them is passed over.
interface TcpValue {
  readonly protocol: 'tcp'
  readonly sourcePort: number
  readonly destinationPort: number
  readonly sequence: number
  readonly flags: { readonly syn: boolean; readonly ack: boolean; readonly fin: boolean; readonly rst: boolean }
  readonly data: Uint8Array
}
interface UdpValue {
  readonly protocol: 'udp'
  readonly sourcePort: number
  readonly destinationPort: number
  readonly data: Uint8Array
}
interface Ipv4Value {
  readonly source: Uint8Array
  readonly destination: Uint8Array
  readonly payload: TcpValue | UdpValue | { readonly protocol: number }
}
interface RecordValue {
  readonly seconds: number
  readonly fraction: number
  readonly data: unknown
}

/** Finds the IPv4 packet in a link-layer value (Ethernet, loopback, raw, Linux cooked), if there is one. */
function ipv4Of(link: unknown): Ipv4Value | undefined {
  if (typeof link !== 'object' || link === null) return undefined
  const value = link as { link?: unknown; packet?: unknown; payload?: { packet?: unknown; etherType?: unknown; family?: unknown } }
  if (value.link === 'raw') return value.packet as Ipv4Value
  const inner = value.payload
  if (inner !== undefined && (inner.etherType === 'ipv4' || inner.family === 'ipv4')) return inner.packet as Ipv4Value
  return undefined
}

const dotted = (address: Uint8Array): string => [...address].join('.')

/**
 * The TCP and UDP payloads of a classic pcap file, read with oxwire's own
 * gallery grammars (`pcapFile` and the link, IPv4, TCP and UDP grammars it
 * holds). Non-IPv4 and non-TCP/UDP records are counted as skipped.
 * @internal
 */
export function packetsFromPcap(bytes: Uint8Array, pcapFile: Codec<unknown>): { packets: CapturedPacket[]; skipped: number; cutAt?: number } {
  const { result, cutAt } = decodeWholeRecords(pcapFile, bytes, wholePcapPrefix)
  if (isLeft(result)) throw new Error(`not a pcap file oxwire can read: ${formatError(result.left).split('\n')[0]}`)
  const file = result.right as { readonly records: readonly RecordValue[] } & Record<string, unknown>
  // Nanosecond pcap files are told by their magic number; the grammar says which it read.
  const nanos = Object.values(file).includes('nanoseconds') || file.records.some((r) => r.fraction >= 1_000_000)
  const packets: CapturedPacket[] = []
  let skipped = 0
  file.records.forEach((record, i) => {
    const packet = capturedPacket(record.data, record.seconds + record.fraction / (nanos ? 1e9 : 1e6), i + 1)
    if (packet === undefined) skipped++
    else packets.push(packet)
  })
  return { packets, skipped, ...(cutAt === undefined ? {} : { cutAt }) }
}

/**
 * The TCP or UDP payload of one link-layer frame as the gallery's link
 * grammars decode it (a pcap record's `data`), or undefined when it holds
 * none (not IPv4, not TCP/UDP).
 * @internal
 */
export function capturedPacket(link: unknown, time: number, record: number): CapturedPacket | undefined {
  const ip = ipv4Of(link)
  const transport = ip?.payload
  if (ip === undefined || transport === undefined || typeof transport.protocol !== 'string') return undefined
  const segment = transport as TcpValue | UdpValue
  return {
    time,
    record,
    transport: segment.protocol,
    source: dotted(ip.source),
    sourcePort: segment.sourcePort,
    destination: dotted(ip.destination),
    destinationPort: segment.destinationPort,
    ...(segment.protocol === 'tcp' ? { tcp: { sequence: segment.sequence, syn: segment.flags.syn, ack: segment.flags.ack, fin: segment.flags.fin, rst: segment.flags.rst } } : {}),
    payload: segment.data,
  }
}
