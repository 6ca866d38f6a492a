import type { Codec } from '../src/index.js'
import {
  byteOrderFrom, bytes, computed, dependentOpen, derived, many, numbersIn, ref, rest, sized, struct, tagged, u16be, type ByteOrder,
} from '../combinators/index.js'
import { etherPayload, ethernetFrame, type EtherPayload, type EthernetFrame } from './ethernet.js'
import { ipv4Packet, type Ipv4Packet } from './ipv4.js'

/** A record's link-layer frame, by the file's link type. @category Gallery */
export type PcapLink = PcapEthernet | PcapLoopback | PcapRaw | PcapLinuxCooked | PcapOtherLink

/** An Ethernet record (link type 1). @category Gallery */
export interface PcapEthernet extends EthernetFrame {
  /** Link type 1. */
  readonly link: 'ethernet'
}

/** A BSD loopback record (link type 0): an address family in the file's byte order, then the packet. @category Gallery */
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

/** A raw IPv4 record (link type 101). @category Gallery */
export interface PcapRaw {
  /** Link type 101. */ readonly link: 'raw'
  /** The packet. */ readonly packet: Ipv4Packet
}

/** A record of a link type this grammar does not decode. @category Gallery */
export interface PcapOtherLink {
  /** The link type. */ readonly linkType: number
  /** The frame's bytes. */ readonly data: Uint8Array
}

/** A Linux cooked capture record (link type 113). @category Gallery */
export type PcapLinuxCooked =
  | {
      /** Link type 113 (Linux cooked capture). */ readonly link: 'linuxCooked'
      /** Packet type (0 to us, 4 sent by us, ...). */ readonly packetType: number
      /** ARPHRD type of the device. */ readonly addressType: number
      /** Bytes of `address` used. */ readonly addressLength: number
      /** Link-layer address, padded to 8 bytes. */ readonly address: Uint8Array
      /** The payload, by protocol (an EtherType). */ readonly payload: EtherPayload
    }

/** One captured packet; `inclLen` is derived from the data. @category Gallery */
export interface PcapRecord {
  /** Timestamp, seconds. */ readonly seconds: number
  /** Timestamp, micro- or nanoseconds (per the magic). */ readonly fraction: number
  /** The packet's length on the wire. */ readonly origLen: number
  /** The captured bytes, decoded by link type. */ readonly data: PcapLink
}

/** A decoded classic pcap file. @category Gallery */
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
