import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { createServer as createTlsServer, type TLSSocket, type TlsOptions } from 'node:tls'
import type { Logger } from 'pino'
import type { Codec, Grammar } from '../grammar/codec.js'
import { createFrameDecoder } from '../stream/frame-decoder.js'
import { Connection, type ConnectionContext, type PeerLimits } from './connection.js'
import { connectionLimitFor, descriptorLimit } from './descriptors.js'
import { listenOn, type ListenOptions } from './listen.js'
import { createLogger, droppedLogLines, type LogLevel } from './logger.js'
import { createServerMetrics, type ServerMetrics } from './metrics.js'
import { LineLimiter } from './rate-limits.js'
import { createStatusServer, httpDefaults, type Health, type StatusServer, type StatusServerOptions } from './status-http.js'
import type { FrameSink } from './sink/frame-sink.js'
import { serverHealth, withSink } from './sink/with-sink.js'
import { createLiveFeed, type LiveFeedOptions } from './live-feed.js'
import type { CloseReason, ConnectionInfo, FrameOf, HandlerResult, MalformedOf } from './types.js'

/**
 * What a connection may spend on input that ends as garbage or malformed
 * frames before it is closed with reason `abuse`. Both budgets refill
 * steadily (a leaky bucket), so occasional noise on a long connection is
 * forgiven while a flood is not.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { detect } from 'oxwire/protocols'
 * import { createPacketServer, type AbuseBudget } from 'oxwire/server'
 *
 * // Stricter than the default: 50 ms of wasted decoding or 64 KiB of garbage.
 * const abuseBudget: AbuseBudget = { wastedMs: 50, wastedBytes: 64 * 1024, refillMs: 10_000 }
 * const server = createPacketServer({ grammar: detect, logLevel: 'silent', abuseBudget })
 * assert.equal(server.closing, false)
 * await server.close()
 * ```
 * @category Server
 */
export interface AbuseBudget {
  /** Decoding time, in ms. Default 250. */
  readonly wastedMs?: number
  /** Bytes. Default 1 MiB. */
  readonly wastedBytes?: number
  /** Time for a full budget to refill, in ms. Default 10 000. */
  readonly refillMs?: number
}

/**
 * How many malformed-frame lines one connection may log: `burst` at once,
 * then one per `intervalMs`. The rest are counted, and the connection's
 * close line says how many were left out.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { detect } from 'oxwire/protocols'
 * import { createPacketServer, type MalformedLogLimit } from 'oxwire/server'
 *
 * const malformedLog: MalformedLogLimit = { burst: 2, intervalMs: 60_000 }
 * const server = createPacketServer({ grammar: detect, logLevel: 'silent', malformedLog })
 * assert.equal(server.connections.length, 0)
 * await server.close()
 * ```
 * @category Server
 */
export interface MalformedLogLimit {
  /** Lines at once. Default 5. */
  readonly burst?: number
  /** Then one line per this many ms. Default 10 000. */
  readonly intervalMs?: number
}

/**
 * Options of {@link createPacketServer}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { connect } from 'node:net'
 * import type { TypeOf } from 'oxwire'
 * import { detect } from 'oxwire/protocols'
 * import { createPacketServer, type PacketServerOptions } from 'oxwire/server'
 * const kinds: string[] = []
 * const options: PacketServerOptions<TypeOf<typeof detect>> = {
 *   grammar: detect,
 *   logLevel: 'silent',
 *   idleTimeoutMs: 5000,
 *   maxConnectionsPerAddress: 4,
 *   onMalformed: (event) => void kinds.push(event.error.kind),
 * }
 * const server = createPacketServer(options)
 * const { port } = await server.listen()
 * const socket = connect(port, '127.0.0.1')
 * socket.end(Uint8Array.of(0x5a, 0xa5, 0x01, 0x09)) // TLM's marker, then a type that does not exist
 * await new Promise((resolve) => socket.on('close', resolve))
 * await server.close()
 * assert.deepEqual(kinds, ['invalid'])
 * ```
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
  /**
   * Connections open at once. Default: what the process's descriptor limit
   * leaves after a reserve for the process and the HTTP side's connections,
   * at most 10 000. When full, an unproductive connection is evicted for a
   * newcomer if there is one; otherwise the newcomer is refused.
   */
  readonly maxConnections?: number
  /** Connections open at once from one address. Default 64. */
  readonly maxConnectionsPerAddress?: number
  /** Close a connection after this long without data, in ms; 0 never. Default 30 000. */
  readonly idleTimeoutMs?: number
  /** Close a connection when a frame, once started, is not complete after this long, in ms; 0 never. Default 10 000. */
  readonly frameTimeoutMs?: number
  /**
   * Close a connection that, over a window of `rateWindowMs`, sent data
   * but completed no frame and sent fewer than this many bytes per second.
   * Default 64; 0 turns the check off.
   */
  readonly minBytesPerSecond?: number
  /** The window of the minimum rate, in ms. Default 10 000. */
  readonly rateWindowMs?: number
  /** Close a connection after it sent this many bytes. Default unlimited. */
  readonly maxBytesPerConnection?: number
  /** Budget of work on garbage and malformed frames per connection. */
  readonly abuseBudget?: AbuseBudget
  /** Longest a connection holds the event loop before yielding, in ms (decoding is sliced). Default 10. */
  readonly maxSliceMs?: number
  /** Malformed-frame log lines per connection. */
  readonly malformedLog?: MalformedLogLimit
  /** TLS on the packet port (certificate and key, as for `node:tls`); plain TCP without it. */
  readonly tls?: TlsOptions
  /** Limits of the HTTP side (connections and timeouts). */
  readonly http?: Pick<StatusServerOptions, 'maxConnections' | 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs'>
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { connect } from 'node:net'
 * import { u8 } from 'oxwire/combinators'
 * import { createPacketServer, type PacketServer } from 'oxwire/server'
 * const server: PacketServer = createPacketServer({ grammar: u8, logLevel: 'silent' })
 * const { port } = await server.listen()
 * const http = await server.listenHttp()
 * const socket = connect(port, '127.0.0.1')
 * await new Promise((resolve) => socket.on('connect', resolve))
 * await new Promise((resolve) => setTimeout(resolve, 50))
 * assert.equal(server.connections.length, 1)
 * const health = await (await fetch(`http://127.0.0.1:${http.port}/healthz`)).json()
 * assert.deepEqual(health, { status: 'ok', connections: 1 })
 * socket.end()
 * await server.close() // drains the connection, then closes the HTTP side
 * assert.equal(server.closing, true)
 * ```
 * @category Server
 */
export interface PacketServer {
  /** Starts accepting packet connections; resolves to the bound address. */
  listen(options?: ListenOptions): Promise<AddressInfo>
  /** Starts the HTTP side (`/healthz`, `/metrics`) on its own port, by default on 127.0.0.1. */
  listenHttp(options?: ListenOptions): Promise<AddressInfo>
  /**
   * Graceful shutdown: stops accepting, tells each client it is done, lets
   * it finish sending for the grace period, handles every frame received
   * (awaiting async handlers), then closes the HTTP side. Bounded: what is
   * still open shortly after the grace period is abandoned. Idempotent.
   */
  close(): Promise<void>
  /** The server's metrics and their registry. */
  readonly metrics: ServerMetrics
  /** Connections open now. */
  readonly connections: readonly ConnectionInfo[]
  /** True once {@link PacketServer.close} was called. */
  readonly closing: boolean
  /** The connection limit in force (given, or derived from the descriptor limit). */
  readonly maxConnections: number
  /** What `/healthz` reports now (the sink's state included). */
  health(): Health
}

// Periodic checks (frame deadline, minimum rate) run this often.
const SWEEP_MS = 500
// After the grace period, async handlers get this long before shutdown gives up on them.
const HANDLER_GRACE_MS = 500
// Eviction: a connection is a candidate once this old and this long without a frame.
const EVICT_MIN_AGE_MS = 1000

/**
 * A TCP (or TLS) server that decodes frames of `grammar` from every
 * connection with a frame decoder of its own, counts them in Prometheus
 * metrics, logs connection events and malformed frames (rate-limited), and
 * protects itself and its well-behaved clients from hostile ones:
 *
 * - work on garbage and malformed frames is charged to a per-connection
 *   budget; a peer over it is closed (`abuse`), counted and logged once;
 * - decoding is sliced so no connection holds the event loop for more
 *   than about `maxSliceMs`;
 * - slow peers are cut: a deadline per frame, a minimum rate, an idle timeout;
 * - connections are capped in total and per address; when full, an
 *   unproductive connection makes room for a newcomer;
 * - refusals are counted by reason and logged at a bounded rate.
 *
 * @throws RangeError when the frame decoder cannot use `grammar` (see
 *   `createFrameDecoder`), at once rather than on the first connection.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { connect } from 'node:net'
 * import { encode } from 'oxwire'
 * import { detect, telemetry } from 'oxwire/protocols'
 * import { createPacketServer } from 'oxwire/server'
 *
 * const seen: number[] = []
 * const server = createPacketServer({
 *   grammar: detect,
 *   logLevel: 'silent',
 *   onFrame: (frame) => void seen.push(frame.offset),
 * })
 * const { port } = await server.listen()
 * const frame = encode(telemetry, { seq: 1, timestamp: 2, payload: { type: 'heartbeat', uptime: 3, status: 0 } })
 * if (frame._tag === 'Left') throw new Error(frame.left.message)
 * const socket = connect(port, '127.0.0.1')
 * socket.end(frame.right)
 * await new Promise((resolve) => socket.on('close', resolve))
 * await server.close()
 * assert.deepEqual(seen, [0])
 * ```
 * @category Server
 */
export function createPacketServer<A>(options: PacketServerOptions<A>): PacketServer {
  const log = options.logger ?? createLogger({ level: options.logLevel ?? 'info' })
  const metrics = createServerMetrics({ droppedLogLines: () => droppedLogLines(log) })
  const httpConnections = options.http?.maxConnections ?? httpDefaults.maxConnections
  const maxConnections = options.maxConnections ?? connectionLimitFor(descriptorLimit(), httpConnections)
  const perAddress = options.maxConnectionsPerAddress ?? 64
  const shutdownGraceMs = options.shutdownGraceMs ?? 2000
  const now = (): number => performance.now()
  const limits: PeerLimits = {
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    maxBytesPerConnection: options.maxBytesPerConnection ?? Number.POSITIVE_INFINITY,
    frameTimeoutMs: options.frameTimeoutMs ?? 10_000,
    minBytesPerSecond: options.minBytesPerSecond ?? 64,
    rateWindowMs: options.rateWindowMs ?? 10_000,
    wastedMs: options.abuseBudget?.wastedMs ?? 250,
    wastedBytes: options.abuseBudget?.wastedBytes ?? 1 << 20,
    budgetRefillMs: options.abuseBudget?.refillMs ?? 10_000,
    maxSliceMs: options.maxSliceMs ?? 10,
    malformedLogBurst: options.malformedLog?.burst ?? 5,
    malformedLogIntervalMs: options.malformedLog?.intervalMs ?? 10_000,
  }
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
    limits,
    metrics,
    log,
    now,
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
  const byAddress = new Map<string, number>()
  let handshaking = 0
  let nextId = 1
  let closing: Promise<void> | undefined
  let status: StatusServer | undefined
  const refusalLines = new LineLimiter(1, 10_000, now())
  let refusedSinceLine = 0

  const countAddress = (address: string, delta: number): void => {
    const n = (byAddress.get(address) ?? 0) + delta
    if (n <= 0) byAddress.delete(address)
    else byAddress.set(address, n)
  }

  const refuse = (socket: Socket, reason: 'limit' | 'per-address' | 'shutdown' | 'tls'): void => {
    metrics.connectionsRejected.inc({ reason })
    refusedSinceLine++
    if (refusalLines.allow(now())) {
      log.warn({ reason, remoteAddress: socket.remoteAddress, open: open.size, refused: refusedSinceLine }, 'connection refused')
      refusedSinceLine = 0
    } else metrics.logSuppressed.inc()
    socket.destroy()
  }

  // The least productive connection old enough to judge: never a frame
  // first, then the longest without one.
  const evictable = (): Connection<A> | undefined => {
    const t = now()
    let victim: Connection<A> | undefined
    for (const c of open) {
      if (c.closing || t - c.openedAt < EVICT_MIN_AGE_MS || t - c.lastFrameAt < EVICT_MIN_AGE_MS) continue
      if (victim === undefined || (victim.frames > 0 && c.frames === 0) || ((victim.frames > 0) === (c.frames > 0) && c.lastFrameAt < victim.lastFrameAt)) {
        victim = c
      }
    }
    return victim
  }

  const active = (): number => {
    let n = handshaking
    for (const c of open) if (!c.closing) n++
    return n
  }

  // Every raw connection passes here first (before a TLS handshake).
  const admit = (socket: Socket): boolean => {
    const address = socket.remoteAddress ?? ''
    if (closing !== undefined) return refuse(socket, 'shutdown'), false
    if ((byAddress.get(address) ?? 0) >= perAddress) return refuse(socket, 'per-address'), false
    if (active() >= maxConnections) {
      const victim = evictable()
      if (victim === undefined) return refuse(socket, 'limit'), false
      log.info({ victim: victim.id, remoteAddress: victim.remoteAddress, frames: victim.frames }, 'server full: evicting an unproductive connection')
      victim.close('evicted')
    }
    countAddress(address, 1)
    socket.once('close', () => countAddress(address, -1))
    return true
  }

  const start = (socket: Socket): void => {
    const connection = new Connection(nextId++, socket, context)
    open.add(connection)
    void connection.done.then(() => open.delete(connection))
  }

  let tcp: Server
  if (options.tls === undefined) {
    tcp = createServer({ noDelay: true }, (socket) => {
      if (admit(socket)) start(socket)
    })
  } else {
    const tlsServer = createTlsServer({ handshakeTimeout: 10_000, ...options.tls })
    // Sockets in their handshake hold a slot too; found again by address and port.
    const inHandshake = new Map<string, () => void>()
    const key = (s: Socket): string => `${s.remoteAddress}:${s.remotePort}`
    tlsServer.on('connection', (raw: Socket) => {
      if (!admit(raw)) return
      raw.setNoDelay(true)
      handshaking++
      const id = key(raw)
      const settle = (): void => {
        if (inHandshake.delete(id)) handshaking--
      }
      inHandshake.set(id, settle)
      raw.once('close', settle)
    })
    tlsServer.on('secureConnection', (socket: TLSSocket) => {
      inHandshake.get(key(socket))?.()
      if (closing !== undefined) return refuse(socket, 'shutdown')
      start(socket)
    })
    tlsServer.on('tlsClientError', (error, socket) => {
      metrics.connectionsRejected.inc({ reason: 'tls' })
      if (refusalLines.allow(now())) log.warn({ err: error.message, remoteAddress: socket.remoteAddress }, 'TLS handshake failed')
      else metrics.logSuppressed.inc()
    })
    tcp = tlsServer
  }

  const sweep = setInterval(() => {
    const t = now()
    for (const c of open) c.checkDeadlines(t)
  }, SWEEP_MS)
  sweep.unref()

  const shutdown = async (): Promise<void> => {
    log.info({ open: open.size }, 'shutting down')
    clearInterval(sweep)
    const stopped = new Promise<void>((resolve) => tcp.close(() => resolve()))
    // A connection the sink holds back (its broker away) must still finish.
    sink?.release()
    const draining = Promise.all([...open].map((c) => (c.shutdown(shutdownGraceMs), c.done)))
    // Bounded: a handler that never settles, or a flood that keeps a
    // connection busy, cannot hold shutdown past the grace period for long.
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), shutdownGraceMs + HANDLER_GRACE_MS)))
    const outcome = await Promise.race([draining, deadline])
    clearTimeout(timer)
    if (outcome === 'deadline') {
      const left = [...open]
      log.warn({ open: left.length }, 'shutdown deadline: abandoning connections still open')
      for (const c of left) c.abandon()
    }
    if (tcp.listening) await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, HANDLER_GRACE_MS))])
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
        ...options.http,
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
    maxConnections,
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
