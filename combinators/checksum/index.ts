export type { ChecksumAlgorithm } from './algorithm.js'
export { ChecksumDataIncomplete, inflated, length32, type InflatedOptions } from './inflated.js'
export { crc, crc16CcittFalse, crc16Modbus, crc16Xmodem, crc32IsoHdlc, crc32c, crc8Smbus, type CrcParams } from './crc.js'
export { internetChecksum, sum8, xor8 } from './simple.js'
