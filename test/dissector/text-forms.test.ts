import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { isRight } from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { encode } from '../../src/api.js'
import { wiresharkDissector } from '../../src/dissector/wireshark.js'
import { fixedString, padded, rest, stringz, struct, terminated, text, u16be, u32le, untilLast, varBytes, u8 } from '../../combinators/index.js'
import { systemTool } from '../helpers/system-tool.js'
import { layerFields, pdus } from './tshark-json.js'

const tshark = systemTool('tshark', 'tshark')
const text2pcap = systemTool('text2pcap', 'tshark')
const run = promisify(execFile)

const grammar = struct({
  latin: stringz('latin1'),
  wide: stringz('utf16be'),
  little: text(varBytes(u8), 'utf16le'),
  code: fixedString(6, 'ascii'),
  raw: terminated(0x0a),
  pad: padded(3, 0xff),
  data: untilLast(6, rest),
  crc: u32le,
  tail: u16be,
})
const value = { latin: 'café', wide: 'Ω!', little: 'ok', code: 'ab', raw: Uint8Array.of(1, 2), pad: Uint8Array.of(7), data: Uint8Array.of(9, 8, 7), crc: 0xdeadbeef, tail: 5 }

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-text-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('the dissector of text forms and untilLast', () => {
  const dissector = wiresharkDissector(grammar, { name: 'texts', port: 47210 })

  test('zero-terminated text is a stringz field in its Wireshark encoding', () => {
    const byName = new Map(dissector.fields.map((f) => [f.filter, f]))
    expect(byName.get('texts.latin')?.type).toBe('stringz')
    expect(byName.get('texts.wide')?.type).toBe('stringz')
    expect(byName.get('texts.little')?.type).toBe('string')
    expect(byName.get('texts.raw')?.type).toBe('bytes')
    expect(dissector.lua).toContain('ENC_ISO_8859_1')
    expect(dissector.lua).toContain('ENC_UTF_16 + ENC_BIG_ENDIAN')
    expect(dissector.lua).toContain('ENC_UTF_16 + ENC_LITTLE_ENDIAN')
    expect(dissector.lua).toContain('ENC_ASCII')
  })

  test.skipIf(tshark === undefined || text2pcap === undefined)('tshark shows every text and the region before the trailer', async () => {
    const encoded = encode(grammar, value)
    if (!isRight(encoded)) throw new Error(encoded.left.message)
    const dump = [...encoded.right].map((b, i) => `${i % 16 === 0 ? `${i === 0 ? '' : '\n'}${i.toString(16).padStart(6, '0')} ` : ''}${b.toString(16).padStart(2, '0')} `).join('') + '\n'
    await writeFile(join(dir, 'frame.txt'), dump)
    await run(text2pcap as string, ['-q', '-u', '40000,47210', join(dir, 'frame.txt'), join(dir, 'frame.pcap')])
    await writeFile(join(dir, 'texts.lua'), dissector.lua)
    const { stdout, stderr } = await run(tshark as string, ['-n', '-r', join(dir, 'frame.pcap'), '-X', `lua_script:${join(dir, 'texts.lua')}`, '-T', 'json', '--no-duplicate-keys'], {
      env: { ...process.env, HOME: dir },
      maxBuffer: 16 << 20,
    })
    expect(stderr).not.toMatch(/Lua: Error|lua_script/)
    const layers = pdus(JSON.parse(stdout), 'texts')
    expect(layers).toHaveLength(1)
    const layer = layerFields(layers[0], 'texts')
    expect(layer.get('texts.latin')).toEqual(['café'])
    expect(layer.get('texts.wide')).toEqual(['Ω!'])
    expect(layer.get('texts.little')).toEqual(['ok'])
    expect(layer.get('texts.code')).toEqual(['ab'])
    expect(layer.get('texts.raw')).toEqual(['01:02'])
    expect(layer.get('texts.data')).toEqual(['09:08:07'])
    expect(layer.get('texts.crc')).toEqual([String(0xdeadbeef)])
    expect(layer.get('texts.tail')).toEqual(['5'])
  }, 60_000)
})
