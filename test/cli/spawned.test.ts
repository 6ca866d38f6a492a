import { spawn } from 'node:child_process'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseJsonLine } from '../../src/cli/json-lines.js'
import { generateTraffic } from '../../src/cli/traffic.js'

// `dist/` is not there in a fresh clone, so this test makes its own build:
// the TypeScript compiler's transpiler, file by file (type checking is the
// typecheck step's job), into a folder under node_modules so that the
// packages resolve as they do for the real bin.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const out = join(root, 'node_modules', '.cache', `oxwire-cli-test-${process.pid}`)

async function* sources(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* sources(path)
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path
  }
}

beforeAll(async () => {
  for (const folder of ['src', 'combinators', 'protocols']) {
    for await (const file of sources(join(root, folder))) {
      const { outputText } = ts.transpileModule(await readFile(file, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
        fileName: file,
      })
      const target = join(out, relative(root, file)).replace(/\.ts$/, '.js')
      await mkdir(dirname(target), { recursive: true })
      await writeFile(target, outputText)
    }
  }
  await writeFile(join(out, 'package.json'), '{ "type": "module" }\n')
}, 60_000)
afterAll(() => rm(out, { recursive: true, force: true }))

function oxwire(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(out, 'src', 'cli', 'main.js'), ...args], { stdio: 'pipe' })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input ?? '')
  })
}

describe('the oxwire bin, spawned', () => {
  test('gen | decode round-trips the generated values', async () => {
    const gen = await oxwire(['gen', '--count', '60', '--seed', '11', '--format', 'hex', '--garbage'])
    expect(gen.code).toBe(0)
    const decode = await oxwire(['decode'], gen.stdout)
    expect(decode.stderr).toBe('')
    expect(decode.code).toBe(0)
    const frames = decode.stdout
      .trimEnd()
      .split('\n')
      .map((line) => parseJsonLine(line) as { type: string; protocol: string; value: unknown })
      .filter((line) => line.type === 'frame')
      .map(({ protocol, value }) => ({ protocol, value }))
    const expected = [...generateTraffic({ seed: 11, frames: 60, garbage: true })].flatMap((i) => (i.kind === 'frame' ? [i.frame] : []))
    expect(frames).toEqual(expected)
  }, 30_000)

  test('a reader that goes away (| head) ends the run quietly with status 0', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(out, 'src', 'cli', 'main.js'), 'gen', '--count', '1000000', '--format', 'hex'], { stdio: 'pipe' })
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      child.stdout.once('data', () => child.stdout.destroy())
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, stderr }))
    })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
  }, 30_000)

  test('--grammar loads a TypeScript module (through tsx) in plain node', async () => {
    const sensor = join(root, 'test', 'fixtures', 'grammars', 'sensor.ts')
    const gen = await oxwire(['gen', '--grammar', sensor, '--count', '5', '--format', 'hex'])
    expect(gen.stderr).toBe('')
    const decode = await oxwire(['decode', '--grammar', `${sensor}#sample`], gen.stdout)
    expect(decode.stderr).toBe('')
    expect(decode.code).toBe(0)
    expect(decode.stdout.trimEnd().split('\n')).toHaveLength(5)
    const missing = await oxwire(['decode', '--grammar', 'nope.js'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe('oxwire decode: grammar module nope.js not found\n(oxwire decode --help shows usage)\n')
  }, 30_000)

  test('demo (what npm start runs) decodes everything it sent and exits 0', async () => {
    const started = Date.now()
    const demo = await oxwire(['demo'])
    expect(demo.stderr).toBe('')
    expect(demo.code).toBe(0)
    expect(demo.stdout).toContain('summary ✓ every valid frame decoded once')
    expect(demo.stdout).toMatch(/oxwire_frames_total\{protocol="tlm"\} \d+/)
    expect(demo.stdout).toContain('oxwire_decode_errors_total{kind="checksum"} 3')
    // Not a speed test: the demo is meant to finish in about ten seconds.
    expect(Date.now() - started).toBeLessThan(30_000)
  }, 40_000)
})
