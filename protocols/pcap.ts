import {
  byteOrderFrom, bytes, computed, dependentOpen, derived, many, numbersIn, ref, rest, sized, struct, tagged, u16be, type ByteOrder,
} from '../combinators/index.js'
import { etherPayload, ethernetFrame } from './ethernet.js'
import { ipv4Packet } from './ipv4.js'

// grammar:start pcapFile
const linuxCooked = struct({ packetType: u16be, addressType: u16be, addressLength: u16be, address: bytes(8), protocol: derived(u16be), payload: etherPayload('protocol') })
const otherLink = struct({ linkType: computed(ref('linkType')), data: rest })
const LINKS = { loopback: 0, ethernet: 1, raw: 101, linuxCooked: 113 } as const

function link(order: ByteOrder) {
  const loopback = struct({ family: derived(numbersIn(order).u32),
    payload: dependentOpen(ref('family'), { 2: tagged('family', 'ipv4', struct({ packet: ipv4Packet })) },
      () => struct({ family: computed(ref('family')), data: rest }), (p) => (p.family === 'ipv4' ? 2 : p.family)) })
  return dependentOpen(ref('linkType'), {
    0: tagged('link', 'loopback', loopback), 1: tagged('link', 'ethernet', ethernetFrame),
    101: tagged('link', 'raw', struct({ packet: ipv4Packet })), 113: tagged('link', 'linuxCooked', linuxCooked),
  }, () => otherLink, (d) => ('link' in d ? LINKS[d.link] : d.linkType))
}

/**
 * A classic libpcap capture file: either byte order and microsecond or
 * nanosecond timestamps (all from the magic number, kept in the value so
 * the file re-encodes as read), the header, and records whose data is the
 * link-layer frame decoded by link type (Ethernet 1, BSD loopback 0, raw
 * IPv4 101, Linux cooked 113; others as bytes). `inclLen` is derived from
 * the data; `origLen` is kept.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { pcapFile } from 'oxwire/protocols'
 * const empty = { magic: 'microseconds', byteOrder: 'big', versionMajor: 2, versionMinor: 4, thiszone: 0, sigfigs: 0, snaplen: 65535, linkType: 1, records: [] } as const
 * const bytes = encode(pcapFile, empty)
 * assert.equal(bytes._tag === 'Right' && bytes.right.length, 24)
 * assert.deepEqual(bytes._tag === 'Right' && decode(pcapFile, bytes.right), { _tag: 'Right', right: empty })
 * ```
 * @category Gallery
 */
export const pcapFile = byteOrderFrom({ microseconds: 0xa1b2c3d4, nanoseconds: 0xa1b23c4d }, (order) => {
  const n = numbersIn(order)
  const record = struct({ seconds: n.u32, fraction: n.u32, inclLen: derived(n.u32), origLen: n.u32, data: sized(ref('inclLen'), link(order)) })
  return struct({ versionMajor: n.u16, versionMinor: n.u16, thiszone: n.i32, sigfigs: n.u32, snaplen: n.u32, linkType: n.u32, records: many(record) })
})
// grammar:end
