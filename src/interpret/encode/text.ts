// Encoders of text in encodings other than UTF-8, terminated and padded bytes.
import type { PaddedNode, TerminatedNode, TextNode } from '../../grammar/node.js'
import { hexByte } from '../../runtime/hex.js'
import { encodeText } from '../../runtime/text-encoding.js'
import { paddedEnd, terminatorIndex } from '../../runtime/terminator.js'
import type { EncodeFn, EncoderOf } from './encode-fn.js'

export function textEncoder(node: TextNode, encoderOf: EncoderOf): EncodeFn {
  const inner = encoderOf(node.inner.node)
  const encoding = node.encoding
  return (s, v) => {
    if (typeof v !== 'string') return s.fail('type', `expected a string, got ${typeof v}`)
    const bytes = encodeText(encoding, v)
    if (!(bytes instanceof Uint8Array)) return s.fail('invalid', bytes.message)
    inner(s, bytes)
  }
}

export function terminatedEncoder(node: TerminatedNode): EncodeFn {
  const unit = node.terminator
  return (s, v) => {
    if (!(v instanceof Uint8Array)) return s.fail('type', 'expected a Uint8Array')
    if (v.length % unit.length !== 0) return s.fail('length', `expected a whole number of ${unit.length}-byte units, got ${v.length} byte(s)`)
    const at = terminatorIndex(v, unit)
    if (at >= 0) return s.fail('invalid', `value holds the terminator ${shown(unit)} at index ${at}`)
    s.write(v)
    s.write(unit)
  }
}

export function paddedEncoder(node: PaddedNode): EncodeFn {
  const { width, pad } = node
  return (s, v) => {
    if (!(v instanceof Uint8Array)) return s.fail('type', 'expected a Uint8Array')
    if (v.length > width) return s.fail('length', `expected at most ${width} byte(s), got ${v.length}`)
    if (v.length % pad.length !== 0) return s.fail('length', `expected a whole number of ${pad.length}-byte units, got ${v.length} byte(s)`)
    if (paddedEnd(v, 0, v.length, pad) !== v.length) return s.fail('invalid', `value ends with the pad ${shown(pad)}, which decoding would trim`)
    s.write(v)
    for (let i = v.length; i < width; i += pad.length) s.write(pad)
  }
}

const shown = (unit: Uint8Array): string => '0x' + Array.from(unit, hexByte).join('')
