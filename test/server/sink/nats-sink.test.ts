/**
 * The NATS JetStream sink against a real nats-server (Debian package
 * nats-server): frames in over TCP, messages out in the stream, with the
 * broker up, killed mid-run, and down at start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Socket } from 'node:net'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { isLeft } from 'fp-ts/lib/Either.js'
import { encode } from '../../../src/api.js'
import type { Codec } from '../../../src/grammar/codec.js'
import { detect, eventRecord } from '../../../protocols/index.js'
import { createPacketServer, type PacketServer } from '../../../src/server/packet-server.js'
import { createNatsSink, type NatsSinkOptions } from '../../../src/server/sink/nats-sink.js'
import { createLogger } from '../../../src/server/logger.js'
import { systemTool } from '../../helpers/system-tool.js'
import { createBroker, freePort, type Broker } from '../../helpers/nats-broker.js'
import { client, closed, concat, evr, heartbeat, logSink, metricValue, quiet, until } from '../helpers.js'
import { streamContents } from './stream-contents.js'
import type { Detected } from '../../../protocols/index.js'

const natsServer = systemTool('nats-server', 'nats-server')

function encodeOrThrow<A>(codec: Codec<A>, value: A): Uint8Array {
  const result = encode(codec, value)
  if (isLeft(result)) throw new Error(result.left.message)
  return result.right
}

/** A server with a sink on `url`, listening on free ports. */
async function serve(url: string, options: Partial<NatsSinkOptions<Detected>> = {}, logger = quiet, onFrame?: () => void) {
  const sink = createNatsSink<Detected>({ servers: url, ackTimeoutMs: 1000, reconnectWaitMs: 100, retryMaxMs: 300, flushTimeoutMs: 5000, ...options })
  const server = createPacketServer({ grammar: detect, sink, logger, idleTimeoutMs: 0, ...(onFrame === undefined ? {} : { onFrame }) })
  const tcp = await server.listen({ host: '127.0.0.1', port: 0 })
  const http = await server.listenHttp({ host: '127.0.0.1', port: 0 })
  return { sink, server, port: tcp.port, httpPort: http.port }
}

async function healthz(port: number): Promise<{ code: number; body: { status: string; sink?: { state: string; ok: boolean; outstanding: number } } }> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`)
  return { code: response.status, body: (await response.json()) as { status: string; sink?: { state: string; ok: boolean; outstanding: number } } }
}

/** Frame `i` of connection `c`: TLM heartbeats and EVR records alternating, each unique. */
function frameOf(c: number, i: number): Uint8Array {
  return i % 2 === 0 ? heartbeat(c * 1000 + i, 1_700_000_000 + i) : evr(BigInt(c), i)
}

/** Sends `count` frames on `socket`, `perWrite` at a time, yielding between writes. */
async function send(socket: Socket, c: number, from: number, count: number, perWrite = 10): Promise<void> {
  for (let i = from; i < from + count; i += perWrite) {
    const frames = []
    for (let j = i; j < Math.min(from + count, i + perWrite); j++) frames.push(frameOf(c, j))
    if (!socket.write(concat(...frames))) await new Promise((r) => socket.once('drain', r))
    await new Promise((r) => setImmediate(r))
  }
}

async function finish(sockets: Socket[], server: PacketServer): Promise<void> {
  for (const socket of sockets) socket.end()
  await Promise.all(sockets.map(closed))
  await server.close()
}

describe.skipIf(natsServer === undefined)('NATS JetStream sink, with a real nats-server', () => {
  let broker: Broker
  beforeAll(async () => {
    broker = await createBroker(natsServer as string)
    await broker.start()
  })
  afterAll(() => broker?.dispose())

  it('stores exactly N messages for N frames over M connections, bytes and headers intact', async () => {
    const { sink, server, port, httpPort } = await serve(broker.url, { stream: 'EXACT', subject: 'exact.{protocol}', window: 8 })
    await until(() => sink.state === 'connected', 10_000)
    expect(await healthz(httpPort)).toMatchObject({ code: 200, body: { status: 'ok', sink: { state: 'connected', ok: true } } })
    const M = 4
    const perConnection = 60
    const sockets = await Promise.all(Array.from({ length: M }, () => client(port)))
    await Promise.all(sockets.map((socket, c) => send(socket, c, 0, perConnection)))
    await finish(sockets, server)

    const stored = await streamContents(broker.url, 'EXACT')
    expect(stored).toHaveLength(M * perConnection)
    // Each frame once, with its own bytes, protocol and offset.
    const expected = new Map<string, number>()
    for (let c = 0; c < M; c++) {
      let offset = 0
      for (let i = 0; i < perConnection; i++) {
        const bytes = frameOf(c, i)
        expected.set(Buffer.from(bytes).toString('hex'), offset)
        offset += bytes.length
      }
    }
    expect(new Set(stored.map((m) => m.headers['Oxwire-Connection'])).size).toBe(M)
    const seen = new Set<string>()
    for (const message of stored) {
      const key = Buffer.from(message.data).toString('hex')
      expect(seen.has(key)).toBe(false)
      seen.add(key)
      expect(message.headers['Oxwire-Offset']).toBe(String(expected.get(key)))
      const protocol = message.data[0] === 0x5a ? 'tlm' : 'evr'
      expect(message.subject).toBe(`exact.${protocol}`)
      const connection = message.headers['Oxwire-Connection'] as string
      expect(connection).toMatch(new RegExp(`^${sink.instance}/\\d+$`))
      expect(message.headers).toMatchObject({
        'Oxwire-Protocol': protocol,
        'Oxwire-Length': String(message.data.length),
        'Oxwire-Payload': 'frame',
        'Nats-Msg-Id': `${sink.instance}:${connection.split('/')[1]}:${message.headers['Oxwire-Offset']}`,
      })
      expect(Date.parse(message.headers['Oxwire-Received'] as string)).toBeGreaterThan(Date.parse('2020-01-01'))
      expect(message.headers['Oxwire-Remote']).toMatch(/^127\.0\.0\.1:\d+$/)
    }
    expect(seen.size).toBe(expected.size)
    const text = await server.metrics.registry.metrics()
    expect(metricValue(text, 'oxwire_sink_acknowledged_total')).toBe(M * perConnection)
    expect(metricValue(text, 'oxwire_sink_failed_total')).toBe(0)
    expect(metricValue(text, 'oxwire_sink_outstanding')).toBe(0)
    expect(sink.state).toBe('closed')
  })

  it('publishes the decoded value as JSON when asked, and de-duplicates by the frame’s own identity', async () => {
    const { sink, server, port } = await serve(broker.url, {
      stream: { name: 'JSON', subjects: ['json.>'] },
      subject: 'json.{protocol}.{instance}',
      payload: 'json',
      // An EVR record is identified by its device and event ids: the device's
      // own retransmission of it is the same message.
      messageId: (frame) => (frame.value.protocol === 'evr' ? `evr:${frame.value.value.deviceId}:${frame.value.value.eventId}` : undefined),
    })
    const socket = await client(port)
    socket.write(concat(evr(9n, 1), heartbeat(5, 6), evr(9n, 1), evr(9n, 2)))
    await finish([socket], server)
    const stored = await streamContents(broker.url, 'JSON')
    expect(stored.map((m) => JSON.parse(new TextDecoder().decode(m.data)) as unknown)).toEqual([
      { protocol: 'evr', value: { flags: { ackRequested: false, retransmit: false, urgent: false }, deviceId: { $bigint: '9' }, eventId: 1, fields: [] } },
      { protocol: 'tlm', value: { seq: 5, timestamp: 6, payload: { type: 'heartbeat', uptime: 1, status: 0 } } },
      { protocol: 'evr', value: { flags: { ackRequested: false, retransmit: false, urgent: false }, deviceId: { $bigint: '9' }, eventId: 2, fields: [] } },
    ])
    expect(stored[0]?.subject).toBe(`json.evr.${sink.instance}`)
    expect(stored[0]?.headers).toMatchObject({ 'Oxwire-Payload': 'json', 'Nats-Msg-Id': 'evr:9:1', 'Oxwire-Length': '20' })
    expect(metricValue(await server.metrics.registry.metrics(), 'oxwire_sink_duplicates_total')).toBe(1)
  })

  it('loses and duplicates nothing when the broker is killed and restarted mid-run', async () => {
    const own = await createBroker(natsServer as string)
    try {
      await own.start()
      // The broker dies (SIGKILL) right as the 100th frame is handed over, so
      // that publishes are in flight, unacknowledged, when it goes.
      let frames = 0
      let killed: Promise<void> | undefined
      const { sink, server, port, httpPort } = await serve(own.url, { stream: 'CRASH', window: 16 }, quiet, () => {
        if (++frames === 100) killed = own.kill()
      })
      await until(() => sink.state === 'connected', 10_000)
      const M = 3
      const sockets = await Promise.all(Array.from({ length: M }, () => client(port)))
      await Promise.all(sockets.map((s, c) => send(s, c, 0, 80, 2)))
      await until(() => killed !== undefined)
      await killed
      await until(() => sink.state === 'reconnecting', 10_000)
      const down = await healthz(httpPort)
      expect(down).toMatchObject({ code: 503, body: { status: 'degraded', sink: { state: 'reconnecting', ok: false } } })
      // Connections stop reading at the window: at most 16 frames each are held.
      await until(() => sink.health().outstanding > 0)
      expect(sink.health().outstanding).toBeLessThanOrEqual(M * 16)
      await own.start()
      await until(() => sink.health().outstanding === 0 && frames === M * 80, 20_000)
      await Promise.all(sockets.map((s, c) => send(s, c, 80, 20)))
      await finish(sockets, server)

      const stored = await streamContents(own.url, 'CRASH')
      const ids = stored.map((m) => m.headers['Nats-Msg-Id'])
      expect(new Set(ids).size).toBe(ids.length)
      expect(stored).toHaveLength(M * 100)
      const text = await server.metrics.registry.metrics()
      expect(metricValue(text, 'oxwire_sink_failed_total')).toBe(0)
      // Publishes were cut off by the crash and sent again.
      expect(metricValue(text, 'oxwire_sink_retried_total')).toBeGreaterThan(0)
      expect(metricValue(text, 'oxwire_sink_acknowledged_total')).toBe(M * 100)
    } finally {
      await own.dispose()
    }
  })

  it('de-duplicates retries of publishes the broker stored but acknowledged too late', async () => {
    // A stalled broker (SIGSTOP) keeps its connections: publishes queue up,
    // time out, and are sent again; when it wakes it stores the first copy
    // of each and acknowledges the rest as duplicates.
    let frames = 0
    const { sink, server, port } = await serve(broker.url, { stream: 'STALL', subject: 'stall.{protocol}', window: 8, ackTimeoutMs: 300 }, quiet, () => {
      if (++frames === 10) {
        broker.pause(true)
        setTimeout(() => broker.pause(false), 900)
      }
    })
    await until(() => sink.state === 'connected', 10_000)
    const socket = await client(port)
    await send(socket, 0, 0, 40, 1)
    await until(() => frames === 40 && sink.health().outstanding === 0, 20_000)
    await finish([socket], server)
    const stored = await streamContents(broker.url, 'STALL')
    expect(stored).toHaveLength(40)
    expect(new Set(stored.map((m) => m.headers['Nats-Msg-Id'])).size).toBe(40)
    const text = await server.metrics.registry.metrics()
    expect(metricValue(text, 'oxwire_sink_retried_total')).toBeGreaterThan(0)
    expect(metricValue(text, 'oxwire_sink_duplicates_total')).toBeGreaterThan(0)
    expect(metricValue(text, 'oxwire_sink_acknowledged_total')).toBe(40)
  })

  it('holds frames and reports degraded health while the broker is down at start, then delivers them all', async () => {
    const own = await createBroker(natsServer as string)
    const log = logSink()
    try {
      const { sink, server, port, httpPort } = await serve(own.url, { stream: 'LATE', window: 5 }, createLogger({ level: 'info', destination: log.stream }))
      const socket = await client(port)
      const frames = Array.from({ length: 50 }, (_, i) => frameOf(0, i))
      socket.write(concat(...frames))
      await until(() => sink.health().outstanding === 5)
      expect(await healthz(httpPort)).toMatchObject({ code: 503, body: { status: 'degraded', sink: { state: 'connecting', ok: false, outstanding: 5 } } })
      expect(server.health()).toMatchObject({ ok: false, status: 'degraded', connections: 1, sink: { state: 'connecting' } })
      expect(log.lines().some((l) => l['msg'] === 'sink cannot reach the broker; holding frames and retrying')).toBe(true)
      // The connection is paused at the window: nothing more is taken, nothing dropped.
      await new Promise((r) => setTimeout(r, 200))
      expect(sink.health().outstanding).toBe(5)
      expect(server.connections[0]?.frames).toBe(5)
      await own.start()
      await until(() => sink.health().outstanding === 0 && (server.connections[0]?.frames ?? 0) === 50, 20_000)
      expect(await healthz(httpPort)).toMatchObject({ code: 200, body: { status: 'ok' } })
      await finish([socket], server)
      expect(await streamContents(own.url, 'LATE')).toHaveLength(50)
    } finally {
      await own.dispose()
    }
  })

  it('gives up, loudly, on a frame the stream rejects for good, and goes on with the rest', async () => {
    const connection = await connect({ servers: broker.url })
    const manager = await jetstreamManager(connection)
    // Room for a heartbeat and its headers, not for a 1 KiB EVR record.
    await manager.streams.add({ name: 'SMALL', subjects: ['small.>'], max_msg_size: 600 })
    await connection.close()
    const log = logSink()
    const { sink, server, port } = await serve(broker.url, { stream: 'SMALL', subject: 'small.{protocol}' }, createLogger({ level: 'info', destination: log.stream }))
    const socket = await client(port)
    const large = encodeOrThrow(eventRecord, { flags: { ackRequested: false, retransmit: false, urgent: false }, deviceId: 1n, eventId: 1, fields: [{ tag: 'label', text: 'x'.repeat(1000) }] })
    socket.write(concat(heartbeat(1, 1), large, heartbeat(2, 2)))
    await finish([socket], server)
    expect((await streamContents(broker.url, 'SMALL')).map((m) => m.data.length)).toEqual([19, 19])
    expect(sink.health().failed).toBe(1)
    expect(metricValue(await server.metrics.registry.metrics(), 'oxwire_sink_failed_total', 'reason="rejected"')).toBe(1)
    expect(log.lines().filter((l) => l['msg'] === 'sink gave up on a frame')).toMatchObject([{ offset: 19, reason: 'rejected' }])
  })

  it('counts and logs frames it could not deliver by the flush deadline', async () => {
    const log = logSink()
    const nowhere = `nats://127.0.0.1:${await freePort()}`
    const { sink, server, port } = await serve(nowhere, { window: 3, flushTimeoutMs: 200 }, createLogger({ level: 'info', destination: log.stream }))
    const socket = await client(port)
    socket.write(concat(heartbeat(1, 1), heartbeat(2, 2)))
    await until(() => sink.health().outstanding === 2)
    socket.end()
    await closed(socket)
    await server.close()
    expect(sink.health()).toMatchObject({ state: 'closed', outstanding: 0, failed: 2 })
    expect(metricValue(await server.metrics.registry.metrics(), 'oxwire_sink_failed_total', 'reason="shutdown"')).toBe(2)
    const gaveUp = log.lines().filter((l) => l['msg'] === 'sink gave up on a frame')
    expect(gaveUp.map((l) => l['offset'])).toEqual([0, 19])
  })
})
