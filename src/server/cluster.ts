import cluster from 'node:cluster'
import type { AddressInfo } from 'node:net'
import type { ClusterServerOptions } from './cluster-options.js'
import { startPrimary } from './cluster-primary.js'
import type { WorkerHealth } from './cluster-status.js'
import { startWorker } from './cluster-worker.js'
import type { PacketServer } from './packet-server.js'

/**
 * A packet server on several processes; see {@link startClusterServer}.
 * The same call returns the primary's side in the primary and the
 * worker's side in each worker.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { ClusterServer } from 'oxwire/server'
 * const describeRole = (c: ClusterServer): string => (c.role === 'primary' ? `http ${c.http.port}` : `worker of ${c.tcp.port}`)
 * assert.equal(typeof describeRole, 'function')
 * ```
 * @category Server
 */
export type ClusterServer = ClusterPrimary | ClusterWorker

/**
 * The primary's side of a cluster server.
 * @example
 * ```ts
 * // example:no-run
 * import assert from 'node:assert/strict'
 * import type { ClusterPrimary } from 'oxwire/server'
 * declare const primary: ClusterPrimary
 * const workers = await primary.workers()
 * assert.ok(workers.every((worker) => worker.pid > 0))
 * console.log(`/metrics sums ${workers.length} workers at http://127.0.0.1:${primary.http.port}/metrics`)
 * await primary.close() // drains every worker, then closes the HTTP side
 * ```
 * @category Server
 */
export interface ClusterPrimary {
  /** This process forked the workers. */
  readonly role: 'primary'
  /** The packet port all workers share. */
  readonly tcp: AddressInfo
  /** The HTTP side: `/healthz` (each worker) and `/metrics` (all workers' sum). */
  readonly http: AddressInfo
  /** Each live worker's health, asked over IPC. */
  workers(): Promise<WorkerHealth[]>
  /**
   * Graceful shutdown: stops restarting workers, has each drain its
   * connections (the packet server's graceful close) and exit, waits for
   * all, then closes the HTTP side. Idempotent.
   */
  close(): Promise<void>
}

/**
 * A worker's side of a cluster server.
 * @example
 * ```ts
 * // example:no-run
 * import assert from 'node:assert/strict'
 * import type { ClusterWorker } from 'oxwire/server'
 * declare const worker: ClusterWorker
 * assert.equal(worker.role, 'worker')
 * console.log(worker.server.connections.length, 'connections on the shared port', worker.tcp.port)
 * ```
 * @category Server
 */
export interface ClusterWorker {
  /** This process is one of the workers. */
  readonly role: 'worker'
  /** This worker's packet server (its metrics, its connections). */
  readonly server: PacketServer
  /** The shared packet port. */
  readonly tcp: AddressInfo
  /** Drains this worker's connections, then ends its process. */
  close(): Promise<void>
}

/**
 * Runs the packet server on every core: `workers` processes (node:cluster)
 * share one packet port, and the primary hands them connections in turn.
 * Call it from the program's entry point: in the primary it forks the
 * workers, which run the same program (or `exec`), call it again and start
 * a packet server with the options `server()` makes there.
 *
 * - The primary's HTTP side serves `/metrics`, the sum of every worker's
 *   metrics (prom-client's `AggregatorRegistry`), and `/healthz`, each
 *   worker's state, connections and frames.
 * - A worker that dies is logged and replaced; the connections it held
 *   are lost, the other workers' are not touched. A dead worker's counts
 *   leave the sum with it (Prometheus reads the drop as a counter reset).
 * - `close()` on the primary, or SIGTERM to it (wire it, as below), drains
 *   every worker; a SIGTERM or SIGINT that reaches a worker drains it too.
 * @throws RangeError when `workers` is not a positive integer.
 * @example
 * ```ts
 * // example:no-run
 * import assert from 'node:assert/strict'
 * import { detect } from 'oxwire/protocols'
 * import { startClusterServer } from 'oxwire/server'
 * // Forks 4 workers that run this same program; each gets here as a worker.
 * const cluster = await startClusterServer({
 *   workers: 4,
 *   port: 7000,
 *   httpPort: 9464,
 *   server: () => ({ grammar: detect, onFrame: (frame) => console.log(frame.value.protocol) }),
 * })
 * if (cluster.role === 'primary') {
 *   assert.equal(cluster.tcp.port, 7000)
 *   process.on('SIGTERM', () => void cluster.close())
 * }
 * ```
 * @category Server
 */
export async function startClusterServer<A>(options: ClusterServerOptions<A>): Promise<ClusterServer> {
  if (cluster.isPrimary) {
    const primary = await startPrimary(options)
    return { role: 'primary', ...primary }
  }
  const worker = await startWorker(options)
  return { role: 'worker', ...worker }
}
