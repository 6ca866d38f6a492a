/**
 * What generated code returns when the fast path fails. The compiled
 * function then reruns the interpreter from the same position, which is the
 * one place where errors (kind, offset, path, message) are made.
 */
export const FAIL: unique symbol = Symbol('oxwire.compile.fail')

/** The type of {@link FAIL}. */
export type Fail = typeof FAIL

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
    return fatalUtf8.decode(bytes.subarray(start, end))
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

/** True when every code unit is below 0x80, so that the byte length is the string length. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false
  return true
}
