/**
 * What generated code returns when the fast path fails. The compiled
 * function then reruns the interpreter from the same position, which is the
 * one place where errors (kind, offset, path, message) are made.
 */
export const FAIL: unique symbol = Symbol('oxwire.compile.fail')

/** The type of {@link FAIL}. */
export type Fail = typeof FAIL

/**
 * What a stateless decoder (compile.ts) returns when code in it threw
 * where generated code does not expect it (a user function's exception is
 * a plain failure where the interpreter makes it one): as FAIL for the
 * caller of `decode`, but a stateless decoder that called it gives up too,
 * instead of treating it as an alternative that did not match.
 */
export const THREW: unique symbol = Symbol('oxwire.compile.threw')

/**
 * Where a stateless decoder (compile.ts) leaves the offset it stopped at,
 * and whether a marker in it committed (for an enclosing `oneOf`, also
 * when it failed), read by its caller right after it returns: one shared box rather than a
 * result object per call (a decode nested in a user function writes it
 * first, and the outer decoder after).
 */
export const statelessEnd: { pos: number; committed: boolean } = { pos: 0, committed: false }

// Fatal, and a BOM is content: the interpreter's settings exactly.
const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * UTF-8 text of bytes[start, end), or FAIL when it is not valid UTF-8.
 * ASCII of up to 12 bytes is built directly: TextDecoder costs about 350 ns
 * a call whatever the length, concatenation about 20 ns a byte (measured
 * with the string then read, which flattens it), so past about 12 bytes the
 * platform decoder wins.
 */
export function utf8Range(bytes: Uint8Array, start: number, end: number): string | Fail {
  if (end - start <= 12) {
    let text = ''
    let i = start
    for (; i < end; i++) {
      const c = bytes[i] as number
      if (c >= 0x80) break
      text += String.fromCharCode(c)
    }
    if (i === end) return text
  }
  try {
    return fatalUtf8.decode(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end))
  } catch {
    return FAIL
  }
}

const utf8Encoder = new TextEncoder()

/** The UTF-8 bytes of a well-formed string, or FAIL for a lone surrogate (as the interpreter refuses it). */
export function utf8Bytes(text: string): Uint8Array | Fail {
  if (!text.isWellFormed()) return FAIL
  return utf8Encoder.encode(text)
}

/**
 * Writes the UTF-8 of `text` into `bytes` from `pos`, which must have room
 * for 3 bytes per code unit, and returns the position after it, or -1 for
 * a lone surrogate (refused, as the interpreter refuses it).
 *
 * Hand-written rather than `TextEncoder`: `encode` allocates an array per
 * string (memory outside the heap from 64 bytes on, about 250 ns, plus the
 * copy into the output), and `encodeInto` needs a view of the output per
 * call; this loop writes the short texts of packets in place, at about a
 * nanosecond per ASCII character.
 */
export function writeUtf8(text: string, bytes: Uint8Array, pos: number): number {
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes[pos++] = c
    else if (c < 0x800) {
      bytes[pos++] = 0xc0 | (c >> 6)
      bytes[pos++] = 0x80 | (c & 0x3f)
    } else if (c < 0xd800 || c > 0xdfff) {
      bytes[pos++] = 0xe0 | (c >> 12)
      bytes[pos++] = 0x80 | ((c >> 6) & 0x3f)
      bytes[pos++] = 0x80 | (c & 0x3f)
    } else {
      // A high surrogate followed by a low one is one code point of 4 bytes.
      const d = i + 1 < n ? text.charCodeAt(i + 1) : 0
      if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) return -1
      i++
      const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
      bytes[pos++] = 0xf0 | (cp >> 18)
      bytes[pos++] = 0x80 | ((cp >> 12) & 0x3f)
      bytes[pos++] = 0x80 | ((cp >> 6) & 0x3f)
      bytes[pos++] = 0x80 | (cp & 0x3f)
    }
  }
  return pos
}

/** True when every code unit is below 0x80, so that the byte length is the string length. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false
  return true
}
