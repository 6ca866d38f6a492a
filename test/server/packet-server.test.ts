import { afterEach, describe, expect, test } from 'vitest'
import { detect } from '../../protocols/index.js'
import { createLogger, createPacketServer, type CloseReason, type PacketServer, type PacketServerOptions } from '../../src/server/index.js'
import type { ConnectionInfo, MalformedOf } from '../../src/server/types.js'
import { client, closed, concat, evr, heartbeat, logSink, metricValue, quiet, until } from './helpers.js'

type Detected = typeof detect extends import('../../src/grammar/codec.js').Codec<infer A> ? A : never

const servers: PacketServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function start(options: Partial<PacketServerOptions<Detected>> = {}) {
  const malformed: { event: MalformedOf; buffered: number }[] = []
  const closes: { id: number; reason: CloseReason; bytes: number }[] = []
  const frames: { id: number; protocol: string; offset: number }[] = []
  const server = createPacketServer<Detected>({
    grammar: detect,
    logger: quiet,
    onFrame: (frame, c) => void frames.push({ id: c.id, protocol: frame.value.protocol, offset: frame.offset }),
    onMalformed: (event, c: ConnectionInfo) => void malformed.push({ event, buffered: c.buffered }),
    onClose: (c, reason) => void closes.push({ id: c.id, reason, bytes: c.bytesReceived }),
    ...options,
  })
  servers.push(server)
  const { port } = await server.listen()
  return { server, port, frames, malformed, closes }
}

// EVR header: sync B5, version 2 with no flags, then the body length (u16le).
const evrHeader = (length: number) => Uint8Array.of(0xb5, 0x20, length & 0xff, length >> 8)

describe('limits', () => {
  test('a client that announces a maximal EVR and stalls is closed after the idle timeout', async () => {
    const { server, port, closes, malformed } = await start({ idleTimeoutMs: 150 })
    const socket = await client(port)
    const started = Date.now()
    socket.write(concat(evrHeader(4096), new Uint8Array(100)))
    await closed(socket)
    const waited = Date.now() - started
    expect(waited).toBeGreaterThanOrEqual(140)
    await until(() => closes.length === 1)
    expect(closes[0]).toMatchObject({ reason: 'idle', bytes: 104 })
    // The frame it had started is reported as cut short.
    expect(malformed.map((m) => m.event.type)).toEqual(['truncated'])
    const text = await server.metrics.registry.metrics()
    expect(metricValue(text, 'oxwire_connections_closed_total', 'reason="idle"')).toBe(1)
    expect(metricValue(text, 'oxwire_decode_errors_total', 'kind="truncated"')).toBe(1)
  })

  test('a length above the maximum is malformed at once, without buffering the body', async () => {
    const { port, malformed, frames } = await start()
    const socket = await client(port)
    socket.write(evrHeader(4097)) // body lengths are 12..4096
    await until(() => malformed.length > 0)
    expect(malformed[0]?.event.type).toBe('malformed')
    expect(malformed[0]?.event.offset).toBe(0)
    expect(malformed[0]?.buffered).toBeLessThan(4)
    // The connection stays usable: a valid frame after it is decoded.
    socket.write(heartbeat(7, 7))
    await until(() => frames.length === 1)
    socket.end()
    await closed(socket)
  })

  test('connections over the limit are refused, and counted', async () => {
    const { server, port } = await start({ maxConnections: 2 })
    const a = await client(port)
    const b = await client(port)
    await until(() => server.connections.length === 2)
    const c = await client(port)
    await closed(c)
    expect(server.connections).toHaveLength(2)
    expect(metricValue(await server.metrics.registry.metrics(), 'oxwire_connections_rejected_total')).toBe(1)
    a.end()
    b.end()
    await Promise.all([closed(a), closed(b)])
  })

  test('a client that sends more than the byte limit is closed, and only the allowed bytes are decoded', async () => {
    const { server, port, closes, frames } = await start({ maxBytesPerConnection: 19 * 3 + 5 })
    const socket = await client(port)
    socket.on('error', () => undefined) // the server may reset while we write
    socket.write(concat(...Array.from({ length: 10 }, (_, i) => heartbeat(i, 0))))
    await closed(socket)
    await until(() => closes.length === 1)
    expect(closes[0]).toMatchObject({ reason: 'byte-limit', bytes: 62 })
    expect(frames).toHaveLength(3)
    expect(metricValue(await server.metrics.registry.metrics(), 'oxwire_received_bytes_total')).toBe(62)
  })
})

describe('metrics', () => {
  test('/metrics counts match what was sent', async () => {
    const { server, port, frames, malformed, closes } = await start()
    const { port: httpPort } = await server.listenHttp()
    const corrupt = heartbeat(99, 99)
    corrupt[corrupt.length - 1] = (corrupt[corrupt.length - 1] as number) ^ 0xff
    const garbage = new TextEncoder().encode('hello, garbage!')
    const one = concat(heartbeat(1, 1), evr(1n, 1), garbage, heartbeat(2, 1), corrupt, evr(2n, 2))
    const two = concat(evr(3n, 3), evr(4n, 4), heartbeat(3, 2), garbage)
    for (const bytes of [one, two]) {
      const socket = await client(port)
      for (let i = 0; i < bytes.length; i += 7) socket.write(bytes.subarray(i, i + 7))
      socket.end()
      await closed(socket)
    }
    await until(() => closes.length === 2)
    const response = await fetch(`http://127.0.0.1:${httpPort}/metrics`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/plain')
    const text = await response.text()
    expect(metricValue(text, 'oxwire_frames_total', 'protocol="tlm"')).toBe(3)
    expect(metricValue(text, 'oxwire_frames_total', 'protocol="evr"')).toBe(4)
    expect(metricValue(text, 'oxwire_decode_errors_total', 'kind="checksum"')).toBe(1)
    expect(metricValue(text, 'oxwire_decode_errors_total')).toBe(1)
    expect(metricValue(text, 'oxwire_received_bytes_total')).toBe(one.length + two.length)
    // Every byte is in a frame, skipped, or in a malformed frame.
    const frameBytes = 3 * 19 + 4 * 20
    const malformedBytes = malformed.reduce((n, m) => n + m.event.length, 0)
    const skipped = metricValue(text, 'oxwire_skipped_bytes_total')
    expect(skipped).toBeGreaterThanOrEqual(2 * garbage.length)
    expect(frameBytes + skipped + malformedBytes).toBe(one.length + two.length)
    expect(metricValue(text, 'oxwire_open_connections')).toBe(0)
    expect(metricValue(text, 'oxwire_connections_closed_total', 'reason="end"')).toBe(2)
    expect(metricValue(text, 'oxwire_decode_seconds_count')).toBeGreaterThan(0)
    expect(frames.map((f) => f.protocol)).toEqual(['tlm', 'evr', 'tlm', 'evr', 'evr', 'evr', 'tlm'])

    const health = await fetch(`http://127.0.0.1:${httpPort}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok', connections: 0 })
    expect((await fetch(`http://127.0.0.1:${httpPort}/nope`)).status).toBe(404)
    expect((await fetch(`http://127.0.0.1:${httpPort}/metrics`, { method: 'POST' })).status).toBe(405)
  })

  test('each server has its own registry', async () => {
    const a = await start()
    const b = await start()
    const socket = await client(a.port)
    socket.end(heartbeat(1, 1))
    await until(() => a.frames.length === 1)
    expect(metricValue(await a.server.metrics.registry.metrics(), 'oxwire_frames_total')).toBe(1)
    expect(metricValue(await b.server.metrics.registry.metrics(), 'oxwire_frames_total')).toBe(0)
  })

  test('frames of a single named grammar are labelled with its name', async () => {
    const { telemetry } = await import('../../protocols/index.js')
    const server = createPacketServer({ grammar: telemetry, logger: quiet })
    servers.push(server)
    const { port } = await server.listen()
    const socket = await client(port)
    socket.end(heartbeat(1, 1))
    await closed(socket)
    await until(() => server.connections.length === 0)
    expect(metricValue(await server.metrics.registry.metrics(), 'oxwire_frames_total', 'protocol="tlm"')).toBe(1)
  })
})

describe('handlers and shutdown', () => {
  test('async handlers keep order and pause the connection; close drains in-flight frames', async () => {
    const handled: number[] = []
    let active = 0
    let maxActive = 0
    const { server, port } = await start({
      onFrame: async (frame) => {
        active++
        maxActive = Math.max(maxActive, active)
        await new Promise((r) => setTimeout(r, 5))
        if (frame.value.protocol === 'tlm') handled.push(frame.value.value.seq)
        active--
      },
    })
    const socket = await client(port)
    socket.write(concat(...Array.from({ length: 30 }, (_, i) => heartbeat(i, 0))))
    await until(() => handled.length > 0)
    const clientSawEnd = new Promise<void>((resolve) => socket.once('end', resolve))
    socket.resume()
    // The client stays open: close() tells it so, and still handles every frame it sent.
    const closing = server.close()
    await clientSawEnd
    socket.end()
    await closing
    expect(handled).toEqual(Array.from({ length: 30 }, (_, i) => i))
    expect(maxActive).toBe(1)
    expect(server.closing).toBe(true)
    expect(server.close()).toBe(closing)
  })

  test('a client that ignores shutdown is closed after the grace period', async () => {
    const { server, port, closes } = await start({ shutdownGraceMs: 100 })
    const socket = await client(port)
    socket.on('end', () => undefined) // does not end its side
    socket.write(heartbeat(1, 1))
    await until(() => server.connections.length === 1)
    await server.close()
    expect(closes).toEqual([{ id: 1, reason: 'shutdown', bytes: 19 }])
    await closed(socket)
  })

  test('a connection during shutdown is refused', async () => {
    const { server, port } = await start({ shutdownGraceMs: 300 })
    const first = await client(port)
    first.on('end', () => undefined)
    await until(() => server.connections.length === 1)
    const closing = server.close()
    // The listener is closed, so the new connection fails or is refused.
    const second = await client(port).catch(() => undefined)
    if (second !== undefined) await closed(second)
    await closing
    expect(server.connections).toHaveLength(0)
  })

  test('a throwing handler is logged and the connection goes on', async () => {
    const sink = logSink()
    let calls = 0
    const { port, closes } = await start({
      logger: createLogger({ level: 'error', destination: sink.stream }),
      onFrame: () => {
        calls++
        throw new Error('boom')
      },
      onMalformed: () => Promise.reject(new Error('async boom')),
      onClose: () => {
        closes.push({ id: 0, reason: 'end', bytes: 0 })
        throw new Error('close boom')
      },
    })
    const socket = await client(port)
    socket.end(concat(heartbeat(1, 1), evrHeader(9000), heartbeat(2, 1)))
    await until(() => closes.length === 1)
    expect(calls).toBe(2)
    const messages = sink.lines().map((l) => l.msg)
    expect(messages).toEqual(['handler failed', 'handler failed', 'handler failed', 'onClose handler failed'])
  })
})

describe('edges', () => {
  test('a grammar the frame decoder cannot use is refused when the server is created', async () => {
    const { rest } = await import('../../combinators/index.js')
    expect(() => createPacketServer({ grammar: rest, logger: quiet })).toThrow(RangeError)
  })

  test('close stops the HTTP side too', async () => {
    const { server } = await start()
    const { port: httpPort } = await server.listenHttp()
    expect((await fetch(`http://127.0.0.1:${httpPort}/healthz`)).status).toBe(200)
    await server.close()
    await expect(fetch(`http://127.0.0.1:${httpPort}/healthz`)).rejects.toThrow()
  })

  test('the default logger follows logLevel, and close works before listen', async () => {
    const server = createPacketServer({ grammar: detect, logLevel: 'silent' })
    await server.close()
    expect(server.closing).toBe(true)
  })

  test('/metrics answers 500 when the registry fails, and /healthz 503 when not ok', async () => {
    const { createStatusServer } = await import('../../src/server/index.js')
    const registry = { contentType: 'text/plain', metrics: () => Promise.reject(new Error('registry broke')) }
    const status = createStatusServer({ registry: registry as never, health: () => ({ ok: false, connections: 3 }) })
    const { port } = await status.listen()
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`)
    expect(metrics.status).toBe(500)
    expect(await metrics.text()).toContain('registry broke')
    const health = await fetch(`http://127.0.0.1:${port}/healthz?verbose`)
    expect(health.status).toBe(503)
    expect(await health.json()).toEqual({ status: 'shutting-down', connections: 3 })
    await status.close()
  })
})

describe('logs', () => {
  test('connection events and malformed frames are logged as JSON, the hex dump at debug', async () => {
    const sink = logSink()
    const { port, closes } = await start({ logger: createLogger({ level: 'debug', destination: sink.stream }) })
    const corrupt = heartbeat(5, 5)
    corrupt[18] = (corrupt[18] as number) ^ 1
    const socket = await client(port)
    socket.end(concat(Uint8Array.of(1, 2, 3), corrupt))
    await until(() => closes.length === 1)
    const lines = sink.lines()
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['connection opened', 'skipped garbage', 'malformed frame', 'connection closed']))
    const bad = lines.find((l) => l.msg === 'malformed frame')
    expect(bad).toMatchObject({ level: 40, conn: 1, kind: 'checksum', offset: 3, name: 'oxwire' })
    expect(bad?.error).toContain('mismatch')
    const dump = lines.find((l) => l.msg === 'malformed frame: dump')
    expect(dump).toMatchObject({ level: 20, conn: 1, offset: 3 })
    expect(dump?.dump).toContain('checksum at (root)')
    expect(dump?.dump).toContain('5a a5 01 01') // the frame's bytes
    expect(dump?.dump).toContain('^^')
    expect(lines.find((l) => l.msg === 'connection closed')).toMatchObject({ reason: 'end', bytesReceived: 22, frames: 0, malformed: 1 })
  })

  test('level silent writes nothing', async () => {
    const sink = logSink()
    const { port, closes } = await start({ logger: createLogger({ level: 'silent', destination: sink.stream }) })
    const socket = await client(port)
    socket.end(evrHeader(9000))
    await until(() => closes.length === 1)
    expect(sink.lines()).toEqual([])
  })
})
