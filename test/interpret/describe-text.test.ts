import { expect, test } from 'vitest'
import { describe } from '../../src/index.js'
import { fixedString, padded, rest, stringz, struct, terminated, text, u32le, untilLast, varBytes, u8 } from '../../combinators/index.js'

test('describe: text forms name their encoding, terminator and pad; untilLast its reserve', () => {
  const rows = describe(struct({
    name: stringz('latin1'),
    label: fixedString(8, 'utf16be'),
    code: text(varBytes(u8), 'ascii'),
    raw: terminated(0x0a),
    pad: padded(4, 0x20),
    data: untilLast(8, rest),
    crc: u32le,
    size: u32le,
  }))
  expect(rows.map((r) => `${r.offset} | ${r.size} | ${r.path} | ${r.type} | ${r.rule}`)).toEqual([
    '0 | variable (up to the terminator 0x00) | name | latin1 | valid Latin-1 (ISO-8859-1) text; ends at the first 0x00, which is consumed and not part of the value',
    '0 + size(name) | 8 | label | utf16be | valid UTF-16BE text; filled up with 0x0000, trimmed on decode',
    '8 + size(name) | 1 | code.length | u8 | byte length of code',
    '9 + size(name) | variable (code.length) | code | ascii | valid ASCII text',
    '9 + size(name) + code.length | variable (up to the terminator 0x0A) | raw | bytes | ends at the first 0x0A, which is consumed and not part of the value',
    '9 + size(name) + code.length + size(raw) | 4 | pad | bytes | filled up with 0x20, trimmed on decode',
    '13 + size(name) + code.length + size(raw) | variable (all but the last 8 byte(s) of the region) | data | bytes | any bytes',
    '13 + size(name) + code.length + size(raw) + size(data) | 4 | crc | u32le | any',
    '17 + size(name) + code.length + size(raw) + size(data) | 4 | size | u32le | any',
  ])
})
