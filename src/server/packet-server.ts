import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { listenOn, type ListenOptions } from './listen.js'
import type { Logger } from 'pino'
import type { Codec, Grammar } from '../grammar/codec.js'
import { createFrameDecoder } from '../stream/frame-decoder.js'
import { Connection, type ConnectionContext } from './connection.js'
import { createLogger, type LogLevel } from './logger.js'
import { createServerMetrics, type ServerMetrics } from './metrics.js'
import { createStatusServer, type Health, type StatusServer } from './status-http.js'
import type { FrameSink } from './sink/frame-sink.js'
import { serverHealth, withSink } from './sink/with-sink.js'
import { createLiveFeed, type LiveFeedOptions } from './live-feed.js'
import type { CloseReason, ConnectionInfo, FrameOf, HandlerResult, MalformedOf } from './types.js'

/**
 * Options of {@link createPacketServer}.
 * @category Server
 */
export interface PacketServerOptions<A> {
  /** The grammar each connection's frame decoder reads, e.g. `detect`. */
  readonly grammar: Codec<A>
  /** Called for each frame, in order per connection. */
  readonly onFrame?: (frame: FrameOf<A>, connection: ConnectionInfo) => HandlerResult
  /** Called for each malformed or truncated frame, in order with the frames. */
  readonly onMalformed?: (event: MalformedOf, connection: ConnectionInfo) => HandlerResult
  /** Called once per connection, after its last event was handled. */
  readonly onClose?: (connection: ConnectionInfo, reason: CloseReason) => void
  /** The `protocol` label of a frame in metrics; default: the value's `protocol` field, else the grammar's name, else `frame`. */
  readonly protocolOf?: (value: A) => string
  /** Largest frame the decoder waits for, in bytes; default: the decoder's own. */
  readonly maxFrame?: number
  /** Connections open at once; more are refused (closed at once). Default 1024. */
  readonly maxConnections?: number
  /** Close a connection after this long without data, in ms; 0 never. Default 30 000. */
  readonly idleTimeoutMs?: number
  /** Close a connection after it sent this many bytes. Default unlimited. */
  readonly maxBytesPerConnection?: number
  /** How long {@link PacketServer.close} lets clients finish sending, in ms. Default 2 000. */
  readonly shutdownGraceMs?: number
  /** A logger to use; default: {@link createLogger} at `logLevel`. */
  readonly logger?: Logger
  /** Level of the default logger; default `info`. */
  readonly logLevel?: LogLevel
  /**
   * Where every decoded frame also goes, e.g. {@link createNatsSink}. The
   * sink may pause a connection (backpressure), shows in `/healthz` and
   * `/metrics`, and is closed by {@link PacketServer.close} after the last
   * frame was handled.
   */
  readonly sink?: FrameSink<A>
  /**
   * A WebSocket feed of frames at `/live` on the HTTP side, for `oxwire
   * inspect --attach`; off unless set (`true` for the defaults).
   */
  readonly liveFeed?: boolean | LiveFeedOptions
}

/**
 * A running packet server; see {@link createPacketServer}.
 * @category Server
 */
export interface PacketServer {
  /** Starts accepting packet connections; resolves to the bound address. */
  listen(options?: ListenOptions): Promise<AddressInfo>
  /** Starts the HTTP side (`/healthz`, `/metrics`) on its own port. */
  listenHttp(options?: ListenOptions): Promise<AddressInfo>
  /**
   * Graceful shutdown: stops accepting, tells each client it is done, lets
   * it finish sending for the grace period, handles every frame received
   * (awaiting async handlers), then closes the HTTP side. Idempotent.
   */
  close(): Promise<void>
  /** The server's metrics and their registry. */
  readonly metrics: ServerMetrics
  /** Connections open now. */
  readonly connections: readonly ConnectionInfo[]
  /** True once {@link PacketServer.close} was called. */
  readonly closing: boolean
  /** What `/healthz` reports now (the sink's state included). */
  health(): Health
}

/**
 * A TCP server that decodes frames of `grammar` from every connection with
 * a frame decoder of its own, counts them in Prometheus metrics, logs
 * connection events and malformed frames, and enforces limits on
 * connections, idle time and bytes per connection.
 *
 * @throws RangeError when the frame decoder cannot use `grammar` (see
 *   `createFrameDecoder`), at once rather than on the first connection.
 *
 * @example
 * ```ts
 * import { detect } from 'oxwire/protocols'
 * import { createPacketServer } from 'oxwire/server'
 *
 * const server = createPacketServer({
 *   grammar: detect,
 *   onFrame: (frame, conn) => console.log(conn.id, frame.value.protocol, frame.offset),
 *   idleTimeoutMs: 10_000,
 * })
 * await server.listen({ port: 7000 })
 * await server.listenHttp({ port: 9464 }) // GET /healthz, GET /metrics
 * process.on('SIGTERM', () => void server.close())
 * ```
 * @category Server
 */
export function createPacketServer<A>(options: PacketServerOptions<A>): PacketServer {
  const log = options.logger ?? createLogger({ level: options.logLevel ?? 'info' })
  const metrics = createServerMetrics()
  const maxConnections = options.maxConnections ?? 1024
  const shutdownGraceMs = options.shutdownGraceMs ?? 2000
  const protocolOf = options.protocolOf ?? defaultProtocolOf(options.grammar)
  const sink = options.sink
  // The live feed, when enabled, sees each event before the user's handler.
  const feed =
    options.liveFeed === undefined || options.liveFeed === false
      ? undefined
      : createLiveFeed(options.grammar, grammarName(options.grammar), protocolOf, options.liveFeed === true ? {} : options.liveFeed)
  const { onFrame, onMalformed } = options
  const context: ConnectionContext<A> = {
    grammar: options.grammar,
    maxFrame: options.maxFrame,
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    maxBytesPerConnection: options.maxBytesPerConnection ?? Number.POSITIVE_INFINITY,
    metrics,
    log,
    protocolOf,
    onFrame: feed === undefined ? withSink(onFrame, sink) : withSink((frame, connection) => (feed.frame(frame, connection), onFrame?.(frame, connection)), sink),
    onMalformed: feed === undefined ? onMalformed : (event, connection) => (feed.malformed(event, connection), onMalformed?.(event, connection)),
    onClose: options.onClose,
  }
  // A grammar the frame decoder cannot use (one that matches zero bytes, or
  // has no maximum size and no maxFrame) throws here, not on the first
  // connection inside a socket callback.
  createFrameDecoder(options.grammar, options.maxFrame === undefined ? {} : { maxFrame: options.maxFrame })
  sink?.attach({ registry: metrics.registry, log, protocolOf })
  const open = new Set<Connection<A>>()
  let nextId = 1
  let closing: Promise<void> | undefined
  let status: StatusServer | undefined

  const accept = (socket: Socket): void => {
    if (closing !== undefined || open.size >= maxConnections) {
      metrics.connectionsRejected.inc()
      log.warn({ remoteAddress: socket.remoteAddress, open: open.size }, 'connection refused')
      socket.destroy()
      return
    }
    const connection = new Connection(nextId++, socket, context)
    open.add(connection)
    void connection.done.then(() => open.delete(connection))
  }
  const tcp: Server = createServer({ noDelay: true }, accept)

  const shutdown = async (): Promise<void> => {
    log.info({ open: open.size }, 'shutting down')
    const stopped = new Promise<void>((resolve) => tcp.close(() => resolve()))
    // A connection the sink holds back (its broker away) must still finish.
    sink?.release()
    const draining = [...open].map((c) => (c.shutdown(shutdownGraceMs), c.done))
    await Promise.all(draining)
    if (tcp.listening) await stopped
    feed?.close()
    // Every frame was handed over; the sink now waits for its acknowledgements.
    if (sink !== undefined) await sink.close()
    if (status !== undefined) await status.close()
    log.info('shut down')
  }

  const health = (): Health => serverHealth(closing !== undefined, open.size, sink?.health())

  return {
    listen: (where = {}) => listenOn(tcp, where),
    async listenHttp(where = {}) {
      status ??= createStatusServer({
        registry: metrics.registry,
        health,
        ...(feed === undefined ? {} : { upgrade: feed.upgrade }),
      })
      return status.listen(where)
    },
    close() {
      closing ??= shutdown()
      return closing
    },
    metrics,
    get connections() {
      return [...open]
    },
    get closing() {
      return closing !== undefined
    },
    health,
  }
}

function grammarName(grammar: Grammar): string {
  return 'name' in grammar && typeof grammar.name === 'string' ? grammar.name : 'frame'
}

function defaultProtocolOf<A>(grammar: Codec<A>): (value: A) => string {
  const name = grammarName(grammar)
  return (value) => {
    const protocol = typeof value === 'object' && value !== null ? (value as { protocol?: unknown }).protocol : undefined
    return typeof protocol === 'string' ? protocol : name
  }
}
