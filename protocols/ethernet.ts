import type { Codec } from '../src/index.js'
import { bytes, computed, dependentOpen, derived, ref, rest, struct, tagged, u16be } from '../combinators/index.js'
import { ipv4Packet, type Ipv4Packet } from './ipv4.js'

/**
 * What follows an EtherType: IPv4 (with the padding after it), or bytes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { ethernetFrame, type EtherPayload } from 'oxwire/protocols'
 * const payload: EtherPayload = { etherType: 0x86dd, data: Uint8Array.of(0x60) } // IPv6: kept as bytes
 * const frame = { destination: new Uint8Array(6).fill(0xff), source: new Uint8Array(6), payload }
 * const bytes = encode(ethernetFrame, frame)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual([...bytes.right.subarray(12, 14)], [0x86, 0xdd]) // the EtherType, derived
 * assert.deepEqual(decode(ethernetFrame, bytes.right), right(frame))
 * ```
 * @category Gallery
 */
export type EtherPayload =
  | {
      /** EtherType 0x0800. */ readonly etherType: 'ipv4'
      /** The packet. */ readonly packet: Ipv4Packet
      /** Bytes after the packet (padding of short frames). */ readonly padding: Uint8Array
    }
  | {
      /** Any other EtherType. */ readonly etherType: number
      /** The payload bytes. */ readonly data: Uint8Array
    }

/**
 * A decoded Ethernet II frame; the EtherType is derived from the payload.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { ethernetFrame, type EthernetFrame } from 'oxwire/protocols'
 * const frame: EthernetFrame = { destination: new Uint8Array(6).fill(0xff), source: Uint8Array.of(2, 0, 0, 0, 0, 1), payload: { etherType: 0x0806, data: new Uint8Array(28) } }
 * const bytes = encode(ethernetFrame, frame)
 * assert.equal(bytes._tag === 'Right' && bytes.right.length, 42)
 * assert.deepEqual(bytes._tag === 'Right' && decode(ethernetFrame, bytes.right), right(frame))
 * ```
 * @category Gallery
 */
export interface EthernetFrame {
  /** Destination MAC address. */ readonly destination: Uint8Array
  /** Source MAC address. */ readonly source: Uint8Array
  /** The payload. */ readonly payload: EtherPayload
}

// grammar:start ethernetFrame
const otherType = struct({ etherType: computed(ref('etherType')), data: rest })

/**
 * What follows an EtherType field named `name` (Ethernet, Linux cooked
 * capture): IPv4 (with any padding after it kept), or bytes.
 * @internal
 */
export function etherPayload(name: string): Codec<EtherPayload> {
  return dependentOpen(ref(name), { 0x0800: tagged('etherType', 'ipv4', struct({ packet: ipv4Packet, padding: rest })) },
    () => otherType, (p) => (p.etherType === 'ipv4' ? 0x0800 : p.etherType), { name: 'etherType' })
}

/**
 * An Ethernet II frame as captured (no preamble, no FCS): addresses,
 * EtherType (derived from the payload), and the payload: IPv4 with the
 * padding short frames carry, or bytes for other types.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { ethernetFrame } from 'oxwire/protocols'
 * const arp = Uint8Array.of(...new Array(12).fill(0xff), 0x08, 0x06, 0, 1)
 * const frame = decode(ethernetFrame, arp)
 * assert.equal(frame._tag === 'Right' && frame.right.payload.etherType, 0x0806)
 * ```
 * @category Gallery
 */
export const ethernetFrame: Codec<EthernetFrame> = struct({
  destination: bytes(6),
  source: bytes(6),
  etherType: derived(u16be),
  payload: etherPayload('etherType'),
})
// grammar:end
