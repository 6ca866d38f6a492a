import { describe as group, expect, test } from 'vitest'
import { describe, describeMarkdown, withLayout, type LayoutRow } from '../../src/index.js'
import {
  array, bytes, constant, custom, dependent, dependentOpen, enumeration, f32le, i64be, imap, many, marker, named, oneOf, range, refine,
  rest, sized, struct, u16be, u16le, u64le, u8, uleb128, utf8, varBytes,
} from '../../combinators/index.js'
import { eventRecord, telemetry } from '../../protocols/index.js'

function brief(rows: readonly LayoutRow[]): string[] {
  return rows.map((r) => `${r.offset} | ${r.size} | ${r.path} | ${r.type}${r.when === undefined ? '' : ` | ${r.when}`}`)
}

group('describe on the protocols', () => {
  test('TLM: header at fixed offsets, payload rows per type, CRC after the payload', () => {
    const rows = describe(telemetry)
    expect(brief(rows)).toEqual([
      '0 | 2 | magic | u16be',
      '2 | 1 | version | u8',
      '3 | 1 | type | u8',
      '4 | 2 | seq | u16be',
      '6 | 4 | timestamp | u32be',
      '10 | 2 | payload.length | u16be | type = heartbeat',
      '12 | 4 | payload.uptime | u32be | type = heartbeat',
      '16 | 1 | payload.status | u8 | type = heartbeat',
      '10 | 2 | payload.length | u16be | type = reading',
      '12 | 2 | payload.sensorId | u16be | type = reading',
      '14 | 1 | payload.unit | u8 | type = reading',
      '15 | 8 | payload.value | f64be | type = reading',
      '10 | 2 | payload.length | u16be | type = log',
      '12 | 1 | payload.level | u8 | type = log',
      '13 | 2 | payload.message.length | u16be | type = log',
      '15 | variable (payload.message.length) | payload.message | utf8 | type = log',
      '10 | 2 | payload.length | u16be | type = batch',
      '12 | 1 | payload.readings.count | u8 | type = batch',
      'payload.readings[i] | 2 | payload.readings[i].sensorId | u16be | type = batch',
      'payload.readings[i] + 2 | 1 | payload.readings[i].unit | u8 | type = batch',
      'payload.readings[i] + 3 | 8 | payload.readings[i].value | f64be | type = batch',
      '12 + payload.length | 2 | crc | u16be',
    ])
    const byPath = (path: string): LayoutRow => rows.find((r) => r.path === path) as LayoutRow
    expect(byPath('magic')).toMatchObject({ rule: 'must be 0x5AA5 (bytes 5A A5) (detection marker)', values: ['0x5AA5'], byteOrder: 'big' })
    expect(byPath('type')).toMatchObject({ values: ['1 heartbeat', '2 reading', '3 log', '4 batch'], byteOrder: undefined })
    expect(byPath('type').rule).toContain('anything else is invalid')
    expect(rows[5]?.rule).toBe('byte length of payload, 0..1024; must be 5')
    expect(byPath('crc').rule).toBe('CRC-16/CCITT-FALSE of bytes 0 up to the byte before crc')
  })

  test('EVR: bit fields, body length named after the region, TLV rows per tag, unknown tags', () => {
    const rows = describe(eventRecord)
    expect(rows.slice(0, 10).map((r) => [r.offset, r.size, r.path, r.rule])).toEqual([
      [0, 1, 'sync', 'must be 0xB5 (detection marker)'],
      [1, '4 bits (7..4)', 'flags.version', 'must be 2 (detection marker)'],
      [1, '1 bit (3)', 'flags.reserved', 'must be 0'],
      [1, '1 bit (2)', 'flags.urgent', 'boolean'],
      [1, '1 bit (1)', 'flags.retransmit', 'boolean'],
      [1, '1 bit (0)', 'flags.ackRequested', 'boolean'],
      [2, 2, 'body.length', 'byte length of body, 12..4096'],
      [4, 8, 'deviceId', 'any'],
      [12, 4, 'eventId', 'any'],
      [16, 'variable (body.length minus the fields before it)', 'fields', 'zero or more items, one after another'],
    ])
    expect(rows.find((r) => r.path === 'fields[i].percent')).toMatchObject({ rule: '0..100', when: 'fields[i].tag = 2 (humidity)', offset: 'fields[i] + 1 + size(fields[i].length)' })
    expect(rows.filter((r) => r.when === 'fields[i].tag = other (unknown)').map((r) => r.type)).toEqual(['uleb128', 'bytes'])
    expect(rows.find((r) => r.path === 'fields[i].tag')?.rule).toBe(
      'selects what follows: 1 temperature, 2 humidity, 3 label, 4 location; any other value: unknown',
    )
    expect(rows.at(-1)).toMatchObject({ path: 'crc', offset: '4 + body.length', size: 4, type: 'u32le', byteOrder: 'little' })
  })
})

group('describe on other shapes', () => {
  test('numbers, bigints, floats, refinements, varints and fixed bytes', () => {
    const rows = describe(struct({
      id: refine(u16le, (n) => n > 0, 'must not be 0'),
      big: i64be,
      ratio: f32le,
      hops: uleb128(3),
      tag: bytes(4),
      after: u8,
    }))
    expect(rows.map((r) => [r.offset, r.size, r.type, r.rule])).toEqual([
      [0, 2, 'u16le', 'must not be 0'],
      [2, 8, 'i64be', 'any'],
      [10, 4, 'f32le', 'any'],
      [14, '1..3', 'uleb128', 'LEB128, minimal encoding, at most 3 byte(s)'],
      ['14 + size(hops)', 4, 'bytes', 'any bytes'],
      ['18 + size(hops)', 1, 'u8', 'any'],
    ])
  })

  test('fixed-count arrays, counted arrays of variable items, many, fixed regions and rest', () => {
    const rows = describe(struct({
      pair: array(2, u16be),
      names: array(range(u8, 1, 5), utf8(varBytes(u8))),
      block: sized(6, many(u16le)),
      tail: rest,
    }))
    expect(brief(rows)).toEqual([
      'pair[i] | 2 | pair[i] | u16be',
      '4 | 1 | names.count | u8',
      'names[i] | 1 | names[i].length | u8',
      'names[i] + 1 | variable (names[i].length) | names[i] | utf8',
      '5 + size(names) | 6 | block | repeated',
      'block[i] | 2 | block[i] | u16le',
      '11 + size(names) | variable (rest of the region) | tail | bytes',
    ])
    expect(rows[1]?.rule).toBe('number of items of names, 1..5')
  })

  test('a map of a non-number, a marker around a struct, a oneOf, a custom codec', () => {
    const bcd = custom<number>({ name: 'bcd8', size: { min: 1, max: 1 }, decode: () => 0, encode: () => undefined })
    const opaque = custom<Uint8Array>({ name: 'blob', size: { min: 1, max: 9 }, decode: () => new Uint8Array(0), encode: () => undefined })
    const a = named('a', struct({ m: marker(constant(u8, 1)), v: bcd }))
    const b = named('b', struct({ m: marker(constant(u8, 2)), v: imap(struct({ x: u8 }), (s) => s.x, (x) => ({ x })), blob: opaque }))
    const rows = describe(struct({ msg: oneOf(a, b), end: u8 }))
    expect(brief(rows)).toEqual([
      '0 | 1 | msg.m | u8 | protocol = a',
      '1 | 1 | msg.v | bcd8 | protocol = a',
      '0 | 1 | msg.m | u8 | protocol = b',
      '1 | 1 | msg.v.x | u8 | protocol = b',
      '2 | variable (1..9) | msg.blob | blob | protocol = b',
      '0 + size(msg) | 1 | end | u8',
    ])
    // Alternatives that end alike give a fixed end.
    const c = named('c', struct({ m: marker(constant(u8, 3)), v: bcd }))
    expect(brief(describe(struct({ msg: oneOf(a, c), end: u8 }))).at(-1)).toBe('2 | 1 | end | u8')
  })

  test('a dependent part with a numeric head whose cases differ in size, and a closed head', () => {
    const shape = dependent(u8, { 1: struct({ r: u16be }), 2: struct({ w: u16be, h: u16be }) }, (v) => ('r' in v ? 1 : 2), { name: 'kind' })
    const rows = describe(struct({ shape, after: u8 }))
    expect(brief(rows)).toEqual([
      '0 | 1 | shape.kind | u8',
      '1 | 2 | shape.r | u16be | shape.kind = 1',
      '1 | 2 | shape.w | u16be | shape.kind = 2',
      '3 | 2 | shape.h | u16be | shape.kind = 2',
      '1 + size(shape.kind body) | 1 | after | u8',
    ])
    expect(rows[0]).toMatchObject({ rule: 'selects what follows: 1, 2; anything else is invalid', values: ['1', '2'] })
  })

  test('a length prefix that is a varint pushes later offsets by its size', () => {
    const rows = describe(struct({ data: sized(uleb128(2), rest), n: u8 }))
    expect(brief(rows)).toEqual([
      '0 | 1..2 | data.length | uleb128',
      '0 + size(data.length) | variable (data.length) | data | bytes',
      '0 + size(data.length) + data.length | 1 | n | u8',
    ])
  })
})

group('describeMarkdown and withLayout', () => {
  test('a table with the conditional column only when needed, pipes escaped', () => {
    expect(describeMarkdown(struct({ id: u16le, flags: refine(u8, () => true, 'a | b') }))).toBe([
      '| offset | size | field | type | rule |',
      '|-------:|-----:|-------|------|------|',
      '| 0 | 2 | id | u16le | any |',
      '| 2 | 1 | flags | u8 | a \\| b |',
    ].join('\n'))
    const union = dependent(enumeration(u8, { x: 1, y: 2 }), { x: struct({ v: u8 }), y: struct({ w: u16be }) }, (v) => ('v' in v ? 'x' : 'y'))
    expect(describeMarkdown(union).split('\n')[0]).toBe('| offset | size | field | type | rule | present when |')
    expect(describeMarkdown(union).split('\n')[2]).toContain('| always |')
    expect(describeMarkdown(u8).split('\n')[2]).toBe('| 0 | 1 | (value) | u8 | any |')
  })

  test('withLayout replaces only the text between the markers', () => {
    const doc = '# Spec\n\n<!-- layout:begin -->\nstale\n<!-- layout:end -->\n\nmore'
    const updated = withLayout(doc, u8) as string
    expect(updated.startsWith(`# Spec\n\n<!-- layout:begin -->\n${describeMarkdown(u8)}\n\nGenerated from the grammar`)).toBe(true)
    expect(updated.endsWith('\n<!-- layout:end -->\n\nmore')).toBe(true)
    expect(updated).not.toContain('stale')
    expect(withLayout(withLayout(doc, u8) as string, u8)).toBe(withLayout(doc, u8))
    expect(withLayout('# no markers', u8)).toBeUndefined()
  })
})

group('describe on edge shapes', () => {
  test('a byte-string constant, a refinement of bytes, an open union with no spare head', () => {
    const open = dependentOpen(range(u8, 0, 1), { 0: struct({ a: u8 }), 1: struct({ b: u16be }) }, () => struct({ c: u8 }), (v) => ('a' in v ? 0 : 1))
    const rows = describe(struct({
      magic: constant(bytes(2), Uint8Array.of(0xca, 0xfe)),
      note: refine(varBytes(u8), (b) => b.length < 9, 'short'),
      open,
    }))
    expect(rows[0]).toMatchObject({ type: 'bytes', rule: 'must be bytes CA FE', values: ['CA FE'] })
    expect(rows.map((r) => r.path)).toEqual(['magic', 'note.length', 'note', 'open.tag', 'open.a', 'open.b'])
    expect(rows[3]?.rule).toBe('selects what follows: 0, 1; any other value: see the rows for other values')
  })

  test('a count prefix with a marker and a bigint range', () => {
    const rows = describe(struct({ items: array(marker(range(u8, 0, 3)), u8), id: range(u64le, 1n, 9n) }))
    expect(rows.map((r) => r.rule)).toEqual(['number of items of items, 0..3', 'any', '1..9'])
  })
})
