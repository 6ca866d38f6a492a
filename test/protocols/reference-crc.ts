import { crc32 } from 'node:zlib'
import { fromHex } from '../../src/testing/index.js'

// Reference checksums written independently of oxwire's table-driven CRCs,
// so that fixtures are checked against something other than oxwire itself.

/** CRC-16/CCITT-FALSE, one bit at a time, straight from its definition. */
export function referenceCrc16CcittFalse(bytes: Uint8Array): number {
  let crc = 0xffff
  for (const byte of bytes) {
    crc ^= byte << 8
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc
}

/** CRC-32/ISO-HDLC from Node's zlib. */
export function referenceCrc32(bytes: Uint8Array): number {
  return crc32(bytes)
}

/** A hand-written TLM frame without its CRC, completed with the reference CRC-16 (big-endian). */
export function sealTlm(hexWithoutCrc: string): Uint8Array {
  const body = fromHex(hexWithoutCrc)
  const crc = referenceCrc16CcittFalse(body)
  return Uint8Array.of(...body, crc >> 8, crc & 0xff)
}

/** A hand-written EVR record without its CRC, completed with zlib's CRC-32 (little-endian). */
export function sealEvr(hexWithoutCrc: string): Uint8Array {
  const body = fromHex(hexWithoutCrc)
  const out = new Uint8Array(body.length + 4)
  out.set(body)
  new DataView(out.buffer).setUint32(body.length, referenceCrc32(body), true)
  return out
}
