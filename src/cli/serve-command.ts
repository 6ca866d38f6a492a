import type { AddressInfo } from 'node:net'
import { Option } from 'commander'
import type { Logger } from 'pino'
import { createLogger, type LogLevel } from '../server/logger.js'
import { createPacketServer, type PacketServer, type PacketServerOptions } from '../server/packet-server.js'
import type { CliCommand } from './command.js'
import { addGrammarOptions, nonNegativeInt, resolveGrammar, type GrammarChoice, type GrammarOptions } from './grammar-option.js'
import { drained, write, type CliIo } from './io.js'
import { toJsonLine } from './json-lines.js'

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
  /** Where to print decoded frames as JSON lines, if anywhere. */
  readonly print?: CliIo['stdout']
  /** Extra hooks (the demo's live view uses them). */
  readonly hooks?: Pick<PacketServerOptions<unknown>, 'onFrame' | 'onMalformed' | 'onClose'>
}

/** A started `serve`: the server and where it listens. @internal */
export interface Serving {
  readonly server: PacketServer
  readonly tcp: AddressInfo
  readonly http: AddressInfo
}

/** Starts the packet server and its HTTP side. @internal */
export async function startServe(options: ServeOptions): Promise<Serving> {
  const { grammar, maxFrame, label } = options.grammar
  const print = options.print
  const server = createPacketServer({
    ...options.hooks,
    grammar,
    maxFrame,
    logger: options.logger,
    protocolOf: (value) => label(value).protocol,
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
  })
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

interface ServeFlags extends GrammarOptions {
  readonly host: string
  readonly port: number
  readonly httpPort: number
  readonly logLevel: LogLevel
  readonly maxConnections?: number
  readonly idleTimeout?: number
  readonly maxBytes?: number
  readonly print?: boolean
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
    addGrammarOptions(command).addHelpText(
      'after',
      `
SIGINT or SIGTERM shuts down gracefully.

Examples:
  oxwire serve --port 7000 --print
  oxwire serve --grammar ./my-protocol.js#frame --port 7000 --http-port 9464`,
    )
  },
  run: async ({ command, io, stop }) => {
    const options = command.opts<ServeFlags>()
    const serving = await startServe({
      grammar: await resolveGrammar(options),
      host: options.host,
      port: options.port,
      httpPort: options.httpPort,
      logger: createLogger({ level: options.logLevel }),
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
      ...(options.idleTimeout === undefined ? {} : { idleTimeoutMs: options.idleTimeout }),
      ...(options.maxBytes === undefined ? {} : { maxBytesPerConnection: options.maxBytes }),
      ...(options.print === true ? { print: io.stdout } : {}),
    })
    const { tcp, http } = serving
    await write(io.stderr, `oxwire serve: packets on ${tcp.address}:${tcp.port}, http://${http.address}:${http.port}/metrics and /healthz (Ctrl-C stops)\n`)
    await stop()
    await serving.server.close()
    return 0
  },
}
