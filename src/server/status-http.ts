import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { AddressInfo } from 'node:net'
import type { Registry } from 'prom-client'
import { listenOn, type ListenOptions } from './listen.js'
import type { SinkHealth } from './sink/frame-sink.js'

/**
 * What `/healthz` reports: 200 while `ok`, 503 otherwise (e.g. shutting
 * down), with the body as JSON.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u8 } from 'oxwire/combinators'
 * import { createPacketServer, type Health } from 'oxwire/server'
 * const server = createPacketServer({ grammar: u8, logLevel: 'silent' })
 * const health: Health = server.health()
 * assert.deepEqual([health.ok, health.connections], [true, 0])
 * const closing = server.close()
 * assert.equal(server.health().ok, false) // /healthz answers 503 while shutting down
 * await closing
 * ```
 * @category Server
 */
export interface Health {
  /** Whether the server accepts connections. */
  readonly ok: boolean
  /** Connections open now. */
  readonly connections: number
  /** The body's `status` word; default `ok` while `ok`, else `shutting-down`. */
  readonly status?: 'ok' | 'degraded' | 'shutting-down'
  /** The sink's state, when the server has one. */
  readonly sink?: SinkHealth
}

/**
 * Options of {@link createStatusServer}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createServerMetrics, createStatusServer, type StatusServerOptions } from 'oxwire/server'
 * const options: StatusServerOptions = {
 *   registry: createServerMetrics({ processMetrics: false }).registry,
 *   health: () => ({ ok: false, connections: 3, status: 'degraded' }),
 *   maxConnections: 8,
 * }
 * const status = createStatusServer(options)
 * const { port } = await status.listen()
 * const response = await fetch(`http://127.0.0.1:${port}/healthz`)
 * assert.equal(response.status, 503)
 * assert.deepEqual(await response.json(), { status: 'degraded', connections: 3 })
 * await status.close()
 * ```
 * @category Server
 */
export interface StatusServerOptions {
  /** The registry `/metrics` renders. */
  readonly registry: Registry
  /** Called for each `/healthz` request. */
  readonly health: () => Health
  /** HTTP connections open at once; more are closed at once. Default 64. */
  readonly maxConnections?: number
  /** Time a client has to send a request's headers, in ms. Default 5 000. */
  readonly headersTimeoutMs?: number
  /** Time a client has to send a whole request, in ms. Default 10 000. */
  readonly requestTimeoutMs?: number
  /** How long an idle keep-alive connection is kept, in ms. Default 2 000. */
  readonly keepAliveTimeoutMs?: number
  /** Handles HTTP upgrades (the live feed's WebSocket); without it they are refused. */
  readonly upgrade?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void
}

/** Defaults of the HTTP side's limits. @internal */
export const httpDefaults = { maxConnections: 64, headersTimeoutMs: 5000, requestTimeoutMs: 10_000, keepAliveTimeoutMs: 2000 } as const

/**
 * The packet server's HTTP side: `GET /healthz` and `GET /metrics`
 * (Prometheus text format); anything else is 404. It binds to 127.0.0.1
 * unless told otherwise: the endpoints are unauthenticated. Its
 * connections are capped and timed out quickly, so idle or slow HTTP
 * clients cannot take the descriptors the packet port needs.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createServerMetrics, createStatusServer, type StatusServer } from 'oxwire/server'
 * const metrics = createServerMetrics({ processMetrics: false })
 * metrics.frames.inc({ protocol: 'tlm' }, 3)
 * const status: StatusServer = createStatusServer({ registry: metrics.registry, health: () => ({ ok: true, connections: 0 }) })
 * const { port, address } = await status.listen()
 * assert.equal(address, '127.0.0.1') // unauthenticated: loopback unless told otherwise
 * const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
 * assert.match(text, /oxwire_frames_total\{protocol="tlm"\} 3/)
 * assert.equal((await fetch(`http://127.0.0.1:${port}/other`)).status, 404)
 * await status.close()
 * ```
 * @category Server
 */
export interface StatusServer {
  /** Binds, by default to an ephemeral port on 127.0.0.1. */
  listen(options?: ListenOptions): Promise<AddressInfo>
  /** Stops listening and closes open HTTP connections. */
  close(): Promise<void>
}

/**
 * Creates the HTTP side of a packet server; {@link PacketServer.listenHttp}
 * uses it, and it works on its own for any prom-client registry.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createServerMetrics, createStatusServer } from 'oxwire/server'
 *
 * const { registry } = createServerMetrics()
 * const status = createStatusServer({ registry, health: () => ({ ok: true, connections: 0 }) })
 * const { port } = await status.listen()
 * const response = await fetch(`http://127.0.0.1:${port}/healthz`)
 * assert.equal(response.status, 200)
 * assert.deepEqual(await response.json(), { status: 'ok', connections: 0 })
 * await status.close()
 * ```
 * @category Server
 */
export function createStatusServer(options: StatusServerOptions): StatusServer {
  const headersTimeout = options.headersTimeoutMs ?? httpDefaults.headersTimeoutMs
  const requestTimeout = options.requestTimeoutMs ?? httpDefaults.requestTimeoutMs
  const keepAliveTimeout = options.keepAliveTimeoutMs ?? httpDefaults.keepAliveTimeoutMs
  // Node checks the header and request deadlines every
  // connectionsCheckingInterval (30 s by default): far too coarse here.
  const settings = { headersTimeout, requestTimeout, keepAliveTimeout, connectionsCheckingInterval: Math.min(1000, headersTimeout) }
  const http: Server = createServer(settings, (request, response) => {
    const path = (request.url ?? '/').split('?')[0]
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end()
    } else if (path === '/healthz') {
      const health = options.health()
      response.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' })
      const status = health.status ?? (health.ok ? 'ok' : 'shutting-down')
      response.end(JSON.stringify({ status, connections: health.connections, ...(health.sink === undefined ? {} : { sink: health.sink }) }))
    } else if (path === '/metrics') {
      options.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
      )
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n')
    }
  })
  http.maxConnections = options.maxConnections ?? httpDefaults.maxConnections
  // A connection that never sends a byte is covered by neither deadline.
  http.timeout = requestTimeout
  if (options.upgrade !== undefined) http.on('upgrade', options.upgrade)
  return {
    listen: (where = {}) => listenOn(http, where),
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections()
        http.close(() => resolve())
      }),
  }
}
