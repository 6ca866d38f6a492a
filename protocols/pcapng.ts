import type { Codec } from '../src/index.js'
import {
  bytes, computed, constant, dependent, dependentOpen, derived, imap, inline, many, marker, named, numbersIn, oneOf, ref, rest, sized, struct, tagged, type ByteOrder,
} from '../combinators/index.js'

/**
 * One option of a pcapng block: its code, value and the padding to 32 bits.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode } from 'oxwire'
 * import { pcapngFile, type PcapngOption } from 'oxwire/protocols'
 * // if_tsresol = 9: nanosecond timestamps; the value is padded to 32 bits.
 * const tsresol: PcapngOption = { code: 9, value: Uint8Array.of(9), padding: Uint8Array.of(0, 0, 0) }
 * const bytes = encode(pcapngFile, { byteOrder: 'little', versionMajor: 1, versionMinor: 0, sectionLength: -1n + 2n ** 64n, options: [], blocks: [
 *   { block: 'interface', linkType: 1, reserved: 0, snapLength: 0, options: [tsresol] },
 * ] })
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual([...bytes.right.subarray(28 + 16, 28 + 24)], [9, 0, 1, 0, 9, 0, 0, 0]) // code, length 1, value, padding
 * ```
 * @category Gallery
 */
export interface PcapngOption {
  /** The option code (0 `opt_endofopt`, 1 `opt_comment`, 9 `if_tsresol`, ...; block-specific). */ readonly code: number
  /** The value's bytes (its length is derived). */ readonly value: Uint8Array
  /** The bytes after the value up to a multiple of 4 (zeros as written; kept so a file re-encodes as read). */ readonly padding: Uint8Array
}

/**
 * An Interface Description Block (type 1): one per capture interface, numbered from 0 in the order they appear.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { pcapngFile, type PcapngFile, type PcapngInterface } from 'oxwire/protocols'
 * const ethernet: PcapngInterface = { block: 'interface', linkType: 1, reserved: 0, snapLength: 65535, options: [] }
 * const file: PcapngFile = { byteOrder: 'big', versionMajor: 1, versionMinor: 0, sectionLength: 2n ** 64n - 1n, options: [], blocks: [ethernet] }
 * const bytes = encode(pcapngFile, file)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual([...bytes.right.subarray(28, 36)], [0, 0, 0, 1, 0, 0, 0, 20]) // block type 1, length 20 (derived)
 * assert.deepEqual(decode(pcapngFile, bytes.right), right(file))
 * ```
 * @category Gallery
 */
export interface PcapngInterface {
  /** Block type 1. */ readonly block: 'interface'
  /** The interface's link type (1 Ethernet, 0 BSD loopback, 101 raw IPv4, 113 Linux cooked, ...). */ readonly linkType: number
  /** Reserved (0). */ readonly reserved: number
  /** Largest number of bytes captured per packet (0: no limit). */ readonly snapLength: number
  /** Options: `if_name` (2), `if_tsresol` (9, the timestamp resolution; default microseconds), ... */ readonly options: PcapngOption[]
}

/**
 * An Enhanced Packet Block (type 6): one packet with its interface and timestamp.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { pcapngFile, type PcapngEnhancedPacket, type PcapngFile } from 'oxwire/protocols'
 * const packet: PcapngEnhancedPacket = { block: 'enhancedPacket', interfaceId: 0, timestampHigh: 0, timestampLow: 1000, originalLength: 60, data: Uint8Array.of(1, 2, 3, 4, 5), padding: Uint8Array.of(0, 0, 0), options: [] }
 * const file: PcapngFile = { byteOrder: 'little', versionMajor: 1, versionMinor: 0, sectionLength: 2n ** 64n - 1n, options: [], blocks: [
 *   { block: 'interface', linkType: 1, reserved: 0, snapLength: 0, options: [] }, packet,
 * ] }
 * const bytes = encode(pcapngFile, file)
 * assert.ok(bytes._tag === 'Right')
 * assert.equal(bytes.right.length, 28 + 20 + 40) // the packet block: 32 bytes of header and trailer, 8 of data and padding
 * assert.deepEqual(decode(pcapngFile, bytes.right), right(file))
 * ```
 * @category Gallery
 */
export interface PcapngEnhancedPacket {
  /** Block type 6. */ readonly block: 'enhancedPacket'
  /** The interface (the index of its Interface Description Block). */ readonly interfaceId: number
  /** Upper 32 bits of the timestamp, in the interface's `if_tsresol` units since 1970. */ readonly timestampHigh: number
  /** Lower 32 bits of the timestamp. */ readonly timestampLow: number
  /** The packet's length on the wire. */ readonly originalLength: number
  /** The captured bytes (their length is derived). */ readonly data: Uint8Array
  /** Bytes after the data up to a multiple of 4. */ readonly padding: Uint8Array
  /** Options (`epb_flags` 2, `epb_hash` 3, ...). */ readonly options: PcapngOption[]
}

/**
 * A Simple Packet Block (type 3): a packet of interface 0 without a timestamp.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { pcapngFile, type PcapngFile, type PcapngSimplePacket } from 'oxwire/protocols'
 * const packet: PcapngSimplePacket = { block: 'simplePacket', originalLength: 2, data: Uint8Array.of(0xab, 0xcd, 0, 0) }
 * const file: PcapngFile = { byteOrder: 'little', versionMajor: 1, versionMinor: 0, sectionLength: 2n ** 64n - 1n, options: [], blocks: [
 *   { block: 'interface', linkType: 147, reserved: 0, snapLength: 0, options: [] }, packet,
 * ] }
 * const bytes = encode(pcapngFile, file)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(pcapngFile, bytes.right), right(file))
 * ```
 * @category Gallery
 */
export interface PcapngSimplePacket {
  /** Block type 3. */ readonly block: 'simplePacket'
  /** The packet's length on the wire. */ readonly originalLength: number
  /** The captured bytes and the padding after them (how many are data: the smaller of `originalLength` and the interface's snap length). */ readonly data: Uint8Array
}

/**
 * A block of another type (statistics, name resolution, custom, ...), kept as its bytes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { pcapngFile, type PcapngFile, type PcapngOtherBlock } from 'oxwire/protocols'
 * const stats: PcapngOtherBlock = { blockType: 5, body: new Uint8Array(8) } // an Interface Statistics Block, kept whole
 * const file: PcapngFile = { byteOrder: 'big', versionMajor: 1, versionMinor: 0, sectionLength: 2n ** 64n - 1n, options: [], blocks: [stats] }
 * const bytes = encode(pcapngFile, file)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(pcapngFile, bytes.right), right(file))
 * ```
 * @category Gallery
 */
export interface PcapngOtherBlock {
  /** The block type. */ readonly blockType: number
  /** The block's body. */ readonly body: Uint8Array
}

/**
 * A block after the Section Header Block.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { pcapngFile, type PcapngBlock } from 'oxwire/protocols'
 * const blocks: PcapngBlock[] = [
 *   { block: 'interface', linkType: 1, reserved: 0, snapLength: 0, options: [] },
 *   { block: 'simplePacket', originalLength: 4, data: Uint8Array.of(1, 2, 3, 4) },
 *   { blockType: 0x80000001, body: Uint8Array.of(7, 7, 7, 7) },
 * ]
 * const bytes = encode(pcapngFile, { byteOrder: 'little', versionMajor: 1, versionMinor: 0, sectionLength: 2n ** 64n - 1n, options: [], blocks })
 * assert.ok(bytes._tag === 'Right')
 * const file = decode(pcapngFile, bytes.right)
 * assert.deepEqual(file._tag === 'Right' && file.right.blocks.map((b) => ('block' in b ? b.block : b.blockType)), ['interface', 'simplePacket', 0x80000001])
 * ```
 * @category Gallery
 */
export type PcapngBlock = PcapngInterface | PcapngEnhancedPacket | PcapngSimplePacket | PcapngOtherBlock

/**
 * A decoded pcapng file (one section; `oxwire decode --pcap` reads a file
 * of several sections one section at a time).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { pcapngFile, type PcapngFile } from 'oxwire/protocols'
 * // A Section Header Block written on a little-endian machine, and nothing else.
 * const header = Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 28, 0, 0, 0)
 * const empty: PcapngFile = { byteOrder: 'little', versionMajor: 1, versionMinor: 0, sectionLength: 2n ** 64n - 1n, options: [], blocks: [] }
 * assert.deepEqual(decode(pcapngFile, header), { _tag: 'Right', right: empty })
 * ```
 * @category Gallery
 */
export interface PcapngFile {
  /** The section's byte order, from its byte-order magic. */ readonly byteOrder: ByteOrder
  /** Format major version (1). */ readonly versionMajor: number
  /** Format minor version (0). */ readonly versionMinor: number
  /** The section's length in bytes, or 2^64 − 1 when not given. */ readonly sectionLength: bigint
  /** Section options (`shb_hardware` 2, `shb_os` 3, `shb_userappl` 4, ...). */ readonly options: PcapngOption[]
  /** The blocks of the section. */ readonly blocks: PcapngBlock[]
}

// grammar:start pcapngFile
const BLOCKS = { interface: 1, simplePacket: 3, enhancedPacket: 6 } as const

/** Every block: type, length, body, the length again; the body is `length − 12` bytes. */
function section(order: ByteOrder) {
  const n = numbersIn(order)
  // Values are padded to 32 bits: (−length) mod 4 bytes.
  const option = struct({ code: n.u16, length: derived(n.u16), value: bytes(ref('length')), padding: bytes(ref('length').times(-1).modulo(4)) })
  const options = many(option)
  // The trailing copy of the block length: its difference from the length selects nothing but 0, so any other copy is an error.
  const trailer = { trailingLength: derived(n.u32), check: inline(dependent(ref('trailingLength').minus(ref('blockLength')), { 0: struct({}) }, () => 0, { name: 'trailingLength − blockLength' })) }
  const body = dependentOpen(ref('blockType'), {
    1: tagged('block', 'interface', struct({ linkType: n.u16, reserved: n.u16, snapLength: n.u32, options })),
    3: tagged('block', 'simplePacket', struct({ originalLength: n.u32, data: rest })),
    6: tagged('block', 'enhancedPacket', struct({
      interfaceId: n.u32, timestampHigh: n.u32, timestampLow: n.u32, capturedLength: derived(n.u32), originalLength: n.u32,
      data: bytes(ref('capturedLength')), padding: bytes(ref('capturedLength').times(-1).modulo(4)), options,
    })),
  }, () => struct({ blockType: computed(ref('blockType')), body: rest }), (b) => ('block' in b ? BLOCKS[b.block] : b.blockType))
  const block = struct({ blockType: derived(n.u32), blockLength: derived(n.u32), body: inline(sized(ref('blockLength').minus(12), body)), ...trailer })
  return struct({
    blockType: constant(n.u32, 0x0a0d0d0a),
    blockLength: derived(n.u32),
    // Read in the order tried: only the right one gives 0x1A2B3C4D.
    byteOrderMagic: marker(constant(n.u32, 0x1a2b3c4d)),
    header: inline(sized(ref('blockLength').minus(16), struct({ versionMajor: n.u16, versionMinor: n.u16, sectionLength: n.u64, options }))),
    ...trailer,
    blocks: many(block),
  })
}

/**
 * A pcapng capture file (draft-ietf-opsawg-pcapng), one section: the
 * Section Header Block (its byte order from the byte-order magic, kept in
 * the value), then Interface Description, Enhanced Packet and Simple
 * Packet blocks decoded, any other block kept as its bytes. Every block's
 * length is checked against its trailing copy; options are decoded as
 * code, value and padding. Lengths are derived.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { pcapngFile, type PcapngFile } from 'oxwire/protocols'
 * const file: PcapngFile = { byteOrder: 'little', versionMajor: 1, versionMinor: 0, sectionLength: 2n ** 64n - 1n, options: [], blocks: [
 *   { block: 'interface', linkType: 1, reserved: 0, snapLength: 262144, options: [{ code: 9, value: Uint8Array.of(9), padding: Uint8Array.of(0, 0, 0) }] },
 *   { block: 'enhancedPacket', interfaceId: 0, timestampHigh: 0, timestampLow: 5, originalLength: 3, data: Uint8Array.of(1, 2, 3), padding: Uint8Array.of(0), options: [] },
 * ] }
 * const bytes = encode(pcapngFile, file)
 * assert.equal(bytes._tag === 'Right' && bytes.right.length, 28 + 28 + 36)
 * assert.deepEqual(bytes._tag === 'Right' && decode(pcapngFile, bytes.right), { _tag: 'Right', right: file })
 * ```
 * @category Gallery
 */
export const pcapngFile: Codec<PcapngFile> = imap(
  oneOf(named('big', section('big')), named('little', section('little'))),
  ({ protocol, value }) => ({ byteOrder: protocol, ...value }),
  ({ byteOrder, ...value }: PcapngFile) => ({ protocol: byteOrder, value }) as never,
) as never
// grammar:end
