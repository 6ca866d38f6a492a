import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { constant } from '../../combinators/constant.js'
import { marker } from '../../combinators/marker.js'
import { checksummed } from '../../combinators/checksum/checksummed.js'
import { sum8 } from '../../combinators/checksum/simple.js'
import { enumeration } from '../../combinators/enumeration.js'
import { u16be, u8 } from '../../combinators/numbers.js'
import { named, oneOf } from '../../combinators/one-of.js'
import { struct } from '../../combinators/struct.js'
import { decode, encode } from '../../src/api.js'
import { formatError, formatPath, hexDump } from '../../src/runtime/format.js'
import type { DecodeError } from '../../src/runtime/errors.js'
import type { Codec } from '../../src/grammar/codec.js'
import { fromHex } from '../../src/testing/index.js'

function decodeError<A>(codec: Codec<A>, hex: string): DecodeError {
  const result = decode(codec, fromHex(hex))
  if (E.isRight(result)) throw new Error('expected a failure')
  return result.left
}

/** The column of the caret line's `^^`, and the column of byte `index`'s hex in its row. */
function caretColumn(lines: string[]): number {
  const caret = lines.find((line) => line.trim() === '^^')
  if (caret === undefined) throw new Error('no caret line')
  return caret.indexOf('^^')
}

describe('formatPath', () => {
  it('renders keys and indices', () => {
    expect(formatPath([])).toBe('(root)')
    expect(formatPath(['payload', 'readings', 2, 'unit'])).toBe('payload.readings[2].unit')
    expect(formatPath([0, 'a'])).toBe('[0].a')
  })
})

describe('hexDump', () => {
  it('puts the caret under the bad byte', () => {
    const input = fromHex('5a a5 02')
    const lines = hexDump(input, 1)
    expect(lines[0]).toBe('  0000  5a a5 02' + ' '.repeat(16 * 3 - 1 - 8) + '  Z..')
    expect(lines[0]?.slice(caretColumn(lines), caretColumn(lines) + 2)).toBe('a5')
  })
  it('shows the row before and after, and finds the row of a later offset', () => {
    const input = Uint8Array.from({ length: 64 }, (_, i) => i)
    const lines = hexDump(input, 0x25)
    expect(lines.map((l) => l.slice(2, 6)).filter((l) => l.trim() !== '')).toEqual(['0010', '0020', '0030'])
    const row = lines[lines.findIndex((l) => l.trim() === '^^') - 1] as string
    expect(row.startsWith('  0020')).toBe(true)
    expect(row.slice(caretColumn(lines), caretColumn(lines) + 2)).toBe('25')
  })
  it('puts the caret just past the end for an offset at the end of the input', () => {
    const input = Uint8Array.from({ length: 16 }, (_, i) => 0x41 + i)
    const lines = hexDump(input, 16)
    expect(lines.at(-2)?.startsWith('  0010')).toBe(true)
    expect(caretColumn(lines)).toBe(8)
    expect(hexDump(fromHex('01 02'), 2).at(-1)?.indexOf('^^')).toBe(8 + 2 * 3)
  })
  it('handles an empty input', () => {
    expect(hexDump(new Uint8Array(0), 0)).toHaveLength(2)
  })
})

describe('formatError', () => {
  it('renders an invalid error with expected, found and a caret at the offset', () => {
    const unit = enumeration(u8, { celsius: 0, percent: 1 })
    const input = '00 07 09'
    const text = formatError(decodeError(struct({ id: u16be, unit }), input), fromHex(input))
    const lines = text.split('\n')
    expect(lines[0]).toBe('invalid at unit, offset 2: unknown code 9')
    expect(lines[1]).toBe('  expected: one of 0 (celsius), 1 (percent)')
    expect(lines[2]).toBe('  found:    9')
    expect(lines[3]?.slice(caretColumn(lines), caretColumn(lines) + 2)).toBe('09')
  })
  it('renders checksum, incomplete and trailing errors', () => {
    expect(formatError(decodeError(checksummed(u8, sum8, u8), '05 06'))).toContain('SUM-8: expected 0x5, found 0x6')
    expect(formatError(decodeError(u16be, '01'))).toContain('needs at least 1 more byte(s)')
    expect(formatError(decodeError(u8, '01 02'))).toBe('trailing at (root), offset 1: 1 byte(s) left after the value')
  })
  it('indents each alternative of a no-match', () => {
    const detect = oneOf(named('a', marker(constant(u8, 1))), named('b', marker(constant(u8, 2))))
    const text = formatError(decodeError(detect, '03'))
    expect(text.split('\n').slice(1)).toEqual([
      '  a: invalid at (root), offset 0: expected constant 01',
      '      expected: 01',
      '      found:    03',
      '  b: invalid at (root), offset 0: expected constant 02',
      '      expected: 02',
      '      found:    03',
    ])
  })
  it('renders an encode error with its path', () => {
    const result = encode(struct({ a: u8 }), { a: 300 })
    if (E.isRight(result)) throw new Error('expected a failure')
    expect(formatError(result.left)).toBe('cannot encode range at a: 300 is outside 0..255')
  })
})
