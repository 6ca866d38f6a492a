import type { AddressInfo } from 'node:net'
import { Option } from 'commander'
import type { Logger } from 'pino'
import { createLogger, type LogLevel } from '../server/logger.js'
import { createPacketServer, type PacketServer, type PacketServerOptions } from '../server/packet-server.js'
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
  readonly httpPort: number
  readonly logger: Logger
  readonly maxConnections?: number
  readonly idleTimeoutMs?: number
  readonly maxBytesPerConnection?: number
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
  const tcp = await server.listen({ host: options.host, port: options.port })
  try {
    const http = await server.listenHttp({ host: options.host, port: options.httpPort })
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
  readonly httpPort: number
  readonly logLevel: LogLevel
  readonly maxConnections?: number
  readonly idleTimeout?: number
  readonly maxBytes?: number
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
      .option('-H, --host <address>', 'address to listen on', '127.0.0.1')
      .option('-P, --port <port>', 'packet port', nonNegativeInt('--port'), 7000)
      .option('--http-port <port>', 'HTTP port: GET /healthz, GET /metrics', nonNegativeInt('--http-port'), 9464)
      .addOption(new Option('--log-level <level>', 'JSON log lines on stderr at this level').choices(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'))
      .option('--max-connections <n>', 'refuse connections past this many', nonNegativeInt('--max-connections'))
      .option('--idle-timeout <ms>', 'close a connection idle this long', nonNegativeInt('--idle-timeout'))
      .option('--max-bytes <n>', 'close a connection after this many bytes', nonNegativeInt('--max-bytes'))
      .option('--print', 'write each decoded frame to stdout as a JSON line (see oxwire decode)')
      .option('--workers <n>', 'worker processes sharing the packet port (default: the available parallelism; 1 runs in this process)', positiveInt('--workers'))
      .option('--live', 'serve a WebSocket feed of frames at /live on the HTTP port, for oxwire inspect --attach (off by default; runs in one process)')
    addSinkOptions(command)
    addGrammarOptions(command).addHelpText(
      'after',
      `
SIGINT or SIGTERM shuts down gracefully.
${sinkHelp}

Examples:
  oxwire serve --port 7000 --print
  oxwire serve --grammar ./my-protocol.js#frame --port 7000 --http-port 9464
  oxwire serve --sink nats://127.0.0.1:4222 --subject 'frames.{protocol}' --stream FRAMES`,
    )
  },
  run: async ({ command, io, stop }) => {
    const options = command.opts<ServeFlags>()
    const sink = sinkOptions(options)
    const serveOptions: ServeOptions = {
      grammar: await resolveGrammar(options),
      host: options.host,
      port: options.port,
      httpPort: options.httpPort,
      logger: createLogger({ level: options.logLevel }),
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
      ...(options.idleTimeout === undefined ? {} : { idleTimeoutMs: options.idleTimeout }),
      ...(options.maxBytes === undefined ? {} : { maxBytesPerConnection: options.maxBytes }),
      ...(options.print === true ? { print: io.stdout } : {}),
      ...(options.live === true ? { live: true } : {}),
      ...(sink === undefined ? {} : { sink }),
    }
    // The live feed lives beside the decoder: frames decoded in cluster
    // workers do not reach the primary's HTTP side, so --live serves in one process.
    if (options.live === true && options.workers !== undefined && options.workers > 1) throw new UsageError('--live runs the server in one process: leave out --workers')
    const workers = options.live === true ? 1 : (options.workers ?? defaultWorkers(io))
    if (workers > 1 || cluster.isWorker) {
      const { host, port, httpPort, logger } = serveOptions
      return serveOnWorkers({ workers, host, port, httpPort, logger, server: () => servePacketOptions(serveOptions) }, io, stop)
    }
    const serving = await startServe(serveOptions)
    const { tcp, http } = serving
    await write(io.stderr, `oxwire serve: packets on ${tcp.address}:${tcp.port}, http://${http.address}:${http.port}/metrics and /healthz${options.live === true ? ' and /live' : ''} (Ctrl-C stops)\n`)
    await stop()
    await serving.server.close()
    return 0
  },
}
