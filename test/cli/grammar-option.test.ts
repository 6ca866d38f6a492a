import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadGrammar, parseGrammarSpec } from '../../src/cli/grammar-module.js'
import { runCli } from '../../src/cli/run.js'
import { cliIo } from './cli-io.js'

const grammars = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'grammars')
const sensor = join(grammars, 'sensor.ts')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-grammar-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

type Line = { type: string; protocol?: string; value?: Record<string, unknown> }

describe('--grammar', () => {
  test('splits module and export at the last #', () => {
    expect(parseGrammarSpec('./a.js')).toEqual({ path: './a.js', exportName: undefined })
    expect(parseGrammarSpec('./a#b.js#frame')).toEqual({ path: './a#b.js', exportName: 'frame' })
    expect(parseGrammarSpec('./a.js#')).toEqual({ path: './a.js', exportName: undefined })
  })

  test('loads the default export or a named one', async () => {
    const byDefault = await loadGrammar(sensor)
    expect(byDefault.name).toBe('sensor')
    const byName = await loadGrammar(`${sensor}#sample`)
    expect(byName.name).toBe('sample')
    expect(byName.codec.node).toBe(byDefault.codec.node)
  })

  test('gen | decode of a user grammar round-trips, corrupt frames and garbage included', async () => {
    const gen = cliIo()
    expect(await runCli(['gen', '--grammar', `${sensor}#sample`, '--count', '40', '--corrupt', '2', '--garbage', '--seed', '5', '--format', 'hex'], gen)).toBe(0)
    expect(gen.stdout.text.split('\n').filter((l) => l.endsWith('# sample'))).toHaveLength(40)
    const decode = cliIo(gen.stdout.text)
    expect(await runCli(['decode', '--grammar', sensor], decode)).toBe(1) // the corrupt frames
    const lines = decode.stdout.jsonLines() as Line[]
    const frames = lines.filter((l) => l.type === 'frame')
    expect(frames).toHaveLength(40)
    expect(frames.every((l) => l.protocol === 'sensor' && typeof l.value?.sensor === 'number')).toBe(true)
    expect(lines.filter((l) => l.type === 'malformed')).toHaveLength(2)
    // Same seed, same bytes.
    const again = cliIo()
    await runCli(['gen', '--grammar', `${sensor}#sample`, '--count', '40', '--corrupt', '2', '--garbage', '--seed', '5', '--format', 'hex'], again)
    expect(again.stdout.text).toBe(gen.stdout.text)
  })

  const failures: [string, string[], RegExp][] = [
    ['a missing file', ['decode', '--grammar', 'no/such/module.js'], /^oxwire decode: grammar module no\/such\/module\.js not found\n/],
    ['a module that throws on import', ['gen', '--grammar', join(grammars, 'throws.mjs')], /^oxwire gen: grammar module .*throws\.mjs failed to load: boom while building the grammar\n/],
    ['no default export', ['decode', '--grammar', join(grammars, 'no-default.mjs')], /has no default export; it exports no codec\n/],
    ['an export that is not a codec', ['decode', '--grammar', `${sensor}#notACodec`], /#notACodec is an object, not a codec; codecs it exports: sample\n/],
    ['a missing export', ['serve', '--grammar', `${sensor}#nope`], /has no export named "nope"; codecs it exports: sample \(choose one with .*sensor\.ts#sample\)\n/],
    ['--grammar with --protocol', ['decode', '--grammar', sensor, '--protocol', 'tlm'], /cannot be used with option/],
  ]
  for (const [what, args, message] of failures) {
    test(`${what}: one line, no stack, non-zero exit`, async () => {
      const io = cliIo()
      expect(await runCli(args, io)).toBe(2)
      expect(io.stderr.text).toMatch(message)
      expect(io.stderr.text).not.toMatch(/\n\s+at /)
      expect(io.stdout.text).toBe('')
    })
  }
})

describe('CLI hygiene', () => {
  test('--version and per-command --help go to stdout with status 0', async () => {
    const version = cliIo()
    expect(await runCli(['--version'], version)).toBe(0)
    expect(version.stdout.text).toMatch(/^\d+\.\d+\.\d+\n$/)
    for (const name of ['decode', 'gen', 'send', 'serve', 'demo']) {
      const help = cliIo()
      expect(await runCli([name, '--help'], help), name).toBe(0)
      expect(help.stdout.text).toContain(`Usage: oxwire ${name} [options]`)
    }
    const viaHelp = cliIo()
    expect(await runCli(['help', 'decode'], viaHelp)).toBe(0)
    expect(viaHelp.stdout.text).toContain('--grammar <module[#export]>')
  })

  test('a typo in a hex dump is an error at its line and column', async () => {
    const io = cliIo('# frames\n5aa5 0101\n5aa5 01q1\n')
    expect(await runCli(['decode'], io)).toBe(1)
    expect(io.stderr.text).toBe('oxwire decode: not a hex digit at line 3, column 8: "q" (use --format bin for binary input)\n')
  })

  test('non-empty input that decodes to nothing exits 1 and says so', async () => {
    const io = cliIo(Uint8Array.of(0, 1, 2, 3, 0xff, 0xfe))
    expect(await runCli(['decode', '--protocol', 'tlm'], io)).toBe(1)
    expect(io.stderr.text).toBe('oxwire decode: decoded no frame from 6 B with tlm (6 B skipped, 0 bad frame(s)): is it the right grammar and format?\n')
    const empty = cliIo()
    expect(await runCli(['decode'], empty)).toBe(0)
  })

  test('a file that cannot be written is one line with status 1', async () => {
    const io = cliIo()
    expect(await runCli(['gen', '--count', '3', '--out', join(dir, 'no', 'such', 'dir', 'x.bin')], io)).toBe(1)
    expect(io.stderr.text).toMatch(/^oxwire gen: ENOENT: no such file or directory, open .*\n$/)
  })

  test('an unbounded grammar takes --max-frame', async () => {
    const file = join(dir, 'rest.mjs')
    await writeFile(file, `export default { node: { tag: 'bytes', size: 4 } }\n`)
    const io = cliIo(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8))
    expect(await runCli(['decode', '--grammar', file, '--format', 'bin'], io)).toBe(0)
    expect((io.stdout.jsonLines() as Line[]).map((l) => l.value)).toEqual([Uint8Array.of(1, 2, 3, 4), Uint8Array.of(5, 6, 7, 8)])
  })
})

describe('generating frames of a user grammar', () => {
  test('--garbage needs a grammar with known first bytes', async () => {
    const file = join(dir, 'plain.mjs')
    await writeFile(file, `export default { node: { tag: 'int', size: 1, signed: false, littleEndian: false } }\n`)
    const io = cliIo()
    expect(await runCli(['gen', '--grammar', file, '--garbage'], io)).toBe(2)
    expect(io.stderr.text).toMatch(/^oxwire gen: --garbage needs a grammar whose frames start with known bytes \(a constant or marker\); plain can start with any byte\n/)
    const ok = cliIo()
    expect(await runCli(['gen', '--grammar', file, '--count', '3', '--format', 'hex'], ok)).toBe(0)
    expect(ok.stdout.text.split('\n').filter((l) => l !== '')).toHaveLength(3)
  })

  test('a folder, and no path before #', async () => {
    const io = cliIo()
    expect(await runCli(['decode', '--grammar', dir], io)).toBe(2)
    expect(io.stderr.text).toMatch(/is not a file\n/)
    const empty = cliIo()
    expect(await runCli(['decode', '--grammar', '#x'], empty)).toBe(2)
    expect(empty.stderr.text).toMatch(/--grammar needs a module path/)
  })
})
