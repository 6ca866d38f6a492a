// The dissector of 24-bit integers and of signed, least-significant-bit-first
// and 64-bit bit fields, checked against tshark running the generated Lua.
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { isRight } from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { encode } from '../../src/api.js'
import { wiresharkDissector } from '../../src/dissector/wireshark.js'
import { bitConstant, bits, bytes, flag, i24be, i24le, int, ref, struct, u24be, u24le, uint } from '../../combinators/index.js'
import { systemTool } from '../helpers/system-tool.js'
import { compare, layerFields, pdus } from './tshark-json.js'

const tshark = systemTool('tshark', 'tshark')
const text2pcap = systemTool('text2pcap', 'tshark')
const run = promisify(execFile)

const grammar = struct({
  a: u24be,
  b: u24le,
  c: i24be,
  d: i24le,
  msb: bits({ sync: bitConstant(3, 5), dx: int(5), dy: int(4), n: uint(4) }),
  lsb: bits({ final: flag, type: uint(2), step: int(6), tag: bitConstant(3, 6), len: uint(12) }, { bitOrder: 'lsb' }),
  wide: bits({ v: bitConstant(4, 9), big: uint(60) }),
  wideLsb: bits({ s: int(56), k: uint(8) }, { bitOrder: 'lsb' }),
  // A count in an lsb-first group next to a signed field, read by a reference.
  cnt: bits({ n: uint(3), s: int(5) }, { bitOrder: 'lsb' }),
  data: bytes(ref('n')),
})

const value = {
  a: 0xabcdef,
  b: 0x123456,
  c: -5,
  d: -8388608,
  msb: { dx: -16, dy: 7, n: 3 },
  lsb: { final: true, type: 2, step: -32, len: 0xabc },
  wide: { big: 2n ** 59n + 3n },
  wideLsb: { s: -(2n ** 40n), k: 200 },
  cnt: { n: 2, s: -3 },
  data: Uint8Array.of(7, 8),
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-wide-bits-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('the dissector of 24-bit integers and wide, signed, lsb-first bit fields', () => {
  const dissector = wiresharkDissector(grammar, { name: 'wide', port: 47210 })

  test('uses uint24/int24, signed masked fields, and 64-bit values cut with UInt64', () => {
    const byName = new Map(dissector.fields.map((f) => [f.filter, f]))
    expect(byName.get('wide.a')?.type).toBe('uint24')
    expect(byName.get('wide.c')?.type).toBe('int24')
    expect(byName.get('wide.msb.dx')?.type).toBe('int16')
    expect(byName.get('wide.lsb.len')?.type).toBe('uint24')
    expect(byName.get('wide.wide.big')?.type).toBe('uint64')
    expect(byName.get('wide.wideLsb.s')?.type).toBe('int64')
    expect(dissector.lua).toContain('UInt64.new(')
    expect(dissector.lua).toContain('add_le(')
    expect(dissector.notes).toEqual([])
  })

  test.skipIf(tshark === undefined || text2pcap === undefined)('tshark shows the values oxwire decodes', async () => {
    const encoded = encode(grammar, value)
    if (!isRight(encoded)) throw new Error(encoded.left.message)
    const frame = encoded.right
    const dump = [...frame].map((b, i) => `${i % 16 === 0 ? `${i === 0 ? '' : '\n'}${i.toString(16).padStart(6, '0')} ` : ''}${b.toString(16).padStart(2, '0')} `).join('') + '\n'
    await writeFile(join(dir, 'frame.txt'), dump)
    await run(text2pcap as string, ['-q', '-u', '40000,47210', join(dir, 'frame.txt'), join(dir, 'frame.pcap')])
    await writeFile(join(dir, 'wide.lua'), dissector.lua)
    const { stdout, stderr } = await run(tshark as string, ['-n', '-r', join(dir, 'frame.pcap'), '-X', `lua_script:${join(dir, 'wide.lua')}`, '-T', 'json', '--no-duplicate-keys'], {
      env: { ...process.env, HOME: dir },
      maxBuffer: 16 << 20,
    })
    expect(stderr).not.toMatch(/Lua: Error|lua_script/)
    const layers = pdus(JSON.parse(stdout), 'wide')
    expect(layers).toHaveLength(1)
    const layer = layerFields(layers[0], 'wide')
    const result = compare(layer, value, 'wide', dissector.fields)
    expect(result.mismatches).toEqual([])
    expect(result.decodedOnly).toEqual([])
    expect(result.compared).toBe(17)
    // A wrong constant (the lsb group's tag, bits 9..11) is reported as malformed.
    const broken = Uint8Array.from(frame)
    broken[15] = (broken[15] as number) ^ 0x02
    const dump2 = [...broken].map((b, i) => `${i % 16 === 0 ? `${i === 0 ? '' : '\n'}${i.toString(16).padStart(6, '0')} ` : ''}${b.toString(16).padStart(2, '0')} `).join('') + '\n'
    await writeFile(join(dir, 'broken.txt'), dump2)
    await run(text2pcap as string, ['-q', '-u', '40000,47210', join(dir, 'broken.txt'), join(dir, 'broken.pcap')])
    const second = await run(tshark as string, ['-n', '-r', join(dir, 'broken.pcap'), '-X', `lua_script:${join(dir, 'wide.lua')}`, '-V'], { env: { ...process.env, HOME: dir }, maxBuffer: 16 << 20 })
    expect(second.stdout).toContain('lsb.tag: expected 6')
  }, 60_000)
})
