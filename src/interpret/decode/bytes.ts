// Decoders of raw bytes (views of the input), UTF-8 text and constants.
import type { BytesNode, Utf8Node } from '../../grammar/node.js'
import type { DecodeState } from '../../runtime/decode-state.js'
import { hex } from '../../runtime/hex.js'
import type { DecodeFn, DecoderOf } from './decode-fn.js'

// Fatal: invalid UTF-8 is a decode error, not U+FFFD. ignoreBOM: a leading
// BOM is content, so that re-encoding gives the same bytes.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export function bytesDecoder(node: BytesNode): DecodeFn {
  const size = node.size
  if (size === undefined) {
    return (s) => {
      const v = s.bytes.subarray(s.pos, s.limit)
      s.pos = s.limit
      return v
    }
  }
  return (s) => {
    if (!s.has(size)) return undefined
    const v = s.bytes.subarray(s.pos, s.pos + size)
    s.pos += size
    return v
  }
}

export function utf8TextDecoder(node: Utf8Node, decoderOf: DecoderOf): DecodeFn {
  const inner = decoderOf(node.inner.node)
  return (s) => {
    const start = s.pos
    const raw = inner(s) as Uint8Array
    if (s.error !== undefined) return undefined
    return decodeUtf8(s, raw, start)
  }
}

function decodeUtf8(s: DecodeState, raw: Uint8Array, start: number): string | undefined {
  // Short ASCII strings are common in packets and cheaper to build directly
  // than through TextDecoder's call overhead; from about 16 bytes on
  // TextDecoder is faster (see docs/PERFORMANCE.md).
  if (raw.length <= 16) {
    let ascii = true
    for (let i = 0; i < raw.length; i++) {
      if ((raw[i] as number) >= 0x80) {
        ascii = false
        break
      }
    }
    if (ascii) return String.fromCharCode.apply(null, raw as unknown as number[])
  }
  try {
    return utf8Decoder.decode(raw)
  } catch {
    s.failInvalid('invalid UTF-8', 'UTF-8 text', hex(raw.subarray(0, 16)), start)
    return undefined
  }
}

export function constantDecoder(expected: Uint8Array): DecodeFn {
  const n = expected.length
  return (s) => {
    const start = s.pos
    // Byte by byte, so that a wrong first byte is a mismatch even when the
    // input is too short to hold the whole constant.
    for (let i = 0; i < n; i++) {
      if (start + i >= s.limit) {
        s.pos = start + i
        s.has(n - i)
        return undefined
      }
      if (s.bytes[start + i] !== expected[i]) {
        s.failInvalid(
          `expected constant ${hex(expected)}`,
          hex(expected),
          hex(s.bytes.subarray(start, Math.min(start + n, s.limit))),
          start + i,
        )
        return undefined
      }
    }
    s.pos = start + n
    return undefined
  }
}
