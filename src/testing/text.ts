import fc, { type Arbitrary, type SizeForArbitrary } from 'fast-check'
import type { Room } from './room.js'

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
