import type { Codec } from '../src/index.js'
import { bytes, checksum, derived, internetChecksum, ref, struct, u16be } from '../combinators/index.js'
import { pseudoHeader } from './tcp.js'

/**
 * A decoded UDP datagram; `length` is derived.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { udpDatagram, type UdpDatagram } from 'oxwire/protocols'
 * const dns: UdpDatagram = { sourcePort: 53, destinationPort: 4000, checksum: 0, data: Uint8Array.of(1, 2) }
 * assert.deepEqual(decode(udpDatagram, Uint8Array.of(0, 53, 0x0f, 0xa0, 0, 10, 0, 0, 1, 2)), right(dns))
 * ```
 * @category Gallery
 */
export interface UdpDatagram {
  /** Source port. */ readonly sourcePort: number
  /** Destination port. */ readonly destinationPort: number
  /** The stored checksum (kept as read; leave out to compute it). */ readonly checksum?: number | undefined
  /** The payload. */ readonly data: Uint8Array
}

// grammar:start udpDatagram
/**
 * A UDP datagram (RFC 768): ports, length (derived), checksum over the
 * IPv4 pseudo-header when the datagram stands in an `ipv4Packet` (not
 * verified by default, as for TCP; a stored 0 means "no checksum"), data.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { udpDatagram } from 'oxwire/protocols'
 * const bytes = encode(udpDatagram, { sourcePort: 53, destinationPort: 4000, data: Uint8Array.of(1, 2) })
 * assert.deepEqual(bytes, right(Uint8Array.of(0, 53, 0x0f, 0xa0, 0, 10, 0, 0, 1, 2)))
 * ```
 * @category Gallery
 */
export const udpDatagram: Codec<UdpDatagram> = struct({
  sourcePort: u16be,
  destinationPort: u16be,
  length: derived(u16be),
  checksum: checksum(u16be, internetChecksum, { policy: 'ignore', context: pseudoHeader(17) }),
  data: bytes(ref('length').minus(8)),
})
// grammar:end
