import { availableParallelism } from 'node:os'
import type { Logger } from 'pino'
import { startClusterServer } from '../server/cluster.js'
import { write, type CliIo } from './io.js'
import type { PacketServerOptions } from '../server/packet-server.js'

/**
 * The default of `serve --workers`: every core when `oxwire` runs as its
 * own program. Workers are processes that write to this process's own
 * stdout and stderr, so a run with other streams (a program embedding the
 * CLI, the tests) stays in one process unless `--workers` asks.
 * @internal
 */
export function defaultWorkers(io: CliIo): number {
  return io.stdout === process.stdout && io.stderr === process.stderr ? availableParallelism() : 1
}

/** What `serve --workers` needs. @internal */
export interface ServeWorkersOptions {
  readonly workers: number
  readonly host: string
  /** Where the primary's HTTP side listens; default 127.0.0.1. */
  readonly httpHost?: string
  readonly port: number
  readonly httpPort: number
  readonly logger: Logger
  /** Builds the packet server's options, in each worker. */
  readonly server: () => PacketServerOptions<unknown>
}

/**
 * `serve` on a cluster: the primary forks `workers` processes that run the
 * same `oxwire serve` command line (node:cluster re-runs this program) and
 * share its packet port; the primary's HTTP side sums their metrics and
 * reports each on /healthz. In a worker this starts its packet server and
 * never returns: the worker ends when the primary, or a signal, drains it.
 * @internal
 */
export async function serveOnWorkers(options: ServeWorkersOptions, io: CliIo, stop: () => Promise<void>): Promise<number> {
  const started = await startClusterServer({
    workers: options.workers,
    host: options.host,
    ...(options.httpHost === undefined ? {} : { httpHost: options.httpHost }),
    port: options.port,
    httpPort: options.httpPort,
    logger: options.logger,
    server: options.server,
  })
  if (started.role === 'worker') return new Promise<number>(() => {})
  const { tcp, http } = started
  await write(io.stderr, `oxwire serve: ${options.workers} workers, packets on ${tcp.address}:${tcp.port}, http://${http.address}:${http.port}/metrics and /healthz (Ctrl-C stops)\n`)
  await stop()
  await started.close()
  return 0
}
