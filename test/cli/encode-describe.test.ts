import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../../src/cli/run.js'
import { generateTraffic } from '../../src/cli/traffic.js'
import { cliIo } from './cli-io.js'

const sensor = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'grammars', 'sensor.ts')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-encode-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('encode', () => {
  test('decode | encode gives back the valid frames byte for byte (both protocols)', async () => {
    const items = [...generateTraffic({ seed: 4, frames: 120, corrupt: 2, garbage: true })]
    const gen = cliIo()
    await runCli(['gen', '--count', '120', '--corrupt', '2', '--garbage', '--seed', '4'], gen)
    const decode = cliIo(gen.stdout.bytes)
    expect(await runCli(['decode'], decode)).toBe(1)
    const encode = cliIo(decode.stdout.text)
    expect(await runCli(['encode'], encode)).toBe(0)
    expect(encode.stderr.text).toBe('')
    const valid = Buffer.concat(items.flatMap((i) => (i.kind === 'frame' ? [i.bytes] : [])))
    expect(Buffer.from(encode.stdout.bytes).equals(valid)).toBe(true)
  })

  test('a user grammar, hex out to a file, bare values', async () => {
    const gen = cliIo()
    await runCli(['gen', '--grammar', sensor, '--count', '10', '--seed', '2', '--format', 'hex'], gen)
    const decode = cliIo(gen.stdout.text)
    expect(await runCli(['decode', '--grammar', sensor], decode)).toBe(0)
    const values = (decode.stdout.text.trimEnd().split('\n').map((l) => JSON.stringify(JSON.parse(l).value))).join('\n')
    const out = join(dir, 'sensor.hex')
    const encode = cliIo(values)
    expect(await runCli(['encode', '--grammar', sensor, '--values', '--format', 'hex', '--out', out], encode)).toBe(0)
    expect(encode.stderr.text).toMatch(/^wrote \d+ B to .*sensor\.hex: 10 frames\n$/)
    const expected = gen.stdout.text.split('\n').filter((l) => l !== '').map((l) => l.split(' ')[0]).join('\n') + '\n'
    expect(await readFile(out, 'utf8')).toBe(expected)
  })

  test('lines that are not JSON or do not encode are reported by number; the rest is written', async () => {
    const file = join(dir, 'lines.jsonl')
    await writeFile(
      file,
      [
        '{"type":"skipped","offset":0,"length":3}',
        'not json',
        '{"type":"frame","protocol":"tlm","value":{"seq":70000,"timestamp":0,"payload":{"type":"heartbeat","uptime":1,"status":0}}}',
        '',
        '{"type":"frame","protocol":"tlm","value":{"seq":1,"timestamp":0,"payload":{"type":"heartbeat","uptime":1,"status":0}}}',
        '[1,2]',
      ].join('\n'),
    )
    const io = cliIo()
    expect(await runCli(['encode', file, '--protocol', 'tlm', '--format', 'hex'], io)).toBe(1)
    // magic 5AA5, version 1, type 1 (heartbeat), seq 1, timestamp 0, length 5, uptime 1, status 0, CRC
    expect(io.stdout.text).toBe('5aa5010100010000000000050000000100c776\n')
    const errors = io.stderr.text.trimEnd().split('\n')
    expect(errors[0]).toMatch(/^line 2: /)
    expect(errors[1]).toMatch(/^line 3: does not encode at seq: /)
    expect(errors[2]).toMatch(/^line 6: not a decode line/)
    expect(errors[3]).toBe('oxwire encode: 3 line(s) did not encode; 1 frame(s) written')
  })
})

describe('describe', () => {
  test('a table for people, Markdown and JSON rows', async () => {
    const table = cliIo()
    expect(await runCli(['describe', '--grammar', sensor], table)).toBe(0)
    const lines = table.stdout.text.split('\n')
    expect(lines[0]).toBe('sensor: 12..267 bytes, starts with 0xC0')
    expect(table.stdout.text).toMatch(/ 4 +3 bits \(6\.\.4\) +flags\.level +uint3 +0\.\.7\n/)
    expect(table.stdout.text).toMatch(/10 \+ note\.length +2 +crc +u16be +CRC-16\/CCITT-FALSE/)
    const markdown = cliIo()
    expect(await runCli(['describe', '--protocol', 'evr', '--format', 'markdown'], markdown)).toBe(0)
    expect(markdown.stdout.text).toContain('| offset | size | field | type | rule |')
    const json = cliIo()
    expect(await runCli(['describe', '--grammar', sensor, '--format', 'json'], json)).toBe(0)
    const rows = JSON.parse(json.stdout.text) as { path: string; type: string }[]
    expect(rows.map((r) => r.path)).toEqual(['magic', 'sensor', 'kind', 'flags.alarm', 'flags.level', 'flags.spare', 'value', 'note.length', 'note', 'crc'])
  })
})

describe('describe of other shapes', () => {
  test('fixed size, any first byte; no-marker grammars say so', async () => {
    const file = join(dir, 'fixed.mjs')
    await writeFile(file, `export const pair = { node: { tag: 'struct', fields: [['a', { node: { tag: 'int', size: 2, signed: false, littleEndian: true } }]] } }\n`)
    const io = cliIo()
    expect(await runCli(['describe', '--grammar', `${file}#pair`], io)).toBe(0)
    expect(io.stdout.text.split('\n')[0]).toBe('pair: 2 bytes, starts with any byte')
    const unbounded = cliIo()
    await writeFile(join(dir, 'rest.mjs'), `export default { node: { tag: 'bytes', size: undefined } }\n`)
    expect(await runCli(['describe', '--grammar', join(dir, 'rest.mjs'), '--format', 'markdown'], unbounded)).toBe(0)
    expect(unbounded.stdout.text.split('\n')[0]).toBe('**rest**: 0..∞ bytes, starts with any byte')
  })
})
