import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import type { Logger } from 'pino'
import { createLogger, type LogLevel } from '../server/logger.js'
import { createPacketServer, type PacketServer, type PacketServerOptions } from '../server/packet-server.js'
import { createNatsSink, type NatsSinkOptions } from '../server/sink/nats-sink.js'
import { UsageError, drained, intOption, write, type CliIo } from './io.js'
import { toJsonLine } from './json-lines.js'
import { sinkOptions, sinkUsage } from './sink-options.js'
import { grammarFor, parseProtocol } from './protocol-choice.js'
import type { ProtocolChoice } from './traffic.js'

/** Usage text of `oxwire serve`. @internal */
export const serveUsage = `oxwire serve [--port P] [--http-port H] [--host A] [--protocol tlm|evr|auto]
             [--log-level L] [--max-connections N] [--idle-timeout MS] [--max-bytes N] [--print]
             [--sink nats://HOST:PORT [--subject T] [--stream NAME] [--sink-payload frame|json] [--sink-window N]]
  Runs the packet server on A:P (default 127.0.0.1:7000) and its HTTP side on A:H
  (default 9464: GET /healthz, GET /metrics). Logs are JSON lines on stderr (level
  trace|debug|info|warn|error|fatal|silent, default info). --print writes each decoded
  frame to stdout as a JSON line (see oxwire decode). SIGINT or SIGTERM shuts down
  gracefully.
${sinkUsage}`

/** Options of {@link startServe}. @internal */
export interface ServeOptions {
  readonly protocol: ProtocolChoice
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
  const { grammar, maxFrame, label } = grammarFor(options.protocol)
  const print = options.print
  const server = createPacketServer({
    ...options.hooks,
    grammar,
    maxFrame,
    logger: options.logger,
    protocolOf: (value) => label(value).protocol,
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

function parseLogLevel(text: string | undefined): LogLevel {
  const level = text ?? 'info'
  const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']
  if (!levels.includes(level)) throw new UsageError(`--log-level must be one of ${levels.join(', ')}, not ${JSON.stringify(level)}`)
  return level as LogLevel
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

/** `oxwire serve`: runs until `stop` settles, then shuts down; returns the exit status. @internal */
export async function serveCommand(args: string[], io: CliIo, stop: () => Promise<void> = untilSignal): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string', short: 'H' },
      port: { type: 'string', short: 'P' },
      'http-port': { type: 'string' },
      protocol: { type: 'string', short: 'p' },
      'log-level': { type: 'string' },
      'max-connections': { type: 'string' },
      'idle-timeout': { type: 'string' },
      'max-bytes': { type: 'string' },
      print: { type: 'boolean' },
      sink: { type: 'string' },
      subject: { type: 'string' },
      stream: { type: 'string' },
      'sink-payload': { type: 'string' },
      'sink-window': { type: 'string' },
    },
  })
  const protocol = parseProtocol(values.protocol)
  if (protocol === undefined) throw new UsageError(`--protocol must be tlm, evr or auto, not ${JSON.stringify(values.protocol)}`)
  const optional = (name: 'max-connections' | 'idle-timeout' | 'max-bytes'): number | undefined =>
    values[name] === undefined ? undefined : intOption(name, values[name], 0)
  const maxConnections = optional('max-connections')
  const idleTimeoutMs = optional('idle-timeout')
  const maxBytesPerConnection = optional('max-bytes')
  const sink = sinkOptions(values)
  const serving = await startServe({
    protocol,
    host: values.host ?? '127.0.0.1',
    port: intOption('port', values.port, 7000),
    httpPort: intOption('http-port', values['http-port'], 9464),
    logger: createLogger({ level: parseLogLevel(values['log-level']) }),
    ...(maxConnections === undefined ? {} : { maxConnections }),
    ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
    ...(maxBytesPerConnection === undefined ? {} : { maxBytesPerConnection }),
    ...(values.print === true ? { print: io.stdout } : {}),
    ...(sink === undefined ? {} : { sink }),
  })
  const { tcp, http } = serving
  await write(io.stderr, `oxwire serve: packets on ${tcp.address}:${tcp.port}, http://${http.address}:${http.port}/metrics and /healthz (Ctrl-C stops)\n`)
  await stop()
  await serving.server.close()
  return 0
}
