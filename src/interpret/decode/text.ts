// Decoders of text in encodings other than UTF-8, terminated and padded bytes.
import type { PaddedNode, TerminatedNode, TextNode } from '../../grammar/node.js'
import type { DecodeState } from '../../runtime/decode-state.js'
import { hex, hexByte } from '../../runtime/hex.js'
import { decodeText } from '../../runtime/text-encoding.js'
import { findTerminator, paddedEnd } from '../../runtime/terminator.js'
import type { DecodeFn, DecoderOf } from './decode-fn.js'

export function textDecoder(node: TextNode, decoderOf: DecoderOf): DecodeFn {
  const inner = decoderOf(node.inner.node)
  const encoding = node.encoding
  return (s) => {
    const start = s.pos
    const raw = inner(s) as Uint8Array
    if (s.error !== undefined) return undefined
    const text = decodeText(encoding, raw)
    if (typeof text === 'string') return text
    s.failInvalid(`${text.message}`, `${encoding} text`, hex(raw.subarray(text.at, text.at + 2)), offsetIn(s, raw, start) + text.at)
    return undefined
  }
}

// Where `raw` starts in the input: the bytes grammars give views of the
// input, so a bad byte's offset is exact; a mapped copy falls back to the
// field's start.
function offsetIn(s: DecodeState, raw: Uint8Array, start: number): number {
  if (raw.buffer !== s.bytes.buffer) return start
  return raw.byteOffset - s.bytes.byteOffset
}

export function terminatedDecoder(node: TerminatedNode): DecodeFn {
  const unit = node.terminator
  return (s) => {
    const start = s.pos
    const at = findTerminator(s.bytes, start, s.limit, unit)
    if (at >= 0) {
      s.pos = at + unit.length
      return s.bytes.subarray(start, at)
    }
    const what = `terminator ${shown(unit)}`
    // As `has`: the input running out may be cured by more input, the end
    // of an enclosing region is not.
    if (s.regions === 0 && s.limit + s.tailReserve === s.end) {
      s.failIncomplete(unit.length - ((s.limit - start) % unit.length), `no ${what} before the input ends at offset ${s.limit}`, start)
    } else {
      s.failInvalid(`no ${what} before its region ends at offset ${s.limit}`, what, `${s.limit - start} byte(s) without it`, start)
    }
    return undefined
  }
}

export function paddedDecoder(node: PaddedNode): DecodeFn {
  const { width, pad } = node
  return (s) => {
    if (!s.has(width)) return undefined
    const start = s.pos
    s.pos += width
    return s.bytes.subarray(start, paddedEnd(s.bytes, start, start + width, pad))
  }
}

const shown = (unit: Uint8Array): string => '0x' + Array.from(unit, hexByte).join('')
