// Encoders of fixed-width numbers and LEB128 varints.
import type { BigIntNode, FloatNode, Uleb128Node } from '../../grammar/node.js'
import { largestValue } from '../../analysis/index.js'
import { showValue } from '../show-value.js'
import type { EncodeFn } from './encode-fn.js'

export function intEncoder(size: 1 | 2 | 3 | 4, signed: boolean, le: boolean): EncodeFn {
  const min = signed ? -(2 ** (size * 8 - 1)) : 0
  const max = signed ? 2 ** (size * 8 - 1) - 1 : 2 ** (size * 8) - 1
  return (s, v) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return s.fail('type', `expected an integer, got ${showValue(v)}`)
    if (v < min || v > max) return s.fail('range', `${v} is outside ${min}..${max}`)
    s.reserve(size)
    if (size === 1) s.bytes[s.pos] = v & 0xff
    else if (size === 2) s.view.setUint16(s.pos, v & 0xffff, le)
    else if (size === 3) write24(s.bytes, s.pos, v & 0xffffff, le)
    else s.view.setUint32(s.pos, v >>> 0, le)
    s.pos += size
  }
}

export function bigintEncoder(node: BigIntNode): EncodeFn {
  const { signed, littleEndian } = node
  const min = signed ? -(2n ** 63n) : 0n
  const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n
  return (s, v) => {
    if (typeof v !== 'bigint') return s.fail('type', `expected a bigint, got ${typeof v}`)
    if (v < min || v > max) return s.fail('range', `${v} is outside ${min}..${max}`)
    s.reserve(8)
    if (signed) s.view.setBigInt64(s.pos, v, littleEndian)
    else s.view.setBigUint64(s.pos, v, littleEndian)
    s.pos += 8
  }
}

export function floatEncoder(node: FloatNode): EncodeFn {
  const { size, littleEndian } = node
  return (s, v) => {
    if (typeof v !== 'number') return s.fail('type', `expected a number, got ${typeof v}`)
    // binary32 rounds; a finite value that only fits as Infinity is out of range.
    if (size === 4 && Number.isFinite(v) && !Number.isFinite(Math.fround(v))) {
      return s.fail('range', `${v} is too large for a 32-bit float`)
    }
    s.reserve(size)
    if (size === 4) s.view.setFloat32(s.pos, v, littleEndian)
    else s.view.setFloat64(s.pos, v, littleEndian)
    s.pos += size
  }
}

export function uleb128Encoder(node: Uleb128Node): EncodeFn {
  const max = Math.min(largestValue(node), Number.MAX_SAFE_INTEGER)
  return (s, v) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return s.fail('type', `expected an integer, got ${showValue(v)}`)
    if (v < 0 || v > max) return s.fail('range', `${v} is outside 0..${max}`)
    s.reserve(node.maxBytes)
    let rest = v
    while (rest >= 0x80) {
      s.bytes[s.pos++] = (rest % 128) | 0x80
      rest = Math.floor(rest / 128)
    }
    s.bytes[s.pos++] = rest
  }
}

// No DataView method for three bytes.
function write24(bytes: Uint8Array, pos: number, v: number, le: boolean): void {
  bytes[pos + (le ? 0 : 2)] = v & 0xff
  bytes[pos + 1] = (v >>> 8) & 0xff
  bytes[pos + (le ? 2 : 0)] = v >>> 16
}
