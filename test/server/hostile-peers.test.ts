import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { constant, marker, stringz, struct, u8 } from '../../combinators/index.js'
import { detect } from '../../protocols/index.js'
import { createLogger, createPacketServer, type CloseReason, type PacketServer, type PacketServerOptions } from '../../src/server/index.js'
import { client, closed, concat, heartbeat, logSink, metricValue, quiet, until } from './helpers.js'

type Detected = typeof detect extends import('../../src/grammar/codec.js').Codec<infer A> ? A : never

const servers: PacketServer[] = []
const sockets: Socket[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function start(options: Partial<PacketServerOptions<Detected>> = {}) {
  const closes: { id: number; reason: CloseReason; frames: number }[] = []
  const frames: { id: number; at: number }[] = []
  const malformed: { id: number; at: number }[] = []
  const server = createPacketServer<Detected>({
    grammar: detect,
    logger: quiet,
    onFrame: (_frame, c) => void frames.push({ id: c.id, at: performance.now() }),
    onMalformed: (_event, c) => void malformed.push({ id: c.id, at: performance.now() }),
    onClose: (c, reason) => void closes.push({ id: c.id, reason, frames: c.frames }),
    ...options,
  })
  servers.push(server)
  const { port } = await server.listen()
  return { server, port, frames, malformed, closes }
}

async function open(port: number, localAddress?: string): Promise<Socket> {
  const socket = localAddress === undefined ? await client(port) : await clientFrom(port, localAddress)
  socket.on('error', () => undefined) // the server may reset a hostile peer while it writes
  sockets.push(socket)
  return socket
}

function clientFrom(port: number, localAddress: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress }, () => resolve(socket))
    socket.once('error', reject)
  })
}

// Repeated false EVR headers, each claiming a 4096-byte body.
function falseHeaders(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes)
  for (let i = 0; i + 4 <= bytes; i += 4) out.set([0xb5, 0x20, 0x00, 0x10], i)
  return out
}

const metrics = async (server: PacketServer) => server.metrics.registry.metrics()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('bounded work per peer', () => {
  test('a peer over its byte budget of garbage is closed as abuse, counted, and logged once', async () => {
    const sink = logSink()
    const { server, port, closes } = await start({
      abuseBudget: { wastedBytes: 20_000 },
      logger: createLogger({ level: 'info', destination: sink.stream }),
    })
    const hostile = await open(port)
    hostile.write(new Uint8Array(200_000).fill(0x11))
    await closed(hostile)
    await until(() => closes.length === 1)
    expect(closes[0]?.reason).toBe('abuse')
    const text = await metrics(server)
    expect(metricValue(text, 'oxwire_connections_closed_total', 'reason="abuse"')).toBe(1)
    const lines = sink.lines()
    expect(lines.filter((l) => String(l.msg).includes('over its budget'))).toHaveLength(1)
    // Its input past the budget is not decoded.
    expect(metricValue(text, 'oxwire_skipped_bytes_total')).toBeLessThan(200_000)
  })

  test('a flood of false headers exhausts the time budget; another connection is served meanwhile', async () => {
    const { server, port, closes, frames } = await start({ abuseBudget: { wastedMs: 20, wastedBytes: 1 << 30 } })
    const good = await open(port)
    good.write(heartbeat(1, 1))
    await until(() => frames.length === 1)
    const hostile = await open(port)
    hostile.write(falseHeaders(2 << 20))
    await until(() => closes.some((c) => c.reason === 'abuse'), 20_000)
    good.write(heartbeat(2, 2))
    await until(() => frames.length === 2)
    const text = await metrics(server)
    expect(metricValue(text, 'oxwire_wasted_decode_seconds_total')).toBeGreaterThan(0.02)
    expect(metricValue(text, 'oxwire_connections_closed_total', 'reason="abuse"')).toBe(1)
  })

  test('a peer that drips a frame with no known length, byte by byte, is closed as abuse: each retry counts', async () => {
    // A terminated string gives no length to wait for, so each byte makes the
    // frame decoded again from its start: quadratic work for linear input.
    const grammar = struct({ sync: marker(constant(u8, 0x7e)), name: stringz('latin1') })
    const closes: CloseReason[] = []
    const server = createPacketServer({
      grammar, logger: quiet, maxFrame: 1 << 16, frameTimeoutMs: 60_000, idleTimeoutMs: 60_000, minBytesPerSecond: 0,
      abuseBudget: { wastedMs: 5, wastedBytes: 1 << 30 },
      onClose: (_c, reason) => void closes.push(reason),
    })
    servers.push(server)
    const { port } = await server.listen()
    const dripper = await open(port)
    dripper.setNoDelay(true)
    dripper.write(Uint8Array.of(0x7e))
    for (let i = 0; i < 60_000 && closes.length === 0 && !dripper.destroyed; i++) {
      dripper.write(Uint8Array.of(0x61))
      if (i % 16 === 0) await new Promise((r) => setImmediate(r))
    }
    await until(() => closes.length === 1, 20_000)
    expect(closes).toEqual(['abuse'])
    expect(metricValue(await metrics(server), 'oxwire_wasted_decode_seconds_total')).toBeGreaterThan(0.005)
  })

  test('decoding a large read is sliced: another connection and /healthz are served before the flood is through', async () => {
    // A budget too large to stop it: the flood runs to its end.
    const { server, port, frames, malformed } = await start({ abuseBudget: { wastedMs: 1e9, wastedBytes: 1e12 } })
    const { port: httpPort } = await server.listenHttp()
    const good = await open(port)
    const hostile = await open(port)
    let healthAt = 0
    let sending = true
    const trickle = (async () => {
      for (let i = 0; sending; i++) {
        good.write(heartbeat(i, 0))
        await sleep(5)
      }
    })()
    await until(() => frames.length > 0)
    hostile.write(falseHeaders(512 * 1024))
    hostile.end()
    await until(() => malformed.length > 0)
    const health = fetch(`http://127.0.0.1:${httpPort}/healthz`).then((r) => ((healthAt = performance.now()), r.status))
    await until(() => malformed.length >= 512 * 256 - 1100, 60_000)
    sending = false
    await trickle
    const floodStart = malformed[0]?.at ?? 0
    const floodEnd = malformed[malformed.length - 1]?.at ?? 0
    expect(await health).toBe(200)
    // Served while the flood was still being decoded, not after it.
    expect(healthAt).toBeLessThan(floodEnd)
    expect(frames.filter((f) => f.at > floodStart && f.at < floodEnd).length).toBeGreaterThan(0)
  })
})

describe('logs under attack', () => {
  test('malformed-frame lines are rate-limited per connection, with a summary at close', async () => {
    const sink = logSink()
    const { server, port, closes } = await start({ logger: createLogger({ level: 'info', destination: sink.stream }) })
    const corrupt = heartbeat(1, 1)
    corrupt[18] = (corrupt[18] as number) ^ 1
    const socket = await open(port)
    socket.end(concat(...Array.from({ length: 200 }, () => corrupt)))
    await until(() => closes.length === 1)
    const lines = sink.lines()
    const warned = lines.filter((l) => l.msg === 'malformed frame')
    expect(warned.length).toBeGreaterThan(0)
    expect(warned.length).toBeLessThanOrEqual(6)
    expect(lines.some((l) => 'dump' in l)).toBe(false) // hex dumps only at debug
    const summary = lines.find((l) => l.msg === 'connection closed')
    expect(summary).toMatchObject({ malformed: 200, reason: 'end' })
    expect(Number(summary?.suppressedLines)).toBeGreaterThanOrEqual(194)
    expect(metricValue(await metrics(server), 'oxwire_log_suppressed_lines_total')).toBeGreaterThanOrEqual(194)
    // Log volume stays far below the input volume.
    const logBytes = lines.reduce((n, l) => n + JSON.stringify(l).length + 1, 0)
    expect(logBytes).toBeLessThan(200 * 19)
  })
})

describe('slow peers', () => {
  test('a frame dripped byte by byte is cut at the frame deadline, though the idle timer never fires', async () => {
    const { port, closes } = await start({ frameTimeoutMs: 300, minBytesPerSecond: 0 })
    const socket = await open(port)
    const frame = heartbeat(1, 1)
    for (let i = 0; i < frame.length - 1 && !socket.destroyed; i++) {
      socket.write(frame.subarray(i, i + 1))
      await sleep(60)
    }
    await until(() => closes.length === 1, 10_000)
    expect(closes[0]?.reason).toBe('frame-timeout')
  })

  test('garbage dripped below the minimum rate is cut; a client sending frames as slowly is not', async () => {
    const { port, closes } = await start({ rateWindowMs: 600, minBytesPerSecond: 64 })
    const drip = await open(port)
    const polite = await open(port, '127.0.0.2')
    let going = true
    const dripping = (async () => {
      for (let i = 0; going && !drip.destroyed; i++) {
        drip.write(Uint8Array.of(0x01))
        polite.write(heartbeat(i, 0)) // 19 bytes per tick: under 64 B/s, but every one a frame
        await sleep(300)
      }
    })()
    await until(() => closes.length === 1, 10_000)
    going = false
    await dripping
    expect(closes[0]).toMatchObject({ id: 1, reason: 'slow' })
    expect(polite.destroyed).toBe(false)
  })

  test('connections per address are capped; another address still gets in', async () => {
    const { server, port } = await start({ maxConnectionsPerAddress: 3 })
    for (let i = 0; i < 3; i++) await open(port)
    await until(() => server.connections.length === 3)
    const fourth = await open(port)
    await closed(fourth)
    await open(port, '127.0.0.2')
    await until(() => server.connections.length === 4)
    expect(metricValue(await metrics(server), 'oxwire_connections_rejected_total', 'reason="per-address"')).toBe(1)
  })

  test('when slots run out, an unproductive connection is evicted for a newcomer', async () => {
    const { server, port, closes, frames } = await start({ maxConnections: 3 })
    const busy = await open(port)
    busy.write(heartbeat(0, 0))
    await until(() => frames.length === 1)
    const idle = [await open(port), await open(port)]
    idle[0]?.write(Uint8Array.of(0xb5)) // a frame started, never finished
    await until(() => server.connections.length === 3)
    await sleep(1100) // old enough to judge
    busy.write(heartbeat(1, 0))
    await until(() => frames.length === 2)
    const newcomer = await open(port, '127.0.0.2')
    newcomer.write(heartbeat(7, 7))
    await until(() => frames.length === 3)
    await until(() => closes.length === 1)
    expect(closes[0]).toMatchObject({ reason: 'evicted', frames: 0 })
    expect(busy.destroyed).toBe(false)
    const text = await metrics(server)
    expect(metricValue(text, 'oxwire_connections_closed_total', 'reason="evicted"')).toBe(1)
    expect(metricValue(text, 'oxwire_connections_rejected_total')).toBe(0)
  })

  test('with every slot productive, a newcomer is refused; refusals are counted and logged at a bounded rate', async () => {
    const sink = logSink()
    const { server, port, frames } = await start({ maxConnections: 1, logger: createLogger({ level: 'warn', destination: sink.stream }) })
    const busy = await open(port)
    busy.write(heartbeat(0, 0))
    await until(() => frames.length === 1)
    for (let i = 0; i < 20; i++) await closed(await open(port))
    expect(metricValue(await metrics(server), 'oxwire_connections_rejected_total', 'reason="limit"')).toBe(20)
    const refusals = sink.lines().filter((l) => l.msg === 'connection refused')
    expect(refusals.length).toBeGreaterThanOrEqual(1)
    expect(refusals.length).toBeLessThanOrEqual(2)
  })
})

describe('shutdown', () => {
  test('is bounded even when a handler never settles', async () => {
    const { server, port, frames } = await start({
      shutdownGraceMs: 200,
      onFrame: () => {
        frames.push({ id: 0, at: 0 })
        return new Promise<void>(() => undefined)
      },
    })
    const socket = await open(port)
    socket.write(concat(heartbeat(1, 1), heartbeat(2, 2)))
    await until(() => frames.length === 1)
    await server.close()
    expect(server.connections).toHaveLength(0)
  })
})
