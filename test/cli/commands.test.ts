import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { hexLine } from '../../src/cli/gen-command.js'
import type { CliIo } from '../../src/cli/io.js'
import { runCli } from '../../src/cli/run.js'
import { generateTraffic } from '../../src/cli/traffic.js'
import { cliIo } from './cli-io.js'

const command = (name: string) => (args: string[], io: CliIo, stop?: () => Promise<void>) => runCli([name, ...args], io, stop === undefined ? {} : { stop })
const decodeCommand = command('decode')
const genCommand = command('gen')
const sendCommand = command('send')
const serveCommand = command('serve')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-cli-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

type Line = { type: string; offset: number; length: number; protocol?: string; value?: unknown; error?: { kind: string } }

describe('gen | decode', () => {
  for (const format of ['bin', 'hex'] as const) {
    test(`decode of a generated ${format} file gives back gen's values`, async () => {
      const file = join(dir, `traffic.${format}`)
      const gen = cliIo()
      const args = ['--count', '300', '--seed', '42', '--corrupt', '3', '--garbage', '--format', format, '--out', file]
      expect(await genCommand(args, gen)).toBe(0)
      expect(gen.stderr.text).toMatch(/^wrote [\d.]+ kB to .*: 300 frames, 3 corrupt, \d+ B garbage in [\d.]+ m?s \([\d.]+ k? ?frames\/s\)\n$/)

      const decode = cliIo()
      expect(await decodeCommand([file], decode)).toBe(1) // corrupt frames were found
      const lines = decode.stdout.jsonLines() as Line[]
      const expected = [...generateTraffic({ seed: 42, frames: 300, corrupt: 3, garbage: true })]
      const frames = expected.flatMap((item) => (item.kind === 'frame' ? [item.frame] : []))
      expect(lines.filter((l) => l.type === 'frame').map((l) => ({ protocol: l.protocol, value: l.value }))).toEqual(frames)
      expect(lines.filter((l) => l.type === 'malformed').map((l) => l.error?.kind)).toEqual(['checksum', 'checksum', 'checksum'])
      expect(new Set(frames.map((f) => f.protocol))).toEqual(new Set(['tlm', 'evr']))
      // stderr has each error with a hex dump of the frame
      expect(decode.stderr.text.match(/malformed frame at stream offset \d+/g)).toHaveLength(3)
      expect(decode.stderr.text).toContain('^^')
    })
  }

  test('one protocol, from stdin, and a truncated end', async () => {
    const gen = cliIo()
    expect(await genCommand(['--count', '20', '--protocol', 'evr'], gen)).toBe(0)
    const bytes = gen.stdout.bytes
    expect(bytes[0]).toBe(0xb5)
    const whole = cliIo(bytes)
    expect(await decodeCommand(['--protocol', 'evr'], whole)).toBe(0)
    expect((whole.stdout.jsonLines() as Line[]).every((l) => l.type === 'frame' && l.protocol === 'evr')).toBe(true)
    expect(whole.stdout.jsonLines()).toHaveLength(20)

    const cut = cliIo(bytes.subarray(0, bytes.length - 3))
    expect(await decodeCommand(['-', '--protocol', 'evr', '--format', 'bin'], cut)).toBe(1)
    const lines = cut.stdout.jsonLines() as Line[]
    expect(lines).toHaveLength(20)
    expect(lines[19]?.type).toBe('truncated')
    expect(cut.stderr.text).toContain('truncated frame at stream offset')
  })

  test('gen writes hex to a terminal, one item per line with a comment', async () => {
    const io = cliIo(new Uint8Array(0), true)
    expect(await genCommand(['--count', '5', '--protocol', 'tlm', '--corrupt', '1'], io)).toBe(0)
    const lines = io.stdout.text.trimEnd().split('\n')
    expect(lines).toHaveLength(6)
    expect(lines.every((l) => /^5aa501[0-9a-f]+ {2}# (corrupt )?tlm$/.test(l))).toBe(true)
    expect(lines.filter((l) => l.endsWith('# corrupt tlm'))).toHaveLength(1)
    const decode = cliIo(io.stdout.text)
    expect(await decodeCommand(['--protocol', 'tlm'], decode)).toBe(1)
    expect((decode.stdout.jsonLines() as Line[]).filter((l) => l.type === 'frame')).toHaveLength(5)
  })

  test('the same seed gives the same bytes; another seed does not', async () => {
    const run = async (seed: string) => {
      const io = cliIo()
      await genCommand(['--seed', seed, '--garbage', '--count', '50'], io)
      return io.stdout.bytes
    }
    expect(await run('7')).toEqual(await run('7'))
    expect(await run('7')).not.toEqual(await run('8'))
  })

  test('garbage is hex-lined as garbage', () => {
    expect(hexLine({ kind: 'garbage', bytes: Uint8Array.of(1, 2) })).toBe('0102  # garbage\n')
  })
})

describe('serve and send', () => {
  test('send delivers a file and generated traffic to serve, which prints the frames', async () => {
    const file = join(dir, 'send.hex')
    await genCommand(['--count', '40', '--seed', '3', '--format', 'hex', '--out', file], cliIo())
    const serveIo = cliIo()
    let stop!: () => void
    const stopped = new Promise<void>((resolve) => (stop = resolve))
    const serving = serveCommand(['--port', '0', '--http-port', '0', '--print', '--log-level', 'silent', '--idle-timeout', '5000', '--max-connections', '4', '--max-bytes', '1000000'], serveIo, () => stopped)
    await expect.poll(() => serveIo.stderr.text, { timeout: 5000 }).toContain('oxwire serve: packets on')
    const [, port, httpPort] = /packets on 127\.0\.0\.1:(\d+), http:\/\/127\.0\.0\.1:(\d+)/.exec(serveIo.stderr.text) ?? []

    const fromFile = cliIo()
    expect(await sendCommand([file, '--port', String(port), '--max-chunk', '5'], fromFile)).toBe(0)
    expect(fromFile.stderr.text).toMatch(/^sent [\d.]+ kB in [\d,]+ writes/)
    const generated = cliIo()
    expect(await sendCommand(['--port', String(port), '--count', '25', '--seed', '9', '--protocol', 'tlm'], generated)).toBe(0)

    await expect.poll(() => serveIo.stdout.jsonLines().length, { timeout: 5000 }).toBe(65)
    const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text()
    expect(metrics).toMatch(/oxwire_frames_total\{protocol="tlm"\} \d+/)
    stop()
    expect(await serving).toBe(0)
    const printed = serveIo.stdout.jsonLines() as (Line & { connection: number })[]
    expect(new Set(printed.map((l) => l.connection))).toEqual(new Set([1, 2]))
    const file40 = [...generateTraffic({ seed: 3, frames: 40 })].map((i) => (i.kind === 'garbage' ? undefined : i.frame))
    expect(printed.filter((l) => l.connection === 1).map((l) => ({ protocol: l.protocol, value: l.value }))).toEqual(file40)
  })
})

describe('serve failures and signals', () => {
  test('an HTTP port in use fails serve with exit 1, and the packet port is released', async () => {
    const { createServer } = await import('node:net')
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as { port: number }).port
    const io = cliIo()
    expect(await runCli(['serve', '--port', '0', '--http-port', String(port), '--log-level', 'silent'], io)).toBe(1)
    expect(io.stderr.text).toContain('EADDRINUSE')
    await new Promise((resolve) => taken.close(resolve))
  })

  test('untilSignal resolves on SIGTERM and stops listening', async () => {
    const { untilSignal } = await import('../../src/cli/serve-command.js')
    const before = process.listenerCount('SIGTERM')
    const signalled = untilSignal()
    expect(process.listenerCount('SIGTERM')).toBe(before + 1)
    process.emit('SIGTERM')
    await signalled
    expect(process.listenerCount('SIGTERM')).toBe(before)
  })
})

describe('dispatcher', () => {
  test('demo runs through the dispatcher with small settings', async () => {
    const io = cliIo()
    expect(await runCli(['demo', '--frames', '40', '--connections', '2', '--spread-ms', '0', '--seed', '3'], io)).toBe(0)
    expect(io.stdout.text).toContain('80 of 80 sent')
  })

  test('help, unknown commands and bad options', async () => {
    const help = cliIo()
    expect(await runCli(['help'], help)).toBe(0)
    expect(help.stdout.text).toContain('decode [options] [file]')
    const none = cliIo()
    expect(await runCli([], none)).toBe(2)
    expect(none.stderr.text).toContain('gen [options]')
    const unknown = cliIo()
    expect(await runCli(['frobnicate'], unknown)).toBe(2)
    expect(unknown.stderr.text).toContain("unknown command 'frobnicate'")
    for (const args of [
      ['decode', '--protocol', 'xyz'],
      ['decode', '--format', 'xyz'],
      ['decode', 'a', 'b'],
      ['decode', '--nope'],
      ['gen', '--count', '-1'],
      ['gen', '--format', 'xyz'],
      ['gen', '--protocol', 'xyz'],
      ['send', '--count', '1'],
      ['serve', '--log-level', 'loud'],
      ['serve', '--protocol', 'xyz'],
      ['demo', 'extra'],
    ]) {
      const io = cliIo()
      expect(await runCli(args, io), args.join(' ')).toBe(2)
      expect(io.stderr.text).toMatch(new RegExp(`^oxwire ${args[0]}: .*\\n\\(oxwire ${args[0]} --help shows usage\\)\\n$`))
    }
  })

  test('I/O and input errors exit 1 with a message', async () => {
    const missing = cliIo()
    expect(await runCli(['decode', join(dir, 'no-such-file')], missing)).toBe(1)
    expect(missing.stderr.text).toBe(`oxwire decode: cannot read ${join(dir, 'no-such-file')}: no such file\n`)
    const badHex = join(dir, 'bad.hex')
    await writeFile(badHex, '5aa5 01 0')
    const odd = cliIo()
    expect(await runCli(['decode', badHex, '--format', 'hex'], odd)).toBe(1)
    expect(odd.stderr.text).toContain('odd number of hex digits')
    const refused = cliIo()
    expect(await runCli(['send', '--port', '1', '--count', '1'], refused)).toBe(1)
    expect(refused.stderr.text).toContain('ECONNREFUSED')
    expect(await readFile(badHex, 'utf8')).toBe('5aa5 01 0')
  })
})
