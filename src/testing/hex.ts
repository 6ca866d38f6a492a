/**
 * Bytes from hex text, for fixtures laid out by field: whitespace and `|`
 * separators are ignored.
 * @throws Error when the text is not whole hex bytes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { fromHex } from 'oxwire/testing'
 * assert.deepEqual(fromHex('5a a5 | 01 | 02'), Uint8Array.of(0x5a, 0xa5, 1, 2))
 * assert.throws(() => fromHex('5a a'), /not whole hex bytes/)
 * ```
 * @category Testing
 */
export function fromHex(text: string): Uint8Array {
  const digits = text.replace(/[\s|]/g, '')
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`fromHex: not whole hex bytes: ${text}`)
  const out = new Uint8Array(digits.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16)
  return out
}

/**
 * Bytes as lower-case hex pairs separated by spaces: the form
 * {@link fromHex} reads and assertion messages print.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { toHex } from 'oxwire/testing'
 * assert.equal(toHex(Uint8Array.of(0x5a, 0xa5, 1)), '5a a5 01')
 * ```
 * @category Testing
 */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')
}
