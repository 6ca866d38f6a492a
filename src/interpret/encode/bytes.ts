// Encoders of raw bytes, UTF-8 text and constants.
import type { BytesNode, ConstantNode, Utf8Node } from '../../grammar/node.js'
import type { EncodeFn, EncoderOf } from './encode-fn.js'

const utf8Encoder = new TextEncoder()

export function bytesEncoder(node: BytesNode): EncodeFn {
  const size = node.size
  return (s, v) => {
    if (!(v instanceof Uint8Array)) return s.fail('type', 'expected a Uint8Array')
    if (size !== undefined && v.length !== size) return s.fail('length', `expected ${size} byte(s), got ${v.length}`)
    s.write(v)
  }
}

export function utf8TextEncoder(node: Utf8Node, encoderOf: EncoderOf): EncodeFn {
  const inner = encoderOf(node.inner.node)
  return (s, v) => {
    if (typeof v !== 'string') return s.fail('type', `expected a string, got ${typeof v}`)
    // A lone surrogate would be written as U+FFFD and not decode back.
    if (!v.isWellFormed()) return s.fail('invalid', 'string has a lone surrogate, not valid Unicode')
    inner(s, utf8Encoder.encode(v))
  }
}

export function constantEncoder(node: ConstantNode): EncodeFn {
  const bytes = node.bytes
  return (s) => s.write(bytes)
}
