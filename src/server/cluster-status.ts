import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { listenOn, type ListenOptions } from './listen.js'
import type { SinkHealth } from './sink/frame-sink.js'

/**
 * One worker as the cluster's `/healthz` reports it.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { WorkerHealth } from 'oxwire/server'
 * const worker: WorkerHealth = { id: 3, pid: 4242, responding: true, ok: true, connections: 12, frames: 5000 }
 * assert.equal(worker.ok && worker.responding, true)
 * ```
 * @category Server
 */
export interface WorkerHealth {
  /** The cluster's id of the worker (a restarted worker gets a new one). */
  readonly id: number
  /** Its process id. */
  readonly pid: number
  /** Whether it answered the health request in time. */
  readonly responding: boolean
  /** Whether its server accepts connections (false while draining or not answering). */
  readonly ok: boolean
  /** Connections open in it. */
  readonly connections: number
  /** Frames it decoded since it started. */
  readonly frames: number
  /** Its sink's state, when the server has one (see `createNatsSink`). */
  readonly sink?: SinkHealth
}

/** What the primary's HTTP side reads. @internal */
export interface ClusterStatusOptions {
  /** Workers the cluster runs when whole. */
  readonly expected: number
  readonly closing: () => boolean
  readonly workers: () => Promise<WorkerHealth[]>
  /** The workers' metrics, aggregated, in Prometheus text format. */
  readonly metrics: () => Promise<string>
  readonly contentType: string
}

/**
 * The primary's HTTP side: `GET /healthz` answers 200 `ok` when every
 * worker answers and accepts connections, 200 `degraded` when some do
 * (a worker being restarted), 503 `degraded` when a worker's sink cannot
 * deliver (its broker away), 503 when none does or the cluster is
 * shutting down, with each worker in the body; `GET /metrics` is the sum
 * over the workers (prom-client's `AggregatorRegistry`). Not exported: the
 * cluster server starts it. @internal
 */
export function createClusterStatusServer(options: ClusterStatusOptions): { listen(where: ListenOptions): Promise<AddressInfo>; close(): Promise<void> } {
  const http: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]
    const fail = (error: unknown): void => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error))
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end()
    } else if (path === '/healthz') {
      options.workers().then((workers) => {
        const up = workers.filter((w) => w.ok).length
        // A sink that cannot deliver (its broker away) holds frames back: the
        // instance says degraded with 503, so a load balancer prefers another.
        const sinkAway = workers.some((w) => w.sink !== undefined && !w.sink.ok)
        const status = options.closing() ? 'shutting-down' : up === 0 ? 'down' : sinkAway || up < options.expected ? 'degraded' : 'ok'
        const connections = workers.reduce((sum, w) => sum + w.connections, 0)
        response.writeHead(status === 'ok' || (status === 'degraded' && !sinkAway) ? 200 : 503, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ status, connections, expectedWorkers: options.expected, workers }))
      }, fail)
    } else if (path === '/metrics') {
      options.metrics().then((text) => response.writeHead(200, { 'content-type': options.contentType }).end(text), fail)
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n')
    }
  })
  return {
    listen: (where) => listenOn(http, where),
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections()
        http.close(() => resolve())
      }),
  }
}
