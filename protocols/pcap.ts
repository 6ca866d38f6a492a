import type { Codec } from '../src/index.js'
import {
  byteOrderFrom, bytes, computed, dependentOpen, derived, many, numbersIn, ref, rest, sized, struct, tagged, u16be, type ByteOrder,
} from '../combinators/index.js'
import { etherPayload, ethernetFrame, type EtherPayload, type EthernetFrame } from './ethernet.js'
import { ipv4Packet, type Ipv4Packet } from './ipv4.js'

/**
 * A record's link-layer frame, by the file's link type.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { pcapFile, type PcapFile, type PcapLink } from 'oxwire/protocols'
 * const data: PcapLink = { linkType: 147, data: Uint8Array.of(1, 2, 3) } // a link type the grammar keeps as bytes
 * const file: PcapFile = { magic: 'microseconds', byteOrder: 'little', versionMajor: 2, versionMinor: 4, thiszone: 0, sigfigs: 0, snaplen: 65535, linkType: 147,
 *   records: [{ seconds: 1, fraction: 0, origLen: 3, data }] }
 * const bytes = encode(pcapFile, file)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(pcapFile, bytes.right), right(file))
 * ```
 * @category Gallery
 */
export type PcapLink = PcapEthernet | PcapLoopback | PcapRaw | PcapLinuxCooked | PcapOtherLink

/**
 * An Ethernet record (link type 1).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { pcapFile, type PcapEthernet, type PcapFile } from 'oxwire/protocols'
 * const frame: PcapEthernet = { link: 'ethernet', destination: new Uint8Array(6).fill(0xff), source: new Uint8Array(6), payload: { etherType: 0x0806, data: new Uint8Array(28) } }
 * const file: PcapFile = { magic: 'microseconds', byteOrder: 'big', versionMajor: 2, versionMinor: 4, thiszone: 0, sigfigs: 0, snaplen: 65535, linkType: 1,
 *   records: [{ seconds: 1, fraction: 0, origLen: 42, data: frame }] }
 * const bytes = encode(pcapFile, file)
 * assert.ok(bytes._tag === 'Right')
 * assert.equal(bytes.right.length, 24 + 16 + 42)
 * assert.deepEqual(decode(pcapFile, bytes.right), right(file))
 * ```
 * @category Gallery
 */
export interface PcapEthernet extends EthernetFrame {
  /** Link type 1. */
  readonly link: 'ethernet'
}

/**
 * A BSD loopback record (link type 0): an address family in the file's byte order, then the packet.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { pcapFile, type PcapFile, type PcapLoopback } from 'oxwire/protocols'
 * const data: PcapLoopback = { link: 'loopback', payload: { family: 24, data: Uint8Array.of(0x60, 0, 0, 0) } } // family 24 (IPv6) kept as bytes
 * const file: PcapFile = { magic: 'microseconds', byteOrder: 'little', versionMajor: 2, versionMinor: 4, thiszone: 0, sigfigs: 0, snaplen: 65535, linkType: 0,
 *   records: [{ seconds: 0, fraction: 0, origLen: 8, data }] }
 * const bytes = encode(pcapFile, file)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual([...bytes.right.subarray(40, 44)], [24, 0, 0, 0]) // the family, in the file's byte order
 * assert.deepEqual(decode(pcapFile, bytes.right), right(file))
 * ```
 * @category Gallery
 */
export interface PcapLoopback {
  /** Link type 0. */
  readonly link: 'loopback'
  /** By address family (2 = IPv4). */
  readonly payload:
    | {
        /** AF_INET (2). */ readonly family: 'ipv4'
        /** The packet. */ readonly packet: Ipv4Packet
      }
    | {
        /** Another family. */ readonly family: number
        /** Its bytes. */ readonly data: Uint8Array
      }
}

/**
 * A raw IPv4 record (link type 101).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { pcapFile, type PcapFile, type PcapRaw } from 'oxwire/protocols'
 * const data: PcapRaw = { link: 'raw', packet: { tos: { dscp: 0, ecn: 0 }, identification: 0, fragment: { reserved: false, dontFragment: false, moreFragments: false, offset: 0 },
 *   ttl: 1, source: Uint8Array.of(10, 0, 0, 1), destination: Uint8Array.of(10, 0, 0, 2), options: new Uint8Array(0), payload: { protocol: 1, data: new Uint8Array(8) } } }
 * const file: PcapFile = { magic: 'nanoseconds', byteOrder: 'big', versionMajor: 2, versionMinor: 4, thiszone: 0, sigfigs: 0, snaplen: 65535, linkType: 101,
 *   records: [{ seconds: 0, fraction: 999999999, origLen: 28, data }] }
 * const bytes = encode(pcapFile, file)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(pcapFile, bytes.right), right(file))
 * ```
 * @category Gallery
 */
export interface PcapRaw {
  /** Link type 101. */ readonly link: 'raw'
  /** The packet. */ readonly packet: Ipv4Packet
}

/**
 * A record of a link type this grammar does not decode.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { pcapFile, type PcapOtherLink } from 'oxwire/protocols'
 * const header = Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd4, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 105) // link type 105 (802.11)
 * const record = Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0xab, 0xcd)
 * const file = decode(pcapFile, Uint8Array.of(...header, ...record))
 * assert.ok(file._tag === 'Right')
 * const other: PcapOtherLink = { linkType: 105, data: Uint8Array.of(0xab, 0xcd) }
 * assert.deepEqual(file.right.records[0]?.data, other)
 * ```
 * @category Gallery
 */
export interface PcapOtherLink {
  /** The link type. */ readonly linkType: number
  /** The frame's bytes. */ readonly data: Uint8Array
}

/**
 * A Linux cooked capture record (link type 113).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { pcapFile, type PcapFile, type PcapLinuxCooked } from 'oxwire/protocols'
 * const data: PcapLinuxCooked = { link: 'linuxCooked', packetType: 4, addressType: 772, addressLength: 6, address: new Uint8Array(8), payload: { etherType: 0x0806, data: new Uint8Array(28) } }
 * const file: PcapFile = { magic: 'microseconds', byteOrder: 'little', versionMajor: 2, versionMinor: 4, thiszone: 0, sigfigs: 0, snaplen: 65535, linkType: 113,
 *   records: [{ seconds: 0, fraction: 0, origLen: 44, data }] }
 * const bytes = encode(pcapFile, file)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(pcapFile, bytes.right), right(file))
 * ```
 * @category Gallery
 */
export type PcapLinuxCooked =
  | {
      /** Link type 113 (Linux cooked capture). */ readonly link: 'linuxCooked'
      /** Packet type (0 to us, 4 sent by us, ...). */ readonly packetType: number
      /** ARPHRD type of the device. */ readonly addressType: number
      /** Bytes of `address` used. */ readonly addressLength: number
      /** Link-layer address, padded to 8 bytes. */ readonly address: Uint8Array
      /** The payload, by protocol (an EtherType). */ readonly payload: EtherPayload
    }

/**
 * One captured packet; `inclLen` is derived from the data.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode } from 'oxwire'
 * import { pcapFile, type PcapFile, type PcapRecord } from 'oxwire/protocols'
 * // The captured length (inclLen) is derived from the data; the original length is kept.
 * const record: PcapRecord = { seconds: 1700000000, fraction: 250000, origLen: 1514, data: { linkType: 147, data: Uint8Array.of(1, 2, 3, 4) } }
 * const file: PcapFile = { magic: 'microseconds', byteOrder: 'big', versionMajor: 2, versionMinor: 4, thiszone: 0, sigfigs: 0, snaplen: 65535, linkType: 147, records: [record] }
 * const bytes = encode(pcapFile, file)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual([...bytes.right.subarray(32, 40)], [0, 0, 0, 4, 0, 0, 0x05, 0xea]) // inclLen 4, origLen 1514
 * ```
 * @category Gallery
 */
export interface PcapRecord {
  /** Timestamp, seconds. */ readonly seconds: number
  /** Timestamp, micro- or nanoseconds (per the magic). */ readonly fraction: number
  /** The packet's length on the wire. */ readonly origLen: number
  /** The captured bytes, decoded by link type. */ readonly data: PcapLink
}

/**
 * A decoded classic pcap file.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { pcapFile, type PcapFile } from 'oxwire/protocols'
 * // The header of a file written on a little-endian machine, with no records.
 * const bytes = Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0)
 * const empty: PcapFile = { magic: 'microseconds', byteOrder: 'little', versionMajor: 2, versionMinor: 4, thiszone: 0, sigfigs: 0, snaplen: 65535, linkType: 1, records: [] }
 * assert.deepEqual(decode(pcapFile, bytes), { _tag: 'Right', right: empty })
 * ```
 * @category Gallery
 */
export interface PcapFile {
  /** Timestamp resolution, from the magic number. */ readonly magic: 'microseconds' | 'nanoseconds'
  /** The writer's byte order, from the magic number. */ readonly byteOrder: ByteOrder
  /** Format major version (2). */ readonly versionMajor: number
  /** Format minor version (4). */ readonly versionMinor: number
  /** Time zone offset (0 in practice). */ readonly thiszone: number
  /** Timestamp accuracy (0 in practice). */ readonly sigfigs: number
  /** Largest record captured. */ readonly snaplen: number
  /** Link type of every record. */ readonly linkType: number
  /** The records. */ readonly records: PcapRecord[]
}

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
 * import { pcapFile, type PcapFile } from 'oxwire/protocols'
 * const empty: PcapFile = { magic: 'microseconds', byteOrder: 'big', versionMajor: 2, versionMinor: 4, thiszone: 0, sigfigs: 0, snaplen: 65535, linkType: 1, records: [] }
 * const bytes = encode(pcapFile, empty)
 * assert.equal(bytes._tag === 'Right' && bytes.right.length, 24)
 * assert.deepEqual(bytes._tag === 'Right' && decode(pcapFile, bytes.right), { _tag: 'Right', right: empty })
 * ```
 * @category Gallery
 */
export const pcapFile: Codec<PcapFile> = byteOrderFrom({ microseconds: 0xa1b2c3d4, nanoseconds: 0xa1b23c4d }, (order) => {
  const n = numbersIn(order)
  const record = struct({ seconds: n.u32, fraction: n.u32, inclLen: derived(n.u32), origLen: n.u32, data: sized(ref('inclLen'), link(order)) })
  return struct({ versionMajor: n.u16, versionMinor: n.u16, thiszone: n.i32, sigfigs: n.u32, snaplen: n.u32, linkType: n.u32, records: many(record) })
})
// grammar:end
