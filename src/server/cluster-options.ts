import type { Logger } from 'pino'
import type { LogLevel } from './logger.js'
import type { PacketServerOptions } from './packet-server.js'

/**
 * Options of `startClusterServer`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { ClusterServerOptions } from 'oxwire/server'
 * import { detect, type Detected } from 'oxwire/protocols'
 * const options: ClusterServerOptions<Detected> = { workers: 2, port: 7000, httpPort: 9464, server: () => ({ grammar: detect }) }
 * assert.equal(options.server().grammar, detect)
 * ```
 * @category Server
 */
export interface ClusterServerOptions<A> {
  /**
   * The packet server's options (grammar, handlers, limits), made in each
   * worker process: handlers are functions, which cannot cross processes,
   * so every worker builds its own from the same code.
   */
  readonly server: () => PacketServerOptions<A>
  /** Worker processes; default: the machine's available parallelism. */
  readonly workers?: number
  /** The packet port every worker shares; default 0 (a free one, the same for all workers). */
  readonly port?: number
  /** Interface of the packet port; default 127.0.0.1. */
  readonly host?: string
  /** Interface of the HTTP side, apart from the packet port's (it is unauthenticated); default 127.0.0.1. */
  readonly httpHost?: string
  /** Port of the primary's HTTP side (`/healthz`, `/metrics` of all workers); default 0. */
  readonly httpPort?: number
  /** The primary's logger; default: `createLogger` at `logLevel`. */
  readonly logger?: Logger
  /** Level of the primary's default logger; default `info`. */
  readonly logLevel?: LogLevel
  /**
   * The script workers run, and its arguments; default: this process's
   * own (`process.argv`), which then calls `startClusterServer` again and
   * becomes a worker there.
   */
  readonly exec?: string
  /** Arguments of `exec`; default: this process's. */
  readonly args?: readonly string[]
  /** Node's own options for the workers (e.g. `['--import', 'tsx']`); default: this process's. */
  readonly execArgv?: readonly string[]
  /** How long `/healthz` waits for a worker's answer, in ms. Default 1 000. */
  readonly healthTimeoutMs?: number
}
