import { execFileSync } from 'node:child_process'
import { closeSync, constants as fsConstants, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { connect as connectTcp, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect as connectTls } from 'node:tls'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { detect } from '../../protocols/index.js'
import {
  connectionLimitFor, createLogger, createPacketServer, descriptorLimit, droppedLogLines, exitOnNextSignal, flushLogger, type PacketServer,
} from '../../src/server/index.js'
import { systemTool } from '../helpers/system-tool.js'
import { closed, heartbeat, logSink, metricValue, quiet, until } from './helpers.js'

const servers: PacketServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const dir = mkdtempSync(join(tmpdir(), 'oxwire-exposure-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('TLS on the packet port', () => {
  const openssl = systemTool('openssl', 'openssl')
  let cert = Buffer.alloc(0)
  let key = Buffer.alloc(0)
  beforeAll(() => {
    if (openssl === undefined) return
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' })
    cert = readFileSync(join(dir, 'cert.pem'))
    key = readFileSync(join(dir, 'key.pem'))
  })

  test.skipIf(openssl === undefined)('a real TLS client gets its frames decoded; a plaintext client is refused and counted', async () => {
    const frames: number[] = []
    const server = createPacketServer({ grammar: detect, logger: quiet, tls: { cert, key }, onFrame: (f) => void frames.push(f.offset) })
    servers.push(server)
    const { port } = await server.listen()
    const secure = connectTls({ host: '127.0.0.1', port, ca: cert, servername: 'localhost' })
    await new Promise<void>((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject))
    expect(secure.authorized).toBe(true)
    secure.end(Buffer.concat([heartbeat(1, 1), heartbeat(2, 2)]))
    await until(() => frames.length === 2)
    expect(frames).toEqual([0, 19])

    const plain = connectTcp({ host: '127.0.0.1', port })
    plain.on('error', () => undefined)
    plain.write(heartbeat(3, 3))
    await closed(plain)
    await until(() => server.connections.length === 0)
    expect(frames).toHaveLength(2)
    expect(metricValue(await server.metrics.registry.metrics(), 'oxwire_connections_rejected_total', 'reason="tls"')).toBe(1)
  })
})

describe('the HTTP side', () => {
  const start = async (http: NonNullable<Parameters<typeof createPacketServer>[0]['http']>) => {
    const server = createPacketServer({ grammar: detect, logger: quiet, http })
    servers.push(server)
    const address = await server.listenHttp()
    return { server, address }
  }
  const rawClient = (port: number): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const s = connectTcp({ host: '127.0.0.1', port }, () => resolve(s))
      s.once('error', reject)
      s.resume() // read what the server sends, so its close is seen
    })

  test('listens on 127.0.0.1 unless asked', async () => {
    const { address } = await start({})
    expect(address.address).toBe('127.0.0.1')
  })

  test('a client that never finishes its headers is cut after the header timeout', async () => {
    const { address } = await start({ headersTimeoutMs: 300 })
    const slow = await rawClient(address.port)
    slow.on('error', () => undefined)
    slow.write('GET /healthz HTTP/1.1\r\nHost: x\r\n')
    await closed(slow)
  })

  test('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const { address } = await start({ keepAliveTimeoutMs: 200 })
    const socket = await rawClient(address.port)
    let response = ''
    socket.on('data', (d: Buffer) => (response += d.toString()))
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')
    await closed(socket)
    expect(response).toContain('200 OK')
  })

  test('HTTP connections are capped: idle ones cannot take every descriptor', async () => {
    const { address } = await start({ maxConnections: 2 })
    const idle = [await rawClient(address.port), await rawClient(address.port)]
    const third = await rawClient(address.port)
    third.on('error', () => undefined)
    await closed(third)
    for (const s of idle) s.destroy()
    await Promise.all(idle.map(closed))
    // Once the idle ones are gone, requests are served again.
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${address.port}/healthz`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined)
      if (response?.status === 200) break
      await new Promise((r) => setTimeout(r, 50))
    }
  })
})

describe('descriptor limits', () => {
  test('the limit is read from /proc/self/limits', () => {
    const text = 'Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 4096                 files\n'
    expect(descriptorLimit(text)).toBe(1024)
    expect(descriptorLimit('Max open files            unlimited            unlimited            files\n')).toBeUndefined()
    const real = descriptorLimit()
    if (process.platform === 'linux') expect(real).toBeGreaterThan(0)
  })

  test('connections are limited to what the descriptors allow, with a reserve for the HTTP side', () => {
    expect(connectionLimitFor(1024, 64)).toBe(896)
    expect(connectionLimitFor(100, 64)).toBe(1)
    const server = createPacketServer({ grammar: detect, logger: quiet })
    servers.push(server)
    expect(server.maxConnections).toBe(connectionLimitFor(descriptorLimit(), 64))
  })
})

describe('asynchronous logs', () => {
  const mkfifo = systemTool('mkfifo', 'coreutils')
  test.skipIf(mkfifo === undefined)('a log reader that stalls costs lines, counted, never time', async () => {
    const fifo = join(dir, 'log.fifo')
    execFileSync('mkfifo', [fifo])
    // A reader that never reads: the pipe fills after 64 KiB.
    const reader = openSync(fifo, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK)
    const writer = openSync(fifo, fsConstants.O_WRONLY)
    try {
      const log = createLogger({ destination: writer, bufferBytes: 32 * 1024 })
      const server = createPacketServer({ grammar: detect, logger: log })
      servers.push(server)
      const line = 'x'.repeat(200)
      for (let i = 0; i < 5000; i++) log.info({ i, line }, 'filler') // ~1.2 MB: would block a synchronous logger
      expect(droppedLogLines(log)).toBeGreaterThan(3000)
      const text = await server.metrics.registry.metrics()
      expect(metricValue(text, 'oxwire_log_dropped_lines_total')).toBe(droppedLogLines(log))
      // The pipe took what it could (64 KiB); the rest waits or was dropped.
      expect(await flushLogger(log, 50)).toBeTypeOf('boolean')
    } finally {
      closeSync(reader) // the pending write fails (EPIPE) and the logger gives up
      await new Promise((r) => setTimeout(r, 50))
      closeSync(writer)
    }
  })
})

describe('signals', () => {
  test('a second signal logs one line and exits with 128 + its number', async () => {
    const sink = logSink()
    const log = createLogger({ destination: sink.stream })
    const codes: number[] = []
    const remove = exitOnNextSignal({ log, signals: ['SIGUSR2'], exit: (code) => void codes.push(code) })
    try {
      process.kill(process.pid, 'SIGUSR2')
      await until(() => codes.length === 1)
    } finally {
      remove()
    }
    expect(codes).toEqual([140])
    expect(sink.lines()).toMatchObject([{ level: 60, signal: 'SIGUSR2', code: 140, msg: 'second signal during shutdown: exiting now' }])
  })
})
