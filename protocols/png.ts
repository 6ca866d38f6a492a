import type { Codec } from '../src/index.js'
import {
  bytes, checksummed, constant, crc32IsoHdlc, dependentOpen, derived, imap, inline, many, ref, rest, sized, struct, tagged, u32be, u8, utf8,
} from '../combinators/index.js'

/**
 * The image header (`IHDR`), the first chunk of every PNG.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { pngFile, type PngHeader } from 'oxwire/protocols'
 * const header: PngHeader = { width: 640, height: 480, bitDepth: 8, colourType: 6, compression: 0, filter: 0, interlace: 0 }
 * const bytes = encode(pngFile, { chunks: [{ type: 'IHDR', ...header }, { type: 'IEND', data: new Uint8Array(0) }] })
 * assert.ok(bytes._tag === 'Right')
 * const image = decode(pngFile, bytes.right)
 * assert.deepEqual(image._tag === 'Right' && image.right.chunks[0], { type: 'IHDR', ...header })
 * ```
 * @category Gallery
 */
export interface PngHeader {
  /** Width in pixels. */ readonly width: number
  /** Height in pixels. */ readonly height: number
  /** Bits per sample or palette index (1, 2, 4, 8, 16). */ readonly bitDepth: number
  /** 0 grey, 2 truecolour, 3 indexed, 4 grey + alpha, 6 truecolour + alpha. */ readonly colourType: number
  /** 0 (deflate). */ readonly compression: number
  /** 0 (adaptive filtering). */ readonly filter: number
  /** 0 none, 1 Adam7. */ readonly interlace: number
}

/**
 * One chunk: `IHDR` decoded, any other kept whole; length and CRC are derived.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode } from 'oxwire'
 * import { crc32IsoHdlc } from 'oxwire/combinators'
 * import { pngFile, type PngChunk } from 'oxwire/protocols'
 * const end: PngChunk = { type: 'IEND', data: new Uint8Array(0) }
 * const bytes = encode(pngFile, { chunks: [end] })
 * assert.ok(bytes._tag === 'Right')
 * // After the signature: length 0, "IEND", and the CRC-32 of "IEND" (derived).
 * const crc = crc32IsoHdlc.compute(new TextEncoder().encode('IEND'), 0, 4)
 * assert.deepEqual([...bytes.right.subarray(8)], [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, crc >>> 24, (crc >> 16) & 0xff, (crc >> 8) & 0xff, crc & 0xff])
 * ```
 * @category Gallery
 */
export type PngChunk =
  | ({
      /** The image header chunk. */
      readonly type: 'IHDR'
    } & PngHeader)
  | PngOtherChunk

/**
 * A chunk other than `IHDR`, kept as its type and data.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { pngFile, type PngOtherChunk } from 'oxwire/protocols'
 * const text: PngOtherChunk = { type: 'tEXt', data: new TextEncoder().encode('Title\0Demo') }
 * const image = { chunks: [{ type: 'IHDR', width: 1, height: 1, bitDepth: 8, colourType: 0, compression: 0, filter: 0, interlace: 0 } as const, text] }
 * const bytes = encode(pngFile, image)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(pngFile, bytes.right), right(image))
 * ```
 * @category Gallery
 */
export interface PngOtherChunk {
  /** The four-letter chunk type (`IDAT`, `IEND`, `tEXt`, ...). */ readonly type: string
  /** The chunk's data. */ readonly data: Uint8Array
}

/**
 * A decoded PNG file: the chunks after the signature.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { pngFile, type PngFile } from 'oxwire/protocols'
 * const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)
 * const empty: PngFile = { chunks: [] }
 * assert.deepEqual(decode(pngFile, signature), { _tag: 'Right', right: empty })
 * const notPng = decode(pngFile, Uint8Array.of(0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0, 0))
 * assert.ok(notPng._tag === 'Left' && notPng.left.kind === 'invalid' && notPng.left.offset === 0)
 * ```
 * @category Gallery
 */
export interface PngFile {
  /** The chunks, in order. */ readonly chunks: PngChunk[]
}

// grammar:start pngFile
const header = struct({ width: u32be, height: u32be, bitDepth: u8, colourType: u8, compression: u8, filter: u8, interlace: u8 })
// Chunk types not decoded keep their name; one grammar per name, a few kept.
const others = new Map<string, Codec<PngOtherChunk>>()
function other(type: string): Codec<PngOtherChunk> {
  let found = others.get(type)
  if (found === undefined) {
    if (others.size >= 64) others.clear()
    found = imap(sized(ref('length'), rest), (data) => ({ type, data }), (v: PngOtherChunk) => v.data)
    others.set(type, found)
  }
  return found
}
const chunk = struct({
  length: derived(u32be),
  body: inline(checksummed(dependentOpen(utf8(bytes(4)), { IHDR: tagged('type', 'IHDR', sized(ref('length'), header)) }, other, (c) => c.type, { name: 'type' }), crc32IsoHdlc, u32be)),
})

/**
 * A PNG file (ISO/IEC 15948, RFC 2083): the 8-byte signature, then chunks
 * (length, type, data, CRC-32 over type and data) until the file ends.
 * `IHDR` is decoded; every other chunk is kept whole, so a file re-encodes
 * byte for byte. Lengths and CRCs are derived.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { pngFile, type PngFile } from 'oxwire/protocols'
 * const image: PngFile = { chunks: [{ type: 'IHDR', width: 1, height: 1, bitDepth: 8, colourType: 0, compression: 0, filter: 0, interlace: 0 },
 *   { type: 'IEND', data: new Uint8Array(0) }] }
 * const bytes = encode(pngFile, image)
 * assert.equal(bytes._tag === 'Right' && bytes.right.length, 8 + 25 + 12)
 * assert.deepEqual(bytes._tag === 'Right' && decode(pngFile, bytes.right), { _tag: 'Right', right: image })
 * ```
 * @category Gallery
 */
export const pngFile: Codec<PngFile> = struct({
  signature: constant(bytes(8), Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)),
  chunks: many(chunk),
})
// grammar:end
