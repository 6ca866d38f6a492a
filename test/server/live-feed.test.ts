import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { detect } from '../../protocols/index.js'
import { createPacketServer, type PacketServer } from '../../src/server/packet-server.js'
import type { LiveFeedOptions } from '../../src/server/live-feed.js'
import type { LiveMessage } from '../../src/server/live-messages.js'
import { client, concat, evr, heartbeat, quiet } from './helpers.js'

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

let servers: PacketServer[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})

async function serve(liveFeed: boolean | LiveFeedOptions | undefined) {
  const frames: number[] = []
  const server = createPacketServer({ grammar: detect, logger: quiet, shutdownGraceMs: 50, ...(liveFeed === undefined ? {} : { liveFeed }), onFrame: (f) => void frames.push(f.offset) })
  servers.push(server)
  const tcp = await server.listen()
  const http = await server.listenHttp()
  return { tcp, http, frames }
}

/** A watcher of the feed: every message, and a way to wait for some. */
function watch(port: number, headers: Record<string, string> = {}) {
  const messages: LiveMessage[] = []
  const ws = new WebSocket(`ws://127.0.0.1:${port}/live`, { headers })
  ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as LiveMessage))
  const until = async (done: () => boolean): Promise<void> => {
    for (let i = 0; i < 400 && !done(); i++) await new Promise((r) => setTimeout(r, 25))
    expect(done()).toBe(true)
  }
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return { ws, messages, until, opened }
}

function refusal(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers })
    ws.on('unexpected-response', (_, response) => resolve(response.statusCode ?? 0))
    ws.on('error', () => resolve(-1))
  })
}

describe('the live feed', () => {
  it('sends frames and broken frames as they are decoded, with their bytes', async () => {
    const { tcp, http } = await serve(true)
    const w = watch(http.port)
    await w.opened
    await w.until(() => w.messages.some((m) => m.type === 'hello'))
    expect(w.messages[0]).toEqual({ type: 'hello', grammar: 'frame', maxEventsPerSecond: 200 })
    const good = heartbeat(5, 6)
    const bad = evr(1n, 2)
    bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 0xff
    const socket = await client(tcp.port)
    socket.end(concat(good, bad, evr(3n, 4)))
    await w.until(() => w.messages.filter((m) => m.type !== 'hello').length >= 3)
    const events = w.messages.filter((m) => m.type !== 'hello' && m.type !== 'skipped')
    expect(events.map((e) => ('protocol' in e ? [e.type, e.protocol, e.offset] : []))).toEqual([
      ['frame', 'tlm', 0],
      ['malformed', 'evr', 19],
      ['frame', 'evr', 39],
    ])
    const [first, second, third] = events
    expect(first && 'hex' in first && first.hex).toBe(toHex(good))
    expect(second && 'hex' in second && second.hex.startsWith(toHex(bad))).toBe(true)
    expect(second && 'error' in second && second.error?.kind).toBe('checksum')
    expect(third && 'hex' in third && third.hex).toBe(toHex(evr(3n, 4)))
    w.ws.close()
  })

  it('cuts a frame longer than maxFrameBytes and says so', async () => {
    const { tcp, http } = await serve({ maxFrameBytes: 4 })
    const w = watch(http.port)
    await w.opened
    const socket = await client(tcp.port)
    socket.end(heartbeat(1, 1))
    await w.until(() => w.messages.some((m) => m.type === 'frame'))
    const frame = w.messages.find((m) => m.type === 'frame')
    expect(frame && 'hex' in frame && [frame.hex, frame.cut, frame.length]).toEqual(['5aa50101', true, 19])
    // A watcher that leaves is forgotten: a new one is welcome.
    const gone = new Promise((resolve) => w.ws.once('close', resolve))
    w.ws.close()
    await gone
    const again = watch(http.port)
    await again.opened
    again.ws.close()
  })

  it('is off unless enabled: no upgrade on a plain server', async () => {
    const { http } = await serve(undefined)
    expect(await refusal(http.port, '/live')).not.toBe(101)
  })

  it('refuses browser origins it was not told of, unknown paths and watchers past the limit', async () => {
    const { http } = await serve({ maxClients: 1, allowOrigins: ['http://127.0.0.1:1'] })
    expect(await refusal(http.port, '/live', { origin: 'http://evil.example' })).toBe(403)
    expect(await refusal(http.port, '/elsewhere')).toBe(404)
    const allowed = watch(http.port, { origin: 'http://127.0.0.1:1' })
    await allowed.opened
    expect(await refusal(http.port, '/live')).toBe(503)
    allowed.ws.close()
  })

  it('sends at most maxEventsPerSecond and reports the rest as skipped', async () => {
    const { tcp, http, frames } = await serve({ maxEventsPerSecond: 5 })
    const w = watch(http.port)
    await w.opened
    const socket = await client(tcp.port)
    socket.end(concat(...Array.from({ length: 40 }, (_, i) => heartbeat(i, 0))))
    await w.until(() => frames.length === 40 && w.messages.some((m) => m.type === 'skipped'))
    const sent = w.messages.filter((m) => m.type === 'frame').length
    const skipped = w.messages.reduce((n, m) => n + (m.type === 'skipped' ? m.count : 0), 0)
    expect(sent).toBeGreaterThan(0)
    expect(sent).toBeLessThanOrEqual(10) // one or two one-second windows
    expect(sent + skipped).toBe(40)
    w.ws.close()
  })

  it('disconnects watchers when the server closes', async () => {
    const { http } = await serve(true)
    const w = watch(http.port)
    await w.opened
    const closed = new Promise((resolve) => w.ws.once('close', resolve))
    await Promise.all(servers.map((s) => s.close()))
    servers = []
    await closed
  })
})
