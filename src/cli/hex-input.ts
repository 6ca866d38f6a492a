/**
 * Reads hex text in pieces, as it streams in: pairs of hex digits, with
 * whitespace anywhere (also between the two digits of a byte) and `#`
 * comments to the end of a line. Anything else is an error that says
 * where, by line and column (both from 1).
 * @internal
 */
export class HexReader {
  private high = -1 // first digit of a byte split across pieces
  private inComment = false
  private line = 1
  private column = 0 // of the last character read
  private halfAt = '' // where the pending half byte was, for the odd-digit error

  /** Decodes the next piece of text; throws a RangeError on a bad character. */
  push(text: string): Uint8Array {
    const out = new Uint8Array(Math.ceil(text.length / 2))
    let n = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 0x0a) {
        this.line++
        this.column = 0
        this.inComment = false
        continue
      }
      // A surrogate pair is one character to a person.
      if (c < 0xdc00 || c > 0xdfff) this.column++
      if (this.inComment) continue
      if (c === 0x23) {
        this.inComment = true
        continue
      }
      const digit = hexDigit(c)
      if (digit < 0) {
        if (c === 0x20 || c === 0x0d || c === 0x09) continue
        const shown = String.fromCodePoint(text.codePointAt(i) ?? c)
        throw new RangeError(`not a hex digit at line ${this.line}, column ${this.column}: ${JSON.stringify(shown)} (use --format bin for binary input)`)
      }
      if (this.high < 0) {
        this.high = digit
        this.halfAt = `line ${this.line}, column ${this.column}`
      } else {
        out[n++] = (this.high << 4) | digit
        this.high = -1
      }
    }
    return out.subarray(0, n)
  }

  /** Checks that no half byte is left over; throws a RangeError if one is. */
  end(): void {
    if (this.high >= 0) throw new RangeError(`odd number of hex digits: the last byte, at ${this.halfAt}, has one digit`)
  }
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10
  return -1
}

/**
 * Whether a file's first bytes look like hex text (hex digits, whitespace,
 * `#` comments) rather than binary frames.
 * @internal
 */
export function looksLikeHex(head: Uint8Array): boolean {
  if (head.length === 0) return false
  let inComment = false
  for (const b of head) {
    if (inComment) {
      if (b === 0x0a) inComment = false
      continue
    }
    if (b === 0x23) inComment = true
    else if (hexDigit(b) < 0 && b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false
  }
  return true
}

/**
 * Whether bytes are plausibly text a person wrote: valid UTF-8 (a sequence
 * cut at the end is allowed) with no control characters but tab, newline,
 * carriage return and form feed. Binary frames almost never are, so input
 * that is text but not clean hex is a typo to report, not binary to decode.
 * @internal
 */
export function looksLikeText(head: Uint8Array): boolean {
  for (const b of head) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false
    if (b === 0x7f) return false
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true })
    return true
  } catch {
    return false
  }
}
