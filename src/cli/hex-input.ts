/**
 * Reads hex text in pieces, as it streams in: pairs of hex digits, with
 * whitespace anywhere (also between the two digits of a byte) and `#`
 * comments to the end of a line. Anything else is an error that says where.
 * @internal
 */
export class HexReader {
  private high = -1 // first digit of a byte split across pieces
  private inComment = false
  private position = 0 // characters read so far, for error messages

  /** Decodes the next piece of text; throws a RangeError on a bad character. */
  push(text: string): Uint8Array {
    const out = new Uint8Array(Math.ceil(text.length / 2))
    let n = 0
    for (let i = 0; i < text.length; i++, this.position++) {
      const c = text.charCodeAt(i)
      if (this.inComment) {
        if (c === 0x0a) this.inComment = false
        continue
      }
      if (c === 0x23) {
        this.inComment = true
        continue
      }
      const digit = hexDigit(c)
      if (digit < 0) {
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue
        throw new RangeError(`not a hex digit at character ${this.position}: ${JSON.stringify(text[i])}`)
      }
      if (this.high < 0) {
        this.high = digit
      } else {
        out[n++] = (this.high << 4) | digit
        this.high = -1
      }
    }
    return out.subarray(0, n)
  }

  /** Checks that no half byte is left over; throws a RangeError if one is. */
  end(): void {
    if (this.high >= 0) throw new RangeError('odd number of hex digits')
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
