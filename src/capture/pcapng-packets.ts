import { isLeft } from 'fp-ts/lib/Either.js'
import { decode } from '../api.js'
import type { Codec } from '../grammar/codec.js'
import { formatError } from '../runtime/format.js'
import type { CapturedPacket } from './captured-packet.js'
import { capturedPacket } from './pcap-packets.js'
import { decodeWholeRecords, wholePcapngPrefix } from './whole-records.js'
import { pcapngSections } from './pcapng-sections.js'

// The shapes of the gallery's pcapngFile value (protocols/pcapng.ts) that
// this reads; everything else in it is passed over.
interface OptionValue {
  readonly code: number
  readonly value: Uint8Array
}
type BlockValue =
  | { readonly block: 'interface'; readonly linkType: number; readonly snapLength: number; readonly options: readonly OptionValue[] }
  | { readonly block: 'enhancedPacket'; readonly interfaceId: number; readonly timestampHigh: number; readonly timestampLow: number; readonly originalLength: number; readonly data: Uint8Array }
  | { readonly block: 'simplePacket'; readonly originalLength: number; readonly data: Uint8Array }
  | { readonly blockType: number }
interface FileValue {
  readonly byteOrder: 'big' | 'little'
  readonly blocks: readonly BlockValue[]
}

/** An interface of the section: its link type, snap length and clock. */
interface Interface {
  readonly linkType: number
  readonly snapLength: number
  /** Timestamp units per second (`if_tsresol`: 10^n, or 2^n with the high bit set; default 10^6). */
  readonly unitsPerSecond: bigint
  /** Seconds added to every timestamp (`if_tsoffset`). */
  readonly offset: bigint
}

function interfaceOf(block: Extract<BlockValue, { block: 'interface' }>, littleEndian: boolean): Interface {
  let unitsPerSecond = 1_000_000n
  let offset = 0n
  for (const option of block.options) {
    if (option.code === 9 && option.value.length >= 1) {
      const v = option.value[0] as number
      unitsPerSecond = v & 0x80 ? 2n ** BigInt(v & 0x7f) : 10n ** BigInt(v)
    }
    if (option.code === 14 && option.value.length >= 8) {
      offset = new DataView(option.value.buffer, option.value.byteOffset, 8).getBigInt64(0, littleEndian)
    }
  }
  return { linkType: block.linkType, snapLength: block.snapLength, unitsPerSecond, offset }
}

/** Seconds since the epoch of a 64-bit timestamp in the interface's units, without losing nanoseconds to a double first. */
function secondsOf(iface: Interface, high: number, low: number): number {
  const ticks = (BigInt(high) << 32n) | BigInt(low)
  const whole = ticks / iface.unitsPerSecond
  const rest = ticks % iface.unitsPerSecond
  return Number(whole + iface.offset) + Number(rest) / Number(iface.unitsPerSecond)
}

/**
 * A one-record classic pcap file around a packet, so that the gallery's
 * pcapFile grammar decodes its link layer (Ethernet, loopback, raw IPv4,
 * Linux cooked) exactly as for classic captures; in the section's byte
 * order, which a loopback header's address family is written in.
 */
function asClassicPcap(linkType: number, data: Uint8Array, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(40 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, 0xa1b2c3d4, littleEndian)
  view.setUint16(4, 2, littleEndian)
  view.setUint16(6, 4, littleEndian)
  view.setUint32(16, 0xffffffff, littleEndian)
  view.setUint32(20, linkType, littleEndian)
  view.setUint32(32, data.length, littleEndian)
  view.setUint32(36, data.length, littleEndian)
  out.set(data, 40)
  return out
}

/**
 * The TCP and UDP payloads of a pcapng file, read with oxwire's own
 * gallery grammars: `pcapngFile` for the blocks of each section, then each
 * packet's link layer with `pcapFile`'s. Every section is read in its own
 * byte order, with its own interfaces (interface ids start again at 0 in
 * each). Timestamps follow each interface's `if_tsresol` and
 * `if_tsoffset`; Simple Packet Blocks belong to interface 0, carry no time
 * (0) and are cut to the interface's snap length. Packets of unknown
 * interfaces, non-IPv4 and non-TCP/UDP packets are counted as skipped. A
 * later section that cannot be read ends the reading there (`unreadable`):
 * the packets before it are kept.
 * @internal
 */
export function packetsFromPcapng(
  bytes: Uint8Array,
  pcapngFile: Codec<unknown>,
  pcapFile: Codec<unknown>,
): { packets: CapturedPacket[]; skipped: number; cutAt?: number; sections: number; unreadable?: { readonly at: number; readonly reason: string } } {
  const packets: CapturedPacket[] = []
  let skipped = 0
  let number = 0
  let cutAt: number | undefined
  let unreadable: { at: number; reason: string } | undefined
  const sections = pcapngSections(bytes)
  let read = 0
  for (const [i, section] of sections.entries()) {
    const slice = bytes.subarray(section.start, section.end)
    // Only the last section can be cut short by a capture that stopped mid-write.
    const last = i === sections.length - 1
    const { result, cutAt: cut } = last ? decodeWholeRecords(pcapngFile, slice, wholePcapngPrefix) : { result: decode(pcapngFile, slice), cutAt: undefined }
    if (isLeft(result)) {
      const reason = formatError(result.left).split('\n')[0] as string
      if (i === 0) throw new Error(`not a pcapng file oxwire can read: ${reason}`)
      unreadable = { at: section.start, reason }
      break
    }
    read++
    if (cut !== undefined) cutAt = section.start + cut
    const file = result.right as FileValue
    const littleEndian = file.byteOrder === 'little'
    const interfaces: Interface[] = []
    for (const block of file.blocks) {
      if (!('block' in block)) continue
      if (block.block === 'interface') {
        interfaces.push(interfaceOf(block, littleEndian))
        continue
      }
      number++
      const iface = interfaces[block.block === 'enhancedPacket' ? block.interfaceId : 0]
      if (iface === undefined) {
        skipped++
        continue
      }
      const data = block.block === 'enhancedPacket' ? block.data : block.data.subarray(0, Math.min(block.originalLength, iface.snapLength === 0 ? Infinity : iface.snapLength))
      const time = block.block === 'enhancedPacket' ? secondsOf(iface, block.timestampHigh, block.timestampLow) : 0
      const link = decode(pcapFile, asClassicPcap(iface.linkType, data, littleEndian))
      const packet = isLeft(link) ? undefined : capturedPacket((link.right as { records: readonly { data: unknown }[] }).records[0]?.data, time, number)
      if (packet === undefined) skipped++
      else packets.push(packet)
    }
  }
  return { packets, skipped, sections: read, ...(cutAt === undefined ? {} : { cutAt }), ...(unreadable === undefined ? {} : { unreadable }) }
}

/** True when the bytes start like a pcapng file (a Section Header Block). @internal */
export function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x0a && bytes[1] === 0x0d && bytes[2] === 0x0d && bytes[3] === 0x0a
}
