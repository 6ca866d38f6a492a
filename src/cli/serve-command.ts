import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { Option } from 'commander'
import type { Logger } from 'pino'
import { createLogger, flushLogger, type LogLevel } from '../server/logger.js'
import { createPacketServer, type PacketServer, type PacketServerOptions } from '../server/packet-server.js'
import { exitOnNextSignal } from '../server/signals.js'
import { createNatsSink, type NatsSinkOptions } from '../server/sink/nats-sink.js'
import cluster from 'node:cluster'
import type { CliCommand } from './command.js'
import { defaultWorkers, serveOnWorkers } from './serve-workers.js'
import { addGrammarOptions, nonNegativeInt, positiveInt, resolveGrammar, type GrammarChoice, type GrammarOptions } from './grammar-option.js'
import { drained, UsageError, write, type CliIo } from './io.js'
import { toJsonLine } from './json-lines.js'
import { addSinkOptions, sinkHelp, sinkOptions, type SinkFlags } from './sink-options.js'

/** Options of {@link startServe}. @internal */
export interface ServeOptions {
  /** The grammar connections are decoded with. */
  readonly grammar: GrammarChoice
  readonly host: string
  readonly port: number
  /** Where the HTTP side listens; default 127.0.0.1, whatever `host` is. */
  readonly httpHost?: string
  readonly httpPort: number
  readonly logger: Logger
  readonly maxConnections?: number
  readonly idleTimeoutMs?: number
  readonly maxBytesPerConnection?: number
  /** The packet port's listen backlog. */
  readonly backlog?: number
  /** Further server options: limits, budgets, TLS. */
  readonly server?: Omit<PacketServerOptions<unknown>, 'grammar' | 'onFrame' | 'onMalformed' | 'onClose' | 'logger' | 'protocolOf' | 'maxFrame' | 'sink'>
  /** Publish every frame to NATS JetStream. */
  readonly sink?: NatsSinkOptions<unknown>
  /** Where to print decoded frames as JSON lines, if anywhere. */
  readonly print?: CliIo['stdout']
  /** Serve the live feed at /live on the HTTP side (for `oxwire inspect --attach`). */
  readonly live?: boolean
  /** Extra hooks (the demo's live view uses them). */
  readonly hooks?: Pick<PacketServerOptions<unknown>, 'onFrame' | 'onMalformed' | 'onClose'>
}

/** A started `serve`: the server and where it listens. @internal */
export interface Serving {
  readonly server: PacketServer
  readonly tcp: AddressInfo
  readonly http: AddressInfo
}

/** The packet server's options for `serve` (one process, or each cluster worker). @internal */
export function servePacketOptions(options: ServeOptions): PacketServerOptions<unknown> {
  const { grammar, maxFrame, label } = options.grammar
  const print = options.print
  return {
    ...options.server,
    ...options.hooks,
    grammar,
    maxFrame,
    logger: options.logger,
    protocolOf: (value) => label(value).protocol,
    ...(options.live === true ? { liveFeed: true } : {}),
    ...(options.sink === undefined ? {} : { sink: createNatsSink(options.sink) }),
    ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
    ...(options.maxBytesPerConnection === undefined ? {} : { maxBytesPerConnection: options.maxBytesPerConnection }),
    ...(print === undefined
      ? {}
      : {
          // Returning the write's promise only when stdout is full pauses the
          // connection until it drains: backpressure from a slow reader.
          onFrame: (frame, connection) => {
            const { protocol, value } = label(frame.value)
            const line = toJsonLine({ type: 'frame', connection: connection.id, offset: frame.offset, length: frame.length, protocol, value }) + '\n'
            return print.write(line) ? undefined : drained(print)
          },
        }),
  }
}

/** Starts the packet server and its HTTP side. @internal */
export async function startServe(options: ServeOptions): Promise<Serving> {
  const server = createPacketServer(servePacketOptions(options))
  const tcp = await server.listen({ host: options.host, port: options.port, ...(options.backlog === undefined ? {} : { backlog: options.backlog }) })
  try {
    const http = await server.listenHttp({ host: options.httpHost ?? '127.0.0.1', port: options.httpPort })
    return { server, tcp, http }
  } catch (error) {
    await server.close()
    throw error
  }
}

/** Resolves on the first SIGINT or SIGTERM. @internal */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

interface ServeFlags extends GrammarOptions, SinkFlags {
  readonly host: string
  readonly port: number
  readonly httpHost: string
  readonly httpPort: number
  readonly logLevel: LogLevel
  readonly maxConnections?: number
  readonly maxPerAddress?: number
  readonly idleTimeout?: number
  readonly frameTimeout?: number
  readonly minRate?: number
  readonly maxBytes?: number
  readonly abuseMs?: number
  readonly abuseBytes?: number
  readonly backlog?: number
  readonly shutdownGrace?: number
  readonly tlsCert?: string
  readonly tlsKey?: string
  readonly print?: boolean
  readonly workers?: number
  readonly live?: boolean
}

/** `oxwire serve`: runs until `stop` settles, then shuts down. @internal */
export const serveCli: CliCommand = {
  name: 'serve',
  define: (command) => {
    command
      .description('run the packet server: decode frames from TCP connections, with health and metrics over HTTP')
      .option('-H, --host <address>', 'address the packet port listens on', '127.0.0.1')
      .option('-P, --port <port>', 'packet port', nonNegativeInt('--port'), 7000)
      .option('--http-host <address>', 'address the HTTP side listens on (unauthenticated: keep it private)', '127.0.0.1')
      .option('--http-port <port>', 'HTTP port: GET /healthz, GET /metrics', nonNegativeInt('--http-port'), 9464)
      .option('--tls-cert <file>', 'serve the packet port over TLS with this PEM certificate (needs --tls-key)')
      .option('--tls-key <file>', 'the PEM private key of --tls-cert')
      .addOption(new Option('--log-level <level>', 'JSON log lines on stderr at this level').choices(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'))
      .option('--max-connections <n>', 'connections at once (default: from the descriptor limit)', positiveInt('--max-connections'))
      .option('--max-per-address <n>', 'connections at once from one address (default 64)', positiveInt('--max-per-address'))
      .option('--backlog <n>', 'listen backlog of the packet port (default 511)', positiveInt('--backlog'))
      .option('--idle-timeout <ms>', 'close a connection idle this long (default 30000)', nonNegativeInt('--idle-timeout'))
      .option('--frame-timeout <ms>', 'close a connection whose started frame is not complete after this long (default 10000)', nonNegativeInt('--frame-timeout'))
      .option('--min-rate <bytes/s>', 'close a connection sending data without completing frames below this rate (default 64)', nonNegativeInt('--min-rate'))
      .option('--abuse-ms <ms>', 'decode time a connection may waste on garbage and malformed frames (default 250)', positiveInt('--abuse-ms'))
      .option('--abuse-bytes <n>', 'bytes of garbage and malformed frames a connection may send (default 1048576)', positiveInt('--abuse-bytes'))
      .option('--max-bytes <n>', 'close a connection after this many bytes', nonNegativeInt('--max-bytes'))
      .option('--shutdown-grace <ms>', 'how long shutdown lets clients finish (default 2000)', nonNegativeInt('--shutdown-grace'))
      .option('--print', 'write each decoded frame to stdout as a JSON line (see oxwire decode)')
      .option('--workers <n>', 'worker processes sharing the packet port (default: the available parallelism; 1 runs in this process)', positiveInt('--workers'))
      .option('--live', 'serve a WebSocket feed of frames at /live on the HTTP port, for oxwire inspect --attach (off by default; runs in one process)')
    addSinkOptions(command)
    addGrammarOptions(command).addHelpText(
      'after',
      `
SIGINT or SIGTERM shuts down gracefully; a second one exits at once (status 130 or 143).
${sinkHelp}

Examples:
  oxwire serve --port 7000 --print
  oxwire serve --grammar ./my-protocol.js#frame --port 7000 --http-port 9464
  oxwire serve --sink nats://127.0.0.1:4222 --subject 'frames.{protocol}' --stream FRAMES`,
    )
  },
  run: async ({ command, io, stop }) => {
    const options = command.opts<ServeFlags>()
    if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) throw new UsageError('--tls-cert and --tls-key go together')
    const tls = options.tlsCert === undefined || options.tlsKey === undefined
      ? undefined
      : { cert: await readFile(options.tlsCert), key: await readFile(options.tlsKey) }
    const logger = createLogger({ level: options.logLevel })
    const defined = <T>(value: T | undefined, make: (v: T) => object): object => (value === undefined ? {} : make(value))
    const sink = sinkOptions(options)
    const serveOptions: ServeOptions = {
      grammar: await resolveGrammar(options),
      host: options.host,
      port: options.port,
      httpHost: options.httpHost,
      httpPort: options.httpPort,
      logger,
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
      ...(options.idleTimeout === undefined ? {} : { idleTimeoutMs: options.idleTimeout }),
      ...(options.maxBytes === undefined ? {} : { maxBytesPerConnection: options.maxBytes }),
      ...(options.backlog === undefined ? {} : { backlog: options.backlog }),
      server: {
        ...(tls === undefined ? {} : { tls }),
        ...defined(options.maxPerAddress, (n) => ({ maxConnectionsPerAddress: n })),
        ...defined(options.frameTimeout, (n) => ({ frameTimeoutMs: n })),
        ...defined(options.minRate, (n) => ({ minBytesPerSecond: n })),
        ...defined(options.shutdownGrace, (n) => ({ shutdownGraceMs: n })),
        abuseBudget: { ...defined(options.abuseMs, (n) => ({ wastedMs: n })), ...defined(options.abuseBytes, (n) => ({ wastedBytes: n })) },
      },
      ...(options.print === true ? { print: io.stdout } : {}),
      ...(options.live === true ? { live: true } : {}),
      ...(sink === undefined ? {} : { sink }),
    }
    // The live feed lives beside the decoder: frames decoded in cluster
    // workers do not reach the primary's HTTP side, so --live serves in one process.
    if (options.live === true && options.workers !== undefined && options.workers > 1) throw new UsageError('--live runs the server in one process: leave out --workers')
    const workers = options.live === true ? 1 : (options.workers ?? defaultWorkers(io))
    if (workers > 1 || cluster.isWorker) {
      const { host, port, httpPort } = serveOptions
      return serveOnWorkers({ workers, host, port, httpHost: options.httpHost, httpPort, logger, server: () => servePacketOptions(serveOptions) }, io, stop)
    }
    const serving = await startServe(serveOptions)
    const { tcp, http } = serving
    const secured = tls === undefined ? '' : ' (TLS)'
    await write(io.stderr, `oxwire serve: packets on ${tcp.address}:${tcp.port}${secured}, http://${http.address}:${http.port}/metrics and /healthz${options.live === true ? ' and /live' : ''} (Ctrl-C stops)\n`)
    await stop()
    // Shutdown is bounded by the grace period; a second signal cuts it short.
    const removeHandlers = stop === untilSignal ? exitOnNextSignal({ log: logger }) : () => undefined
    await serving.server.close()
    removeHandlers()
    await flushLogger(logger, 1000)
    return 0
  },
}
