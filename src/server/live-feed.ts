import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Codec } from '../grammar/codec.js'
import { analysisOf } from '../analysis/index.js'
import { decodeSpans } from '../interpret/spans/decode-spans.js'
import { hex } from '../runtime/hex.js'
import type { LiveEvent, LiveMessage } from './live-messages.js'
import type { ConnectionInfo, FrameOf, MalformedOf } from './types.js'

/**
 * Options of the packet server's live feed (`liveFeed` in
 * `createPacketServer`'s options): a WebSocket at `/live` on the server's
 * HTTP side that sends each frame as it is decoded, for `oxwire inspect
 * --attach`. The feed costs nothing while no one watches, and is bounded
 * when someone does.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import WebSocket from 'ws'
 * import { u8 } from 'oxwire/combinators'
 * import { createPacketServer, type LiveFeedOptions } from 'oxwire/server'
 * const liveFeed: LiveFeedOptions = { maxEventsPerSecond: 50, allowOrigins: ['http://127.0.0.1:8080'] }
 * const server = createPacketServer({ grammar: u8, logLevel: 'silent', liveFeed })
 * const http = await server.listenHttp() // ws://127.0.0.1:<port>/live, beside /metrics
 * // A web page from an origin not listed is refused.
 * const page = new WebSocket(`ws://127.0.0.1:${http.port}/live`, { origin: 'http://evil.example' })
 * const refused = await new Promise<boolean>((resolve) => {
 *   page.on('open', () => resolve(false))
 *   page.on('error', () => resolve(true))
 * })
 * assert.equal(refused, true)
 * await server.close()
 * ```
 * @category Server
 */
export interface LiveFeedOptions {
  /** Most events sent per second (default 200); past it events are counted and reported as skipped. */
  readonly maxEventsPerSecond?: number
  /** Most watchers at once (default 8); more are refused with HTTP 503. */
  readonly maxClients?: number
  /**
   * Browser origins allowed to connect, e.g. `http://127.0.0.1:8080`
   * (default none). A request with an `Origin` header not listed here is
   * refused, so that no web page a user visits can read the feed; programs
   * (such as `oxwire inspect`, which relays it) send no origin.
   */
  readonly allowOrigins?: readonly string[]
  /** Bytes queued to a slow watcher past which events to it are skipped (default 1 MiB). */
  readonly maxQueuedBytes?: number
  /** Most bytes of a frame sent as hex (default 65 536); longer frames are cut and marked. */
  readonly maxFrameBytes?: number
}

/** The live feed a packet server runs when `liveFeed` is set. @internal */
export interface LiveFeed<A> {
  /** Handles an HTTP upgrade on the server's HTTP side. */
  readonly upgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void
  /** Reports a decoded frame. */
  readonly frame: (frame: FrameOf<A>, connection: ConnectionInfo) => void
  /** Reports a malformed or truncated frame. */
  readonly malformed: (event: MalformedOf, connection: ConnectionInfo) => void
  /** Disconnects every watcher. */
  readonly close: () => void
}

const refuse = (socket: Duplex, status: string): void => {
  socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`)
}

/** Creates the live feed of a packet server. @internal */
export function createLiveFeed<A>(grammar: Codec<A>, name: string, protocolOf: (value: A) => string, options: LiveFeedOptions = {}): LiveFeed<A> {
  const maxRate = options.maxEventsPerSecond ?? 200
  const maxClients = options.maxClients ?? 8
  const maxQueued = options.maxQueuedBytes ?? 1 << 20
  const maxFrameBytes = options.maxFrameBytes ?? 1 << 16
  const origins = new Set(options.allowOrigins ?? [])
  // Watchers send nothing the feed reads: a tiny payload limit.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 })
  const clients = new Set<WebSocket>()
  let windowStart = 0
  let sent = 0
  let skipped = 0
  let ticker: NodeJS.Timeout | undefined

  const tick = (): void => {
    if (skipped > 0) broadcast(JSON.stringify({ type: 'skipped', count: skipped } satisfies LiveMessage))
    skipped = 0
  }

  // True when an event may be sent now; counts it either way.
  const admit = (): boolean => {
    if (clients.size === 0) return false
    const now = Date.now()
    if (now - windowStart >= 1000) {
      windowStart = now
      sent = 0
    }
    if (sent >= maxRate) {
      skipped++
      return false
    }
    sent++
    return true
  }

  const broadcast = (text: string): void => {
    for (const ws of clients) {
      if (ws.bufferedAmount > maxQueued) skipped++
      else ws.send(text)
    }
  }

  const send = (event: LiveEvent): void => broadcast(JSON.stringify(event))

  const bytesHex = (bytes: Uint8Array): { hex: string; cut: boolean } => ({
    hex: hex(bytes.subarray(0, maxFrameBytes)).replaceAll(' ', ''),
    cut: bytes.length > maxFrameBytes,
  })

  return {
    upgrade: (request, socket, head) => {
      const path = (request.url ?? '/').split('?')[0]
      const origin = request.headers.origin
      if (path !== '/live') return refuse(socket, '404 Not Found')
      if (origin !== undefined && !origins.has(origin)) return refuse(socket, '403 Forbidden')
      if (clients.size >= maxClients) return refuse(socket, '503 Service Unavailable')
      wss.handleUpgrade(request, socket, head, (ws) => {
        clients.add(ws)
        ticker ??= setInterval(tick, 1000).unref()
        ws.on('close', () => {
          clients.delete(ws)
          if (clients.size === 0 && ticker !== undefined) {
            clearInterval(ticker)
            ticker = undefined
          }
        })
        ws.on('error', () => ws.terminate())
        ws.send(JSON.stringify({ type: 'hello', grammar: name, maxEventsPerSecond: maxRate } satisfies LiveMessage))
      })
    },
    frame: (frame, connection) => {
      if (!admit()) return
      const remote = `${connection.remoteAddress}:${connection.remotePort}`
      send({ type: 'frame', time: Date.now(), connection: connection.id, remote, offset: frame.offset, length: frame.length, protocol: protocolOf(frame.value), ...bytesHex(frame.bytes) })
    },
    malformed: (event, connection) => {
      if (!admit()) return
      const { kind, offset, message, path } = event.error
      send({
        type: event.type,
        time: Date.now(),
        connection: connection.id,
        remote: `${connection.remoteAddress}:${connection.remotePort}`,
        offset: event.offset,
        length: event.length,
        protocol: failedProtocol(grammar, event.bytes),
        error: { kind, offset, message, path },
        ...bytesHex(event.bytes),
      })
    },
    close: () => {
      if (ticker !== undefined) clearInterval(ticker)
      ticker = undefined
      for (const ws of clients) ws.terminate()
      clients.clear()
      wss.close()
    },
  }
}

// Which alternative of a oneOf a broken frame belongs to: the one whose
// committed failure the spans show (undefined when none matched).
function failedProtocol<A>(grammar: Codec<A>, bytes: Uint8Array): string | undefined {
  if (analysisOf(grammar).unnamed.tag !== 'oneOf') return 'name' in grammar && typeof grammar.name === 'string' ? grammar.name : undefined
  const { root } = decodeSpans(grammar, bytes, { maxSpans: 64 })
  return root.children[0]?.name
}
