import { describe, expect, test } from 'vitest'
import { wiresharkDissector } from '../../src/dissector/wireshark.js'
import { filterName, luaNumber, luaString, valueStringTable } from '../../src/dissector/lua-text.js'
import { array, bits, bytes, checksummed, constant, dependent, imap, marker, named, oneOf, rest, sized, struct, u16be, u8, uint } from '../../combinators/index.js'
import { telemetry } from '../../protocols/index.js'

describe('Lua text', () => {
  test('strings, numbers, filter names and value strings', () => {
    expect(luaString('a"b\\c\n\u00e9')).toBe('"a\\"b\\\\c\\010\\195\\169"')
    expect([luaNumber(5), luaNumber(1.5), luaNumber(-3n), luaNumber(Number.NaN), luaNumber(Infinity), luaNumber(-Infinity)]).toEqual(['5', '1.5', '-3', '(0/0)', 'math.huge', '-math.huge'])
    expect([filterName('tlm.payload[i].x'), filterName('a b..c.'), filterName('..'), filterName('ümlaut')]).toEqual(['tlm.payload_i_.x', 'a_b.c', '_', '_mlaut'])
    expect(valueStringTable(new Map([[1, 'one'], [2, 'two "2"']]))).toBe('{ [1] = "one", [2] = "two \\"2\\"" }')
  })
})

describe('wiresharkDissector', () => {
  test('a named grammar is its own protocol; markers give a heuristic, a port gives a registration', () => {
    const dissector = wiresharkDissector(telemetry)
    expect(dissector.protocols).toEqual(['tlm'])
    expect(dissector.lua).toContain('DISPATCH:register_heuristic("tcp", heuristic())')
    expect(dissector.lua).not.toContain('DissectorTable.get')
    expect(dissector.fields.find((f) => f.filter === 'tlm.type')).toMatchObject({ role: 'head', type: 'uint8' })
    expect(dissector.fields.find((f) => f.filter === 'tlm.payload.length')).toMatchObject({ role: 'length' })
  })

  test('without markers there is no heuristic (only --port); unknown checksums are shown unverified', () => {
    const plain = struct({ n: u8, body: sized(u8, rest) })
    const noMarker = wiresharkDissector(plain, { name: 'plain' })
    expect(noMarker.lua).toMatch(/local marked = true[\s\S]*marked = marked and root\.marked/)
    expect(noMarker.lua).toContain('marked = false,')
    const home = { name: 'HOME-SUM', width: 8 as const, compute: () => 0 }
    const odd = wiresharkDissector(checksummed(struct({ a: u8 }), home, u8), { name: 'odd' })
    expect(odd.notes).toEqual(['crc: checksum HOME-SUM has no Lua form; shown unverified'])
    expect(odd.lua).toContain(', 2):set_generated()')
  })

  test('a nested oneOf without markers is tried in order, and mapped heads and fixed regions are handled', () => {
    const inner = oneOf(named('a', struct({ m: marker(constant(u8, 1)), x: u8 })), named('b', struct({ y: u16be })))
    const head = imap(u8, (n) => n * 2, (n: number) => n / 2)
    const grammar = struct({
      choice: inner,
      pair: array(2, struct({ p: u8 })),
      fixed: sized(3, bytes(3)),
      flags: bits({ high: uint(4), low: uint(4) }),
      body: dependent(head, { 2: struct({ two: u8 }) }, () => 2),
    })
    const dissector = wiresharkDissector(grammar, { name: 'nest' })
    expect(dissector.notes).toEqual([
      'body.tag: a mapped value is used as a length, count or head; the dissector uses the wire value',
    ])
    expect(dissector.fields.map((f) => f.filter)).toContain('nest.choice.value.x')
    // The alternative's name is a generated field, like the `protocol` of oxwire's value.
    expect(dissector.fields.find((f) => f.filter === 'nest.choice.protocol')).toMatchObject({ type: 'string', role: 'value' })
    expect(dissector.lua).toContain('pcall(D[')
    expect(dissector.fields.find((f) => f.filter === 'nest.flags.high')?.type).toBe('uint8')
  })

  test('fields of the same name and another type get a suffix', () => {
    const grammar = dependent(u8, { 1: struct({ v: u8 }), 2: struct({ v: u16be }) }, (v: { v: number }) => (v.v > 255 ? 2 : 1))
    const dissector = wiresharkDissector(grammar, { name: 'clash' })
    expect(dissector.fields.map((f) => [f.filter, f.type])).toEqual([
      ['clash.tag', 'uint8'],
      ['clash.v', 'uint8'],
      ['clash.v_2', 'uint16'],
    ])
  })
})
