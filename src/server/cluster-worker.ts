import cluster from 'node:cluster'
import type { AddressInfo } from 'node:net'
import { AggregatorRegistry } from 'prom-client'
import { createLogger } from './logger.js'
import { createPacketServer, type PacketServer } from './packet-server.js'
import { isMessage, type ToPrimary, type ToWorker, type WorkerReport } from './cluster-messages.js'
import type { ClusterServerOptions } from './cluster-options.js'

/** What a worker process runs: one packet server on the shared port. @internal */
export interface WorkerSide {
  readonly server: PacketServer
  readonly tcp: AddressInfo
  /** Drains the server, then ends the process. */
  close(): Promise<void>
}

/**
 * Starts this worker's packet server. `listen` on a cluster worker asks the
 * primary for the port's handle, so every worker shares the one socket and
 * the primary hands connections round-robin. The worker answers health and
 * metrics requests (prom-client's cluster listener reads this server's own
 * registry), and drains on the primary's shutdown message or on SIGTERM or
 * SIGINT (a Ctrl-C reaches every process of the group), then exits.
 */
export async function startWorker<A>(options: ClusterServerOptions<A>): Promise<WorkerSide> {
  const worker = cluster.worker
  if (worker === undefined) throw new Error('startWorker: not a cluster worker')
  const base = options.server()
  const logger = (base.logger ?? createLogger({ level: base.logLevel ?? 'info' })).child({ worker: worker.id })
  const server = createPacketServer({ ...base, logger })
  // Before the metrics listener answers: the worker's registry, not prom-client's global one.
  AggregatorRegistry.setRegistries([server.metrics.registry])
  new AggregatorRegistry()
  const tcp = await server.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' })
  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= server.close().then(() => {
      logger.info('worker drained')
      // The IPC channel would keep the process alive; the work is done.
      process.exit(0)
    })
    return closing
  }
  process.on('message', (message: unknown) => {
    if (isMessage<ToWorker>(message, 'oxwire:shutdown')) void close()
    else if (isMessage<Extract<ToWorker, { type: 'oxwire:health' }>>(message, 'oxwire:health')) {
      void report(server).then((r) => process.send?.({ type: 'oxwire:health', requestId: message.requestId, report: r } satisfies ToPrimary))
    }
  })
  process.on('SIGTERM', () => void close())
  process.on('SIGINT', () => void close())
  return { server, tcp, close }
}

async function report(server: PacketServer): Promise<WorkerReport> {
  const frames = (await server.metrics.frames.get()).values.reduce((sum, v) => sum + v.value, 0)
  const { sink } = server.health()
  return { ok: !server.closing, connections: server.connections.length, frames, ...(sink === undefined ? {} : { sink }) }
}
