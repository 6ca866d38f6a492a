// Decoders of fixed-width numbers and LEB128 varints.
import type { BigIntNode, FloatNode } from '../../grammar/node.js'
import { hex } from '../../runtime/hex.js'
import type { DecodeFn } from './decode-fn.js'
import { bigintReader, floatReader } from './scratch-reads.js'

export function bigintDecoder(node: BigIntNode): DecodeFn {
  const read = bigintReader(node.signed, node.littleEndian)
  return (s) => {
    if (!s.has(8)) return undefined
    const v = read(s.bytes, s.pos)
    s.pos += 8
    return v
  }
}

export function floatDecoder(node: FloatNode): DecodeFn {
  const { size } = node
  const read = floatReader(size, node.littleEndian)
  return (s) => {
    if (!s.has(size)) return undefined
    const v = read(s.bytes, s.pos)
    s.pos += size
    return v
  }
}

// One closure per width, sign and byte order, chosen when the grammar is built.
export function intDecoder(size: 1 | 2 | 3 | 4, signed: boolean, le: boolean): DecodeFn {
  switch (size) {
    case 1:
      return signed
        ? (s) => (s.has(1) ? ((s.bytes[s.pos++] as number) << 24) >> 24 : undefined)
        : (s) => (s.has(1) ? s.bytes[s.pos++] : undefined)
    case 2: {
      const read = le
        ? (b: Uint8Array, p: number) => (b[p] as number) | ((b[p + 1] as number) << 8)
        : (b: Uint8Array, p: number) => ((b[p] as number) << 8) | (b[p + 1] as number)
      return signed
        ? (s) => {
            if (!s.has(2)) return undefined
            const v = (read(s.bytes, s.pos) << 16) >> 16
            s.pos += 2
            return v
          }
        : (s) => {
            if (!s.has(2)) return undefined
            const v = read(s.bytes, s.pos)
            s.pos += 2
            return v
          }
    }
    case 3: {
      const read = le
        ? (b: Uint8Array, p: number) => (b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16)
        : (b: Uint8Array, p: number) => ((b[p] as number) << 16) | ((b[p + 1] as number) << 8) | (b[p + 2] as number)
      return signed
        ? (s) => {
            if (!s.has(3)) return undefined
            const v = (read(s.bytes, s.pos) << 8) >> 8
            s.pos += 3
            return v
          }
        : (s) => {
            if (!s.has(3)) return undefined
            const v = read(s.bytes, s.pos)
            s.pos += 3
            return v
          }
    }
    case 4: {
      const read = le
        ? (b: Uint8Array, p: number) => (b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)
        : (b: Uint8Array, p: number) => ((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number)
      return signed
        ? (s) => {
            if (!s.has(4)) return undefined
            const v = read(s.bytes, s.pos) | 0
            s.pos += 4
            return v
          }
        : (s) => {
            if (!s.has(4)) return undefined
            const v = read(s.bytes, s.pos) >>> 0
            s.pos += 4
            return v
          }
    }
  }
}

export function uleb128Decoder(maxBytes: number): DecodeFn {
  return (s) => {
    const start = s.pos
    // One byte (a TLV length under 128) is the common case: the loop below
    // would read it the same way.
    if (start < s.limit && maxBytes > 0) {
      const first = s.bytes[start] as number
      if (first < 0x80) {
        s.pos = start + 1
        return first
      }
    }
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
