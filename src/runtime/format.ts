import type { DecodeError, EncodeError, PathSegment } from './errors.js'
import { isDecodeError } from './errors.js'
import { hexByte } from './hex.js'

/**
 * Renders a path as `a.b[2].c`, or `(root)` when empty.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { formatPath } from 'oxwire'
 * assert.equal(formatPath(['payload', 'readings', 2, 'unit']), 'payload.readings[2].unit')
 * assert.equal(formatPath([]), '(root)')
 * ```
 * @category Errors
 */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(root)'
  let out = ''
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`
  return out
}

/**
 * Renders an error for people: kind, path, offset, message, and, when the
 * input is given, a hex dump around the offset with a caret under the bad
 * byte. `no-match` errors list each alternative's error, indented.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, formatError } from 'oxwire'
 * import { struct, u8, u16be } from 'oxwire/combinators'
 * const bytes = Uint8Array.of(1, 0)
 * const result = decode(struct({ kind: u8, length: u16be }), bytes)
 * assert.ok(result._tag === 'Left')
 * const text = formatError(result.left, bytes)
 * assert.match(text, /^incomplete at length, offset 1: /)
 * assert.match(text, /0000  01 00/)
 * ```
 * @category Errors
 */
export function formatError(error: DecodeError | EncodeError, input?: Uint8Array): string {
  if (!isDecodeError(error)) return `cannot encode ${error.kind} at ${formatPath(error.path)}: ${error.message}`
  const lines = [`${error.kind} at ${formatPath(error.path)}, offset ${error.offset}: ${error.message}`]
  switch (error.kind) {
    case 'invalid':
      if (error.expected !== undefined) lines.push(`  expected: ${error.expected}`)
      if (error.found !== undefined) lines.push(`  found:    ${error.found}`)
      break
    case 'checksum':
      lines.push(`  ${error.algorithm}: expected 0x${error.expected.toString(16)}, found 0x${error.found.toString(16)}`)
      break
    case 'incomplete':
      if (error.needed !== undefined) lines.push(`  needs at least ${error.needed} more byte(s)`)
      break
    case 'no-match':
      for (const alt of error.alternatives) {
        lines.push(`  ${alt.name}: ${formatError(alt.error).split('\n').join('\n    ')}`)
      }
      break
    case 'trailing':
      break
  }
  if (input !== undefined) lines.push(...hexDump(input, error.offset))
  return lines.join('\n')
}

/**
 * A hex dump of the 16-byte rows around `offset` (the row before, its own,
 * the row after), with a caret under the byte at `offset`; an offset at the
 * end of the input gets its caret just past the last byte.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { hexDump } from 'oxwire'
 * assert.deepEqual(hexDump(Uint8Array.of(0x5a, 0xa5, 0x02), 1), [
 *   '  0000  5a a5 02                                         Z..',
 *   '           ^^',
 * ])
 * ```
 * @category Errors
 */
export function hexDump(input: Uint8Array, offset: number): string[] {
  const row = Math.floor(offset / 16)
  const first = Math.max(0, row - 1)
  const last = Math.min(Math.max(0, Math.ceil(input.length / 16) - 1), row + 1)
  const lines: string[] = []
  for (let r = first; r <= Math.max(last, row); r++) {
    const chunk = input.subarray(r * 16, r * 16 + 16)
    const hexPart = Array.from(chunk, hexByte).join(' ').padEnd(16 * 3 - 1)
    const text = Array.from(chunk, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')
    lines.push(`  ${(r * 16).toString(16).padStart(4, '0')}  ${hexPart}  ${text}`)
    if (r === row) lines.push(`  ${' '.repeat(4 + 2 + (offset % 16) * 3)}^^`)
  }
  return lines
}
