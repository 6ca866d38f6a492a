// Decoders of fixed-width numbers and LEB128 varints.
import type { BigIntNode, FloatNode } from '../../grammar/node.js'
import { hex } from '../../runtime/hex.js'
import type { DecodeFn } from './decode-fn.js'

export function bigintDecoder(node: BigIntNode): DecodeFn {
  const { signed, littleEndian } = node
  return (s) => {
    if (!s.has(8)) return undefined
    const v = signed ? s.view.getBigInt64(s.pos, littleEndian) : s.view.getBigUint64(s.pos, littleEndian)
    s.pos += 8
    return v
  }
}

export function floatDecoder(node: FloatNode): DecodeFn {
  const { size, littleEndian } = node
  return (s) => {
    if (!s.has(size)) return undefined
    const v = size === 4 ? s.view.getFloat32(s.pos, littleEndian) : s.view.getFloat64(s.pos, littleEndian)
    s.pos += size
    return v
  }
}

export function intDecoder(size: 1 | 2 | 4, signed: boolean, le: boolean): DecodeFn {
  switch (size) {
    case 1:
      return signed
        ? (s) => (s.has(1) ? s.view.getInt8(s.pos++) : undefined)
        : (s) => (s.has(1) ? s.bytes[s.pos++] : undefined)
    case 2:
      return (s) => {
        if (!s.has(2)) return undefined
        const v = signed ? s.view.getInt16(s.pos, le) : s.view.getUint16(s.pos, le)
        s.pos += 2
        return v
      }
    case 4:
      return (s) => {
        if (!s.has(4)) return undefined
        const v = signed ? s.view.getInt32(s.pos, le) : s.view.getUint32(s.pos, le)
        s.pos += 4
        return v
      }
  }
}

export function uleb128Decoder(maxBytes: number): DecodeFn {
  return (s) => {
    const start = s.pos
    let value = 0
    let scale = 1
    for (let i = 0; i < maxBytes; i++) {
      if (!s.has(1)) return undefined
      const b = s.bytes[s.pos++] as number
      value += (b & 0x7f) * scale
      if ((b & 0x80) === 0) {
        // A last byte of zero after the first adds nothing: the same value
        // has a shorter encoding, which the grammar forbids.
        if (b === 0 && i > 0) {
          s.failInvalid('non-minimal varint', 'minimal encoding', hex(s.bytes.subarray(start, s.pos)), start)
          return undefined
        }
        return value
      }
      scale *= 128
    }
    s.failInvalid(`varint longer than ${maxBytes} byte(s)`, `at most ${maxBytes} byte(s)`, undefined, start)
    return undefined
  }
}
