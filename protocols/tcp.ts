import type { Codec } from '../src/index.js'
import {
  bits, bytes, checksum, computed, constant, dependentOpen, derived, flag, internetChecksum, many, ref, rest, sized, struct, tagged, u16be, u32be, u8, uint,
} from '../combinators/index.js'

/**
 * The TCP/UDP pseudo-header (RFC 793, RFC 768) from the enclosing IPv4
 * packet's addresses; undefined (checksum unverified) outside one.
 * @internal
 */
export function pseudoHeader(protocol: number) {
  const grammar = struct({ source: bytes(4), destination: bytes(4), zero: constant(u8, 0), protocol: u8, length: u16be })
  const value = (get: (name: string) => unknown, length: number) => {
    const source = get('source')
    const destination = get('destination')
    if (!(source instanceof Uint8Array) || !(destination instanceof Uint8Array)) return undefined
    return { source, destination, protocol, length }
  }
  return { grammar, value }
}

/**
 * One TCP option: end of list, no-operation, or a kind with its data.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode } from 'oxwire'
 * import { tcpSegment, type TcpOption } from 'oxwire/protocols'
 * const options: TcpOption[] = [{ kind: 'nop' }, { kind: 'nop' }, { kind: 8, data: new Uint8Array(8) }]
 * const syn = { sourcePort: 1, destinationPort: 2, sequence: 0, acknowledgment: 0,
 *   flags: { reserved: 0, ae: false, cwr: false, ece: false, urg: false, ack: false, psh: false, rst: false, syn: true, fin: false },
 *   window: 0, urgentPointer: 0, options, data: new Uint8Array(0) }
 * const bytes = encode(tcpSegment, syn)
 * assert.ok(bytes._tag === 'Right')
 * assert.equal(bytes.right[12], 8 << 4) // data offset 8 words: 20 header + 12 option bytes, derived
 * assert.deepEqual([...bytes.right.subarray(20, 24)], [1, 1, 8, 10]) // nop, nop, kind 8 with length 10
 * ```
 * @category Gallery
 */
export type TcpOption =
  | {
      /** End of the option list (kind 0). */
      readonly kind: 'end'
    }
  | {
      /** No-operation (kind 1). */
      readonly kind: 'nop'
    }
  | TcpOtherOption

/**
 * A TCP option other than end and no-operation (its length byte is derived).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { tcpSegment, type TcpOtherOption } from 'oxwire/protocols'
 * const header = Uint8Array.of(0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0x60, 0x02, 0, 0, 0, 0, 0, 0)
 * const segment = decode(tcpSegment, Uint8Array.of(...header, 2, 4, 0x05, 0xb4)) // maximum segment size 1460
 * assert.ok(segment._tag === 'Right')
 * const mss: TcpOtherOption = { kind: 2, data: Uint8Array.of(0x05, 0xb4) }
 * assert.deepEqual(segment.right.options, [mss])
 * ```
 * @category Gallery
 */
export interface TcpOtherOption {
  /** The option kind (2 maximum segment size, 3 window scale, 8 timestamps, ...). */ readonly kind: number
  /** The option's data, after its kind and length bytes. */ readonly data: Uint8Array
}

/**
 * The TCP flag bits (the data offset is derived).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { tcpSegment, type TcpFlags } from 'oxwire/protocols'
 * const synAck = Uint8Array.of(0, 80, 0x9c, 0x40, 0, 0, 0, 1, 0, 0, 0, 2, 0x50, 0x12, 0xff, 0xff, 0, 0, 0, 0)
 * const segment = decode(tcpSegment, synAck)
 * assert.ok(segment._tag === 'Right')
 * const flags: TcpFlags = { reserved: 0, ae: false, cwr: false, ece: false, urg: false, ack: true, psh: false, rst: false, syn: true, fin: false }
 * assert.deepEqual(segment.right.flags, flags)
 * ```
 * @category Gallery
 */
export interface TcpFlags {
  /** Reserved bits. */ readonly reserved: number
  /** Accurate ECN (formerly NS). */ readonly ae: boolean
  /** Congestion window reduced. */ readonly cwr: boolean
  /** ECN echo. */ readonly ece: boolean
  /** Urgent pointer significant. */ readonly urg: boolean
  /** Acknowledgment significant. */ readonly ack: boolean
  /** Push. */ readonly psh: boolean
  /** Reset. */ readonly rst: boolean
  /** Synchronise sequence numbers. */ readonly syn: boolean
  /** No more data. */ readonly fin: boolean
}

/**
 * A decoded TCP segment.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { tcpSegment, type TcpSegment } from 'oxwire/protocols'
 * const segment: TcpSegment = { sourcePort: 40000, destinationPort: 80, sequence: 1, acknowledgment: 1, checksum: 0x1234,
 *   flags: { reserved: 0, ae: false, cwr: false, ece: false, urg: false, ack: true, psh: true, rst: false, syn: false, fin: false },
 *   window: 512, urgentPointer: 0, options: [], data: new TextEncoder().encode('GET /') }
 * // A stored checksum is kept as it is (TCP checksums are not verified by default).
 * const bytes = encode(tcpSegment, segment)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(tcpSegment, bytes.right), right(segment))
 * ```
 * @category Gallery
 */
export interface TcpSegment {
  /** Source port. */ readonly sourcePort: number
  /** Destination port. */ readonly destinationPort: number
  /** Sequence number. */ readonly sequence: number
  /** Acknowledgment number. */ readonly acknowledgment: number
  /** Flag bits. */ readonly flags: TcpFlags
  /** Receive window. */ readonly window: number
  /** The stored checksum (kept as read; leave out to compute it). */ readonly checksum?: number | undefined
  /** Urgent pointer. */ readonly urgentPointer: number
  /** Options, in order. */ readonly options: TcpOption[]
  /** The segment's data. */ readonly data: Uint8Array
}

// grammar:start tcpSegment
const other = struct({ kind: computed(ref('kind')), length: derived(u8), data: bytes(ref('length').minus(2)) })
const option = dependentOpen(u8, { 0: tagged('kind', 'end', struct({})), 1: tagged('kind', 'nop', struct({})) }, () => other,
  (o) => (o.kind === 'end' ? 0 : o.kind === 'nop' ? 1 : o.kind), { name: 'kind' })

/**
 * A TCP segment (RFC 9293): ports, sequence numbers, data offset (derived
 * from the options' size), flag bits, window, checksum over the IPv4
 * pseudo-header when the segment stands in an `ipv4Packet` (not verified by
 * default: offload leaves captured checksums partial; `decodeChecksums`
 * with policy `report` tells), urgent pointer, options and data.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { tcpSegment } from 'oxwire/protocols'
 * const syn = { sourcePort: 40000, destinationPort: 80, sequence: 1, acknowledgment: 0,
 *   flags: { reserved: 0, ae: false, cwr: false, ece: false, urg: false, ack: false, psh: false, rst: false, syn: true, fin: false },
 *   window: 65535, urgentPointer: 0, options: [{ kind: 2, data: Uint8Array.of(0x05, 0xb4) }], data: new Uint8Array(0) }
 * const bytes = encode(tcpSegment, syn)
 * assert.equal(bytes._tag === 'Right' && bytes.right.length, 24)
 * // Alone, with no IPv4 packet around it, the checksum is written as 0 and read back.
 * assert.deepEqual(bytes._tag === 'Right' && decode(tcpSegment, bytes.right), { _tag: 'Right', right: { ...syn, checksum: 0 } })
 * ```
 * @category Gallery
 */
export const tcpSegment: Codec<TcpSegment> = struct({
  sourcePort: u16be,
  destinationPort: u16be,
  sequence: u32be,
  acknowledgment: u32be,
  flags: bits({ dataOffset: derived(uint(4)), reserved: uint(3), ae: flag, cwr: flag, ece: flag, urg: flag, ack: flag, psh: flag, rst: flag, syn: flag, fin: flag }),
  window: u16be,
  checksum: checksum(u16be, internetChecksum, { policy: 'ignore', context: pseudoHeader(6) }),
  urgentPointer: u16be,
  options: sized(ref('dataOffset').times(4).minus(20), many(option)),
  data: rest,
})
// grammar:end
