import {
  bitConstant, bits, bytes, checksum, computed, dependentOpen, derived, flag, inline, internetChecksum, ref, rest, sized, struct, tagged, u16be, u8, uint,
} from '../combinators/index.js'
import { tcpSegment } from './tcp.js'
import { udpDatagram } from './udp.js'

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
 * assert.deepEqual(bytes._tag === 'Right' && decode(ipv4Packet, bytes.right), { _tag: 'Right', right: packet })
 * ```
 * @category Gallery
 */
export const ipv4Packet = struct({
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
