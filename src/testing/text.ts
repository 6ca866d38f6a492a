import fc, { type Arbitrary, type SizeForArbitrary } from 'fast-check'
import type { Room } from './room.js'
import type { Node, PaddedNode, TerminatedNode, TextEncodingNotUtf8 } from '../grammar/node.js'
import { findTerminator } from '../runtime/terminator.js'

type TextEncoding = 'utf8' | TextEncodingNotUtf8

const utf8 = new TextEncoder()

/**
 * Strings whose UTF-8 encoding takes between `bytes.min` and `bytes.max`
 * bytes. ASCII and any-code-point strings are mixed so that both short
 * common text and multi-byte sequences (2, 3 and 4 bytes) appear. Strings
 * are fitted by mapping (dropping trailing code points, padding with
 * spaces), so shrinking keeps working on the source string.
 * @internal
 */
export function textArbitrary(bytes: Room, size: { readonly size?: SizeForArbitrary }): Arbitrary<string> {
  const limit = { ...size, ...(bytes.max === Infinity ? {} : { maxLength: bytes.max }) }
  return fc
    .oneof(fc.string({ unit: 'binary-ascii', ...limit }), fc.string({ unit: 'binary', ...limit }))
    .map((text) => fitText(text, bytes))
}

function fitText(text: string, bytes: Room): string {
  const codePoints = [...text]
  let length = utf8.encode(text).length
  while (length > bytes.max) length -= utf8.encode(codePoints.pop() as string).length
  return codePoints.join('') + ' '.repeat(Math.max(0, bytes.min - length))
}

/** A terminated or padded byte grammar, which text over it must respect. @internal */
export function isTextForm(node: Node): node is TerminatedNode | PaddedNode {
  return node.tag === 'terminated' || node.tag === 'padded'
}

/**
 * Byte arrays of whole `unit`-sized units within `room` (the content of a
 * terminated or padded field; the caller removes the terminator or pad).
 * @internal
 */
export function unitsArbitrary(unit: Uint8Array, room: Room, size: { readonly size?: SizeForArbitrary }): Arbitrary<Uint8Array> {
  const max = room.max === Infinity ? {} : { maxLength: room.max }
  return fc.uint8Array({ ...size, ...max }).map((b) => b.subarray(0, b.length - (b.length % unit.length)))
}

/** `bytes` with every whole-unit occurrence of `unit` changed (its last byte flipped), so it cannot end a terminated field. @internal */
export function withoutUnit(bytes: Uint8Array, unit: Uint8Array): Uint8Array {
  let at = findTerminator(bytes, 0, bytes.length, unit)
  if (at < 0) return bytes
  const out = bytes.slice()
  while (at >= 0) {
    const last = at + unit.length - 1
    out[last] = (out[last] as number) ^ 1
    at = findTerminator(out, at + unit.length, out.length, unit)
  }
  return out
}

/**
 * Strings in `encoding` for text over the byte grammar `inner`, with `room`
 * bytes for the whole of it: they fit the field, hold no terminator
 * character and end in no pad character. `accepts` is the final check
 * (values built to fit pass at once).
 * @internal
 */
export function encodedTextArbitrary(
  encoding: TextEncoding,
  inner: Node,
  plainRoom: Room | undefined,
  room: Room,
  size: { readonly size?: SizeForArbitrary },
  accepts: (text: string) => boolean,
): Arbitrary<string> {
  const wide = encoding === 'utf16le' || encoding === 'utf16be'
  const unit = wide ? 2 : 1
  let bytes: Room = plainRoom ?? { min: 0, max: room.max }
  let exclude: string | undefined
  let strip: string | undefined
  if (inner.tag === 'terminated') {
    bytes = { min: 0, max: room.max - inner.terminator.length }
    exclude = charOf(encoding, inner.terminator)
  } else if (inner.tag === 'padded') {
    bytes = { min: 0, max: inner.width }
    strip = charOf(encoding, inner.pad)
  }
  const min = Math.ceil(bytes.min / unit) * unit
  if (min > bytes.max) throw new Error(`arbitrary: ${encoding} text cannot take ${bytes.min}..${bytes.max} byte(s)`)
  const lengthOf = (text: string): number => (encoding === 'utf8' ? utf8.encode(text).length : text.length * unit)
  const chars = bytes.max === Infinity ? {} : { maxLength: Math.floor(bytes.max / unit) }
  const units = encoding === 'ascii' ? [fc.string({ unit: 'binary-ascii', ...size, ...chars })]
    : encoding === 'latin1' ? [fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), ...size, ...chars })]
      : [fc.string({ unit: 'binary-ascii', ...size, ...chars }), fc.string({ unit: 'binary', ...size, ...chars })]
  return fc
    .oneof(...units)
    .map((text) => {
      const codePoints = [...(exclude === undefined ? text : text.replaceAll(exclude, 'x'))]
      let length = lengthOf(codePoints.join(''))
      while (length > bytes.max) length -= lengthOf(codePoints.pop() as string)
      while (strip !== undefined && codePoints.length > 0 && codePoints[codePoints.length - 1] === strip) codePoints.pop()
      const fitted = codePoints.join('')
      return fitted + ' '.repeat(Math.max(0, (min - lengthOf(fitted)) / unit))
    })
    .filter(accepts)
}

// The character a terminator or pad unit stands for in `encoding`, if one does.
function charOf(encoding: TextEncoding, unit: Uint8Array): string | undefined {
  const [a, b] = [unit[0] as number, unit[1] ?? 0]
  switch (encoding) {
    case 'utf16le':
      return String.fromCharCode(a | (b << 8))
    case 'utf16be':
      return String.fromCharCode((a << 8) | b)
    case 'utf8':
      return a < 0x80 ? String.fromCharCode(a) : undefined
    case 'latin1':
    case 'ascii':
      return String.fromCharCode(a)
  }
}
