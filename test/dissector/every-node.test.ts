import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { isRight } from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { encode } from '../../src/api.js'
import { wiresharkDissector } from '../../src/dissector/wireshark.js'
import {
  array, bitConstant, bits, bytes, checksummed, constant, crc8Smbus, custom, dependentOpen, enumeration, f32be, f64le, flag, i16le, i32be, i64le,
  imap, inline, internetChecksum, many, marker, named, oneOf, range, refine, rest, sized, struct, sum8, tagged, u16be, u16le, u32le, u64be, u8,
  uint, uleb128, utf8, varBytes, xor8,
} from '../../combinators/index.js'
import { systemTool } from '../helpers/system-tool.js'
import { compare, layerFields, pdus } from './tshark-json.js'

const tshark = systemTool('tshark', 'tshark')
const text2pcap = systemTool('text2pcap', 'tshark')
const run = promisify(execFile)

const opaque = custom<Uint8Array>({
  name: 'opaque3',
  decode: (state) => (state.has(3) ? state.bytes.slice(state.pos, (state.pos += 3)) : new Uint8Array(0)),
  encode: (state, value) => {
    state.reserve(3)
    state.bytes.set(value, state.pos)
    state.pos += 3
  },
  size: { min: 3, max: 3 },
})

const shape = dependentOpen(
  u8,
  {
    1: tagged('kind', 'circle', struct({ radius: u16le })),
    2: tagged('kind', 'square', struct({ side: f32be })),
  },
  (code: number) => imap(varBytes(u8), (raw) => ({ kind: 'other' as const, code, raw }), (v: { raw: Uint8Array }) => v.raw),
  (v: { kind: string; code?: number }) => (v.kind === 'circle' ? 1 : v.kind === 'square' ? 2 : (v.code as number)),
  { name: 'shape' },
)

const alt = oneOf(named('ping', struct({ m: marker(constant(u8, 0xaa)), n: u8 })), named('pong', struct({ m: marker(constant(u8, 0xbb)), big: u64be })))

/** Every node kind the dissector generator knows, in one frame. */
const everything = checksummed(
  struct({
    magic: marker(constant(u16be, 0xfeed)),
    flags: bits({ version: bitConstant(3, 5, { marker: true }), on: flag, level: uint(4) }),
    small: i16le,
    medium: range(i32be, -1000, 1000),
    huge: range(i64le, -5n, 5n),
    ratio: f64le,
    varint: uleb128(5),
    colour: enumeration(u8, { red: 1, green: 2 }),
    even: refine(u8, (n) => n % 2 === 0, 'an even number'),
    name: sized(u16be, utf8(rest)),
    fixed: bytes(2),
    inner: struct({ a: u8, b: u32le }),
    merged: inline(struct({ c: u8 })),
    points: array(2, u8),
    shapes: array(u8, shape),
    tail: sized(u8, many(u16be)),
    sums: checksummed(struct({ x: u8, y: u8 }), sum8, u8),
    xors: checksummed(struct({ z: u8 }), xor8, u8),
    inet: checksummed(struct({ w: u16be }), internetChecksum, u16be),
    choice: alt,
    blob: opaque,
  }),
  crc8Smbus,
  u8,
)

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-every-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const value = {
  flags: { on: true, level: 9 },
  small: -2,
  medium: -999,
  huge: -5n,
  ratio: 2.5,
  varint: 2 ** 33 + 5,
  colour: 'green' as const,
  even: 4,
  name: 'grüße',
  fixed: Uint8Array.of(1, 2),
  inner: { a: 7, b: 123456 },
  c: 3,
  points: [9, 8],
  shapes: [{ kind: 'circle' as const, radius: 5 }, { kind: 'square' as const, side: 1.5 }, { kind: 'other' as const, code: 9, raw: Uint8Array.of(4, 5) }],
  tail: [1, 2, 3],
  sums: { x: 200, y: 100 },
  xors: { z: 77 },
  inet: { w: 0x1234 },
  choice: { protocol: 'pong' as const, value: { big: 2n ** 60n } },
  blob: Uint8Array.of(7, 7, 7),
}

describe('the dissector of a grammar with every node kind', () => {
  const dissector = wiresharkDissector(everything, { name: 'every', port: 47200 })

  test('fields have Wireshark types, masks and value strings; what it cannot do is said', () => {
    const byName = new Map(dissector.fields.map((f) => [f.filter, f]))
    expect(byName.get('every.magic')).toMatchObject({ type: 'uint16', role: 'constant' })
    expect(byName.get('every.flags.on')).toMatchObject({ type: 'bool', role: 'value' })
    expect(byName.get('every.flags.version')).toMatchObject({ type: 'uint8', role: 'constant' })
    expect(byName.get('every.small')?.type).toBe('int16')
    expect(byName.get('every.huge')?.type).toBe('int64')
    expect(byName.get('every.ratio')?.type).toBe('double')
    expect(byName.get('every.varint')?.type).toBe('uint64')
    expect(byName.get('every.colour')?.valueStrings).toEqual(new Map([[1, 'red'], [2, 'green']]))
    expect(byName.get('every.name')?.type).toBe('string')
    expect(byName.get('every.name.length')?.role).toBe('length')
    expect(byName.get('every.shapes.count')?.role).toBe('count')
    expect(byName.get('every.shapes.shape')).toMatchObject({ role: 'head', valueStrings: new Map([[1, 'circle'], [2, 'square']]) })
    expect(byName.get('every.sums.crc.status')?.role).toBe('checksum-status')
    expect(byName.get('every.choice.value.big')?.type).toBe('uint64')
    expect(byName.get('every.blob')?.type).toBe('bytes')
    expect(dissector.notes).toEqual([
      'even: refine(an even number) is not checked by the dissector',
      'blob: custom codec opaque3 cannot be dissected; shown as bytes',
    ])
    expect(dissector.lua).toContain('DissectorTable.get("udp.port"):add(47200, DISPATCH)')
  })

  test.skipIf(tshark === undefined || text2pcap === undefined)('tshark shows every value of an encoded frame', async () => {
    const encoded = encode(everything, value)
    if (!isRight(encoded)) throw new Error(encoded.left.message)
    const frame = encoded.right
    // text2pcap (from Wireshark) wraps the bytes in Ethernet/IPv4/UDP to port 47200.
    const dump = [...frame].map((b, i) => `${i % 16 === 0 ? `${i === 0 ? '' : '\n'}${i.toString(16).padStart(6, '0')} ` : ''}${b.toString(16).padStart(2, '0')} `).join('') + '\n'
    await writeFile(join(dir, 'frame.txt'), dump)
    await run(text2pcap as string, ['-q', '-u', '40000,47200', join(dir, 'frame.txt'), join(dir, 'frame.pcap')])
    await writeFile(join(dir, 'every.lua'), dissector.lua)
    const { stdout, stderr } = await run(tshark as string, ['-n', '-r', join(dir, 'frame.pcap'), '-X', `lua_script:${join(dir, 'every.lua')}`, '-T', 'json', '--no-duplicate-keys'], {
      env: { ...process.env, HOME: dir },
      maxBuffer: 16 << 20,
    })
    expect(stderr).not.toMatch(/Lua: Error|lua_script/)
    const layers = pdus(JSON.parse(stdout), 'every')
    expect(layers).toHaveLength(1)
    const layer = layerFields(layers[0], 'every')
    const result = compare(layer, value, 'every', dissector.fields)
    expect(result.mismatches).toEqual([])
    // Discriminants and map-made parts are not wire fields; the oneOf's name is a generated one.
    expect(result.decodedOnly.sort()).toEqual(['shapes.code', 'shapes.kind', 'shapes.raw'])
    expect(layer.get('every.choice.protocol')).toEqual(['pong'])
    expect(layer.get('every.c')).toEqual(['3']) // inlined: merged into the frame
    expect(layer.get('every.choice.value.big')).toEqual([(2n ** 60n).toString()])
    expect(layer.get('every.shapes')).toEqual(['04:05'])
    expect(layer.get('every.crc.status')).toEqual(['1'])
    expect(layer.get('every.sums.crc.status')).toEqual(['1'])
    expect(layer.get('every.xors.crc.status')).toEqual(['1'])
    expect(layer.get('every.inet.crc.status')).toEqual(['1'])
  }, 60_000)
})
