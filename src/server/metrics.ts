import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

/**
 * The packet server's Prometheus metrics, all in one registry of their own
 * (never prom-client's global one, so that two servers in one process, or
 * a server and its tests, do not share counts).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { connect } from 'node:net'
 * import { u16be } from 'oxwire/combinators'
 * import { createPacketServer, type ServerMetrics } from 'oxwire/server'
 * const server = createPacketServer({ grammar: u16be, logLevel: 'silent' })
 * const { port } = await server.listen()
 * const socket = connect(port, '127.0.0.1')
 * socket.end(Uint8Array.of(0, 1, 0, 2))
 * await new Promise((resolve) => socket.on('close', resolve))
 * await server.close()
 * const metrics: ServerMetrics = server.metrics
 * assert.equal((await metrics.receivedBytes.get()).values[0]?.value, 4)
 * assert.match(await metrics.registry.metrics(), /oxwire_frames_total\{protocol="[^"]+"\} 2/)
 * ```
 * @category Server
 */
export interface ServerMetrics {
  /** The registry `/metrics` renders. */
  readonly registry: Registry
  /** `oxwire_frames_total{protocol}`: frames decoded. */
  readonly frames: Counter<'protocol'>
  /** `oxwire_decode_errors_total{kind}`: malformed frames by error kind, and `truncated` ones at end of stream. */
  readonly errors: Counter<'kind'>
  /** `oxwire_received_bytes_total`: bytes read from clients. */
  readonly receivedBytes: Counter
  /** `oxwire_skipped_bytes_total`: bytes skipped as garbage between frames. */
  readonly skippedBytes: Counter
  /** `oxwire_open_connections`: connections open now. */
  readonly openConnections: Gauge
  /** `oxwire_connections_closed_total{reason}`: end, idle, byte-limit, error, shutdown, abuse, frame-timeout, slow, evicted. */
  readonly connectionsClosed: Counter<'reason'>
  /** `oxwire_connections_rejected_total{reason}`: connections refused (`limit`, `per-address`, `shutdown`, `tls`). */
  readonly connectionsRejected: Counter<'reason'>
  /** `oxwire_wasted_decode_seconds_total`: decoding time spent on input that ended as garbage or malformed. */
  readonly wastedSeconds: Counter
  /** `oxwire_log_suppressed_lines_total`: log lines left out by the per-connection and refusal rate limits. */
  readonly logSuppressed: Counter
  /** `oxwire_log_dropped_lines_total`: log lines dropped because the log buffer was full. */
  readonly logDropped: Counter
  /** `oxwire_decode_seconds`: time to decode one received chunk (all frames in it). */
  readonly decodeSeconds: Histogram
}

// Decoding one chunk takes microseconds to a few milliseconds.
const decodeBuckets = [1e-6, 5e-6, 1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 5e-3, 1e-2, 5e-2]

/**
 * Options of {@link createServerMetrics}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createServerMetrics, type ServerMetricsOptions } from 'oxwire/server'
 * let dropped = 0
 * const options: ServerMetricsOptions = { processMetrics: false, droppedLogLines: () => dropped }
 * const metrics = createServerMetrics(options)
 * dropped = 7
 * const text = await metrics.registry.metrics()
 * assert.match(text, /oxwire_log_dropped_lines_total 7/)
 * assert.doesNotMatch(text, /process_cpu_seconds_total/)
 * ```
 * @category Server
 */
export interface ServerMetricsOptions {
  /** Reads the running count of dropped log lines, for `oxwire_log_dropped_lines_total`. */
  readonly droppedLogLines?: () => number
  /** Also collect prom-client's default process metrics (CPU, memory, event loop lag, descriptors). Default true. */
  readonly processMetrics?: boolean
}

/**
 * Creates the server's metrics in a fresh registry, with the conventional
 * process metrics (`process_cpu_seconds_total`, `nodejs_eventloop_lag_seconds`,
 * `process_open_fds`, ...) unless asked not to.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createServerMetrics } from 'oxwire/server'
 *
 * const metrics = createServerMetrics()
 * metrics.frames.inc({ protocol: 'tlm' })
 * const text = await metrics.registry.metrics()
 * assert.match(text, /oxwire_frames_total\{protocol="tlm"\} 1/)
 * assert.match(text, /process_cpu_seconds_total/)
 * ```
 * @category Server
 */
export function createServerMetrics(options: ServerMetricsOptions = {}): ServerMetrics {
  const registry = new Registry()
  const registers = [registry]
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry })
  const droppedLogLines = options.droppedLogLines
  let droppedSeen = 0
  return {
    registry,
    frames: new Counter({ name: 'oxwire_frames_total', help: 'Frames decoded, by protocol.', labelNames: ['protocol'], registers }),
    errors: new Counter({
      name: 'oxwire_decode_errors_total',
      help: 'Malformed frames by decode error kind; truncated frames at end of stream as kind="truncated".',
      labelNames: ['kind'],
      registers,
    }),
    receivedBytes: new Counter({ name: 'oxwire_received_bytes_total', help: 'Bytes received from clients.', registers }),
    skippedBytes: new Counter({ name: 'oxwire_skipped_bytes_total', help: 'Bytes skipped as garbage between frames.', registers }),
    openConnections: new Gauge({ name: 'oxwire_open_connections', help: 'Client connections open now.', registers }),
    connectionsClosed: new Counter({
      name: 'oxwire_connections_closed_total',
      help: 'Client connections closed, by reason (end, idle, byte-limit, error, shutdown, abuse, frame-timeout, slow, evicted).',
      labelNames: ['reason'],
      registers,
    }),
    connectionsRejected: new Counter({
      name: 'oxwire_connections_rejected_total',
      help: 'Client connections refused, by reason (limit, per-address, shutdown, tls).',
      labelNames: ['reason'],
      registers,
    }),
    wastedSeconds: new Counter({
      name: 'oxwire_wasted_decode_seconds_total',
      help: 'Decoding time spent on input that ended as garbage or malformed frames.',
      registers,
    }),
    logSuppressed: new Counter({
      name: 'oxwire_log_suppressed_lines_total',
      help: 'Log lines left out by rate limits (malformed frames per connection, refusals).',
      registers,
    }),
    logDropped: new Counter({
      name: 'oxwire_log_dropped_lines_total',
      help: 'Log lines dropped because the log buffer was full (a slow reader of the logs).',
      registers,
      collect() {
        if (droppedLogLines === undefined) return
        const now = droppedLogLines()
        if (now > droppedSeen) this.inc(now - droppedSeen)
        droppedSeen = now
      },
    }),
    decodeSeconds: new Histogram({
      name: 'oxwire_decode_seconds',
      help: 'Time to decode one received chunk, all frames in it included.',
      buckets: decodeBuckets,
      registers,
    }),
  }
}
