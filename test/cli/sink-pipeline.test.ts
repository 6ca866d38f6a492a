/**
 * `oxwire serve --sink` into a real nats-server, and `oxwire consume` back
 * out: the pipeline prints what `oxwire decode` prints for the same bytes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { runCli } from '../../src/cli/run.js'
import type { CliIo } from '../../src/cli/io.js'
import { sinkOptions } from '../../src/cli/sink-options.js'
import { systemTool } from '../helpers/system-tool.js'
import { createBroker, freePort, type Broker } from '../helpers/nats-broker.js'
import { client, closed, concat, evr, heartbeat } from '../server/helpers.js'
import { cliIo } from './cli-io.js'

const natsServer = systemTool('nats-server', 'nats-server')

const command = (name: string) => (args: string[], io: CliIo, stop?: () => Promise<void>) => runCli([name, ...args], io, stop === undefined ? {} : { stop })
const serveCommand = command('serve')
const sendCommand = command('send')
const consumeCommand = command('consume')

interface Line {
  type: string
  seq?: number
  connection?: string
  offset?: number
  length?: number
  protocol?: string
  value?: unknown
}

/** Runs `oxwire serve` with `args` until the returned stop is called. */
async function serve(args: string[]) {
  const io = cliIo()
  let stop!: () => void
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  const running = serveCommand(['--port', '0', '--http-port', '0', '--log-level', 'silent', ...args], io, () => stopped)
  await expect.poll(() => io.stderr.text, { timeout: 10_000 }).toContain('oxwire serve: packets on')
  const [, port, httpPort] = /packets on 127\.0\.0\.1:(\d+), http:\/\/127\.0\.0\.1:(\d+)/.exec(io.stderr.text) ?? []
  // Ready once the sink has connected and made its stream.
  await expect.poll(async () => (await fetch(`http://127.0.0.1:${httpPort}/healthz`)).status, { timeout: 10_000 }).toBe(200)
  return {
    port: Number(port),
    httpPort: Number(httpPort),
    async stop(): Promise<number> {
      stop()
      return running
    },
  }
}

describe.skipIf(natsServer === undefined)('serve --sink and consume, with a real nats-server', () => {
  let broker: Broker
  beforeAll(async () => {
    broker = await createBroker(natsServer as string)
    await broker.start()
  })
  afterAll(() => broker?.dispose())

  test('consume prints the frames serve received, as decode prints them', async () => {
    const bytes = concat(heartbeat(1, 100), evr(2n, 3), Uint8Array.of(0, 0, 0), heartbeat(4, 5))
    const serving = await serve(['--sink', broker.url, '--subject', 'cli.{protocol}', '--stream', 'CLI'])
    const file = join(mkdtempSync(join(tmpdir(), 'oxwire-consume-')), 'frames.bin')
    writeFileSync(file, bytes)
    expect(await sendCommand([file, '--port', String(serving.port), '--max-chunk', '7'], cliIo())).toBe(0)
    rmSync(dirname(file), { recursive: true, force: true })
    const health = await (await fetch(`http://127.0.0.1:${serving.httpPort}/healthz`)).json()
    expect(health).toMatchObject({ sink: { kind: 'nats' } })
    expect(await serving.stop()).toBe(0)

    const decoded = cliIo(bytes)
    expect(await runCli(['decode', '--format', 'bin'], decoded)).toBe(0)
    const consumed = cliIo()
    expect(await runCli(['consume', '--from', broker.url, '--stream', 'CLI'], consumed)).toBe(0)
    const frames = (decoded.stdout.jsonLines() as Line[]).filter((l) => l.type === 'frame')
    const lines = consumed.stdout.jsonLines() as Line[]
    expect(lines.map(({ type, offset, length, protocol, value }) => ({ type, offset, length, protocol, value }))).toEqual(frames)
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3])
    expect(new Set(lines.map((l) => l.connection)).size).toBe(1)

    // A subject filter picks one protocol.
    const tlmOnly = cliIo()
    expect(await consumeCommand(['--from', broker.url, '--stream', 'CLI', '--subject', 'cli.tlm'], tlmOnly)).toBe(0)
    expect((tlmOnly.stdout.jsonLines() as Line[]).map((l) => l.protocol)).toEqual(['tlm', 'tlm'])
  })

  test('a JSON payload is printed as published, and a payload that does not decode fails consume', async () => {
    const serving = await serve(['--sink', broker.url, '--subject', 'js.{protocol}', '--stream', 'JS', '--sink-payload', 'json', '--sink-window', '2'])
    const socket = await client(serving.port)
    socket.end(concat(evr(7n, 8), heartbeat(9, 10)))
    await closed(socket)
    expect(await serving.stop()).toBe(0)
    // Something else published into the stream that is not a frame.
    const connection = await connect({ servers: broker.url })
    const manager = await jetstreamManager(connection)
    await manager.streams.add({ name: 'ODD', subjects: ['odd.>'] })
    const { jetstream } = await import('@nats-io/jetstream')
    await jetstream(connection).publish('odd.x', Uint8Array.of(1, 2, 3))
    await connection.close()

    const json = cliIo()
    expect(await runCli(['consume', '--from', broker.url, '--stream', 'JS', '--protocol', 'auto'], json)).toBe(0)
    expect((json.stdout.jsonLines() as Line[]).map((l) => [l.protocol, l.value])).toEqual([
      ['evr', { flags: { ackRequested: false, retransmit: false, urgent: false }, deviceId: 7n, eventId: 8, fields: [] }],
      ['tlm', { seq: 9, timestamp: 10, payload: { type: 'heartbeat', uptime: 1, status: 0 } }],
    ])
    const odd = cliIo()
    expect(await runCli(['consume', '--from', broker.url, '--stream', 'ODD', '--protocol', 'tlm'], odd)).toBe(1)
    expect(odd.stdout.jsonLines()).toMatchObject([{ type: 'malformed', seq: 1, length: 3 }])
    expect(odd.stderr.text).toContain('malformed payload at stream sequence 1')
  })

  test('consume --follow prints what arrives until stopped', async () => {
    const serving = await serve(['--sink', broker.url, '--subject', 'follow.{protocol}', '--stream', 'FOLLOW'])
    const io = cliIo()
    let stop!: () => void
    const stopped = new Promise<void>((resolve) => (stop = resolve))
    const following = consumeCommand(['--from', broker.url, '--stream', 'FOLLOW', '--follow'], io, () => stopped)
    const socket = await client(serving.port)
    socket.write(heartbeat(1, 1))
    await expect.poll(() => io.stdout.jsonLines().length, { timeout: 10_000 }).toBe(1)
    socket.end(heartbeat(2, 2))
    await expect.poll(() => io.stdout.jsonLines().length, { timeout: 10_000 }).toBe(2)
    stop()
    expect(await following).toBe(0)
    expect(await serving.stop()).toBe(0)
  })
})

describe('sink and consume flags', () => {
  test('bad flags are usage errors', async () => {
    for (const args of [
      ['serve', '--subject', 'x.{protocol}'],
      ['serve', '--sink', 'http://x'],
      ['serve', '--sink', 'nats://127.0.0.1:4222', '--sink-payload', 'xml'],
      ['serve', '--sink-window', '3'],
      ['serve', '--sink', 'nats://127.0.0.1:4222', '--stream-replicas', '3'],
      ['serve', '--sink', 'nats://127.0.0.1:4222,http://x'],
      ['serve', '--sink', 'nats://127.0.0.1:4222', '--sink-window', '0'],
      ['serve', '--sink', 'nats://127.0.0.1:4222', '--subject', 'frames.>'],
      ['consume', '--stream', 'X'],
      ['consume', '--from', 'nats://127.0.0.1:4222'],
      ['consume', '--from', 'nats://127.0.0.1:4222', '--stream', 'X', '--protocol', 'png'],
    ]) {
      const io = cliIo()
      expect(await runCli(args, io), args.join(' ')).toBe(2)
    }
    expect(sinkOptions({})).toBeUndefined()
    expect(sinkOptions({ sink: '127.0.0.1:4222' })).toEqual({ servers: '127.0.0.1:4222', payload: 'frame', window: 256 })
    expect(sinkOptions({ sink: 'nats://a:4222, nats://b:4222', stream: 'S', streamReplicas: 3 })).toEqual({
      servers: ['nats://a:4222', 'nats://b:4222'],
      payload: 'frame',
      window: 256,
      stream: { name: 'S', replicas: 3 },
    })
  })

  test('consume says so when the broker is unreachable', async () => {
    const io = cliIo()
    expect(await runCli(['consume', '--from', `nats://127.0.0.1:${await freePort()}`, '--stream', 'X'], io)).toBe(1)
    expect(io.stderr.text).toMatch(/^oxwire consume: /)
  })
})
