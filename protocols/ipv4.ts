import type { Codec } from '../src/index.js'
import {
  bitConstant, bits, bytes, checksum, computed, dependentOpen, derived, flag, inline, internetChecksum, ref, rest, sized, struct, tagged, u16be, u8, uint,
} from '../combinators/index.js'
import { tcpSegment, type TcpSegment } from './tcp.js'
import { udpDatagram, type UdpDatagram } from './udp.js'

/**
 * What an IPv4 packet carries: TCP, UDP, or another protocol's bytes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode } from 'oxwire'
 * import { ipv4Packet, type Ipv4Payload } from 'oxwire/protocols'
 * const header = { tos: { dscp: 0, ecn: 0 }, identification: 0, fragment: { reserved: false, dontFragment: false, moreFragments: false, offset: 0 }, ttl: 64,
 *   source: Uint8Array.of(127, 0, 0, 1), destination: Uint8Array.of(127, 0, 0, 1), options: new Uint8Array(0) }
 * const payload: Ipv4Payload = { protocol: 'udp', sourcePort: 5000, destinationPort: 53, data: Uint8Array.of(1) }
 * const bytes = encode(ipv4Packet, { ...header, payload })
 * assert.equal(bytes._tag === 'Right' && bytes.right[9], 17) // the protocol number, derived from the payload
 * ```
 * @category Gallery
 */
export type Ipv4Payload = Ipv4Tcp | Ipv4Udp | Ipv4OtherPayload

/**
 * A TCP payload (protocol 6).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { ipv4Packet, type Ipv4Tcp } from 'oxwire/protocols'
 * const payload: Ipv4Tcp = { protocol: 'tcp', sourcePort: 40000, destinationPort: 80, sequence: 1, acknowledgment: 0,
 *   flags: { reserved: 0, ae: false, cwr: false, ece: false, urg: false, ack: false, psh: false, rst: false, syn: true, fin: false },
 *   window: 1024, urgentPointer: 0, options: [], data: new Uint8Array(0) }
 * const bytes = encode(ipv4Packet, { tos: { dscp: 0, ecn: 0 }, identification: 0, fragment: { reserved: false, dontFragment: true, moreFragments: false, offset: 0 },
 *   ttl: 64, source: Uint8Array.of(127, 0, 0, 1), destination: Uint8Array.of(127, 0, 0, 1), options: new Uint8Array(0), payload })
 * assert.ok(bytes._tag === 'Right')
 * const back = decode(ipv4Packet, bytes.right)
 * // Inside IPv4 the TCP checksum covers the pseudo-header: computed on encode, kept on decode.
 * assert.ok(back._tag === 'Right' && back.right.payload.protocol === 'tcp' && back.right.payload.checksum !== 0)
 * ```
 * @category Gallery
 */
export interface Ipv4Tcp extends TcpSegment {
  /** Protocol 6. */
  readonly protocol: 'tcp'
}

/**
 * A UDP payload (protocol 17).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { ipv4Packet, type Ipv4Udp } from 'oxwire/protocols'
 * const payload: Ipv4Udp = { protocol: 'udp', sourcePort: 5000, destinationPort: 53, data: Uint8Array.of(1, 2, 3) }
 * const bytes = encode(ipv4Packet, { tos: { dscp: 0, ecn: 0 }, identification: 0, fragment: { reserved: false, dontFragment: false, moreFragments: false, offset: 0 },
 *   ttl: 64, source: Uint8Array.of(127, 0, 0, 1), destination: Uint8Array.of(127, 0, 0, 1), options: new Uint8Array(0), payload })
 * assert.ok(bytes._tag === 'Right')
 * const back = decode(ipv4Packet, bytes.right)
 * assert.ok(back._tag === 'Right' && back.right.payload.protocol === 'udp')
 * assert.deepEqual(back.right.payload.data, Uint8Array.of(1, 2, 3))
 * ```
 * @category Gallery
 */
export interface Ipv4Udp extends UdpDatagram {
  /** Protocol 17. */
  readonly protocol: 'udp'
}

/**
 * The payload of a protocol this grammar does not decode.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { ipv4Packet } from 'oxwire/protocols'
 * import type { Ipv4OtherPayload } from 'oxwire/protocols'
 * const icmp: Ipv4OtherPayload = { protocol: 1, data: Uint8Array.of(8, 0, 0xf7, 0xff, 0, 0, 0, 0) }
 * const packet = { tos: { dscp: 0, ecn: 0 }, identification: 0, fragment: { reserved: false, dontFragment: false, moreFragments: false, offset: 0 },
 *   ttl: 64, source: Uint8Array.of(127, 0, 0, 1), destination: Uint8Array.of(127, 0, 0, 1), options: new Uint8Array(0), payload: icmp }
 * const bytes = encode(ipv4Packet, packet)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(ipv4Packet, bytes.right), right(packet))
 * ```
 * @category Gallery
 */
export interface Ipv4OtherPayload {
  /** The protocol number. */ readonly protocol: number
  /** The payload bytes. */ readonly data: Uint8Array
}

/**
 * A decoded IPv4 packet; version, IHL, total length, protocol and header checksum are derived.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { ipv4Packet, type Ipv4Packet } from 'oxwire/protocols'
 * const ping: Ipv4Packet = {
 *   tos: { dscp: 0, ecn: 0 }, identification: 1, fragment: { reserved: false, dontFragment: true, moreFragments: false, offset: 0 },
 *   ttl: 64, source: Uint8Array.of(10, 0, 0, 1), destination: Uint8Array.of(10, 0, 0, 2), options: new Uint8Array(0),
 *   payload: { protocol: 1, data: Uint8Array.of(8, 0, 0xf7, 0xff, 0, 0, 0, 0) },
 * }
 * const bytes = encode(ipv4Packet, ping)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual([...bytes.right.subarray(0, 4)], [0x45, 0, 0, 28]) // version 4, IHL 5, total length: derived
 * assert.deepEqual(decode(ipv4Packet, bytes.right), right(ping))
 * bytes.right[8] = 1 // a new TTL without a new header checksum
 * const stale = decode(ipv4Packet, bytes.right)
 * assert.ok(stale._tag === 'Left' && stale.left.kind === 'checksum')
 * ```
 * @category Gallery
 */
export interface Ipv4Packet {
  /** Differentiated services and ECN. */
  readonly tos: {
    /** Differentiated services code point. */ readonly dscp: number
    /** Explicit congestion notification. */ readonly ecn: number
  }
  /** Identification. */ readonly identification: number
  /** Fragmentation flags and offset (in 8-byte units). */
  readonly fragment: {
    /** The reserved bit. */ readonly reserved: boolean
    /** Don't fragment. */ readonly dontFragment: boolean
    /** More fragments. */ readonly moreFragments: boolean
    /** Fragment offset. */ readonly offset: number
  }
  /** Time to live. */ readonly ttl: number
  /** Source address. */ readonly source: Uint8Array
  /** Destination address. */ readonly destination: Uint8Array
  /** Options, as bytes (a multiple of 4, at most 40). */ readonly options: Uint8Array
  /** The payload, by protocol number. */ readonly payload: Ipv4Payload
}

// grammar:start ipv4Packet
const otherProtocol = struct({ protocol: computed(ref('protocol')), data: rest })
const payload = dependentOpen(ref('protocol'), { 6: tagged('protocol', 'tcp', tcpSegment), 17: tagged('protocol', 'udp', udpDatagram) },
  () => otherProtocol, (p) => (p.protocol === 'tcp' ? 6 : p.protocol === 'udp' ? 17 : p.protocol))

/**
 * An IPv4 packet (RFC 791): the header with its options (sized by IHL ×
 * 4), total length, protocol, header checksum (verified; computed on
 * encode), and the payload decoded by protocol number (TCP, UDP; others
 * as bytes). IHL, total length and protocol are derived: replacing the
 * payload re-encodes them. Fragments after the first hold no TCP/UDP
 * header and are not told apart here.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { ipv4Packet } from 'oxwire/protocols'
 * const packet = { tos: { dscp: 0, ecn: 0 }, identification: 1, fragment: { reserved: false, dontFragment: true, moreFragments: false, offset: 0 },
 *   ttl: 64, source: Uint8Array.of(127, 0, 0, 1), destination: Uint8Array.of(127, 0, 0, 1), options: new Uint8Array(0),
 *   payload: { protocol: 'udp', sourcePort: 1, destinationPort: 2, data: Uint8Array.of(42) } } as const
 * const bytes = encode(ipv4Packet, packet)
 * assert.equal(bytes._tag === 'Right' && bytes.right.length, 29)
 * const back = bytes._tag === 'Right' ? decode(ipv4Packet, bytes.right) : undefined
 * // The UDP checksum (over the pseudo-header) was computed; decoding keeps it.
 * assert.deepEqual(back?._tag === 'Right' && back.right.payload, { ...packet.payload, checksum: back?._tag === 'Right' && 'checksum' in back.right.payload ? back.right.payload.checksum : -1 })
 * ```
 * @category Gallery
 */
export const ipv4Packet: Codec<Ipv4Packet> = struct({
  header: inline(struct({
    versionIhl: bits({ version: bitConstant(4, 4), ihl: derived(uint(4)) }),
    tos: bits({ dscp: uint(6), ecn: uint(2) }),
    totalLength: derived(u16be),
    identification: u16be,
    fragment: bits({ reserved: flag, dontFragment: flag, moreFragments: flag, offset: uint(13) }),
    ttl: u8,
    protocol: derived(u8),
    headerChecksum: checksum(u16be, internetChecksum),
    source: bytes(4),
    destination: bytes(4),
    options: bytes(ref('ihl').times(4).minus(20)),
  })),
  payload: sized(ref('totalLength').minus(ref('ihl').times(4)), payload),
})
// grammar:end
