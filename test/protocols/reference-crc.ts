import { crc32 } from 'node:zlib'

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
