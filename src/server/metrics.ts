import { Counter, Gauge, Histogram, Registry } from 'prom-client'

/**
 * The packet server's Prometheus metrics, all in one registry of their own
 * (never prom-client's global one, so that two servers in one process, or
 * a server and its tests, do not share counts).
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
  /** `oxwire_connections_closed_total{reason}`: end, idle, byte-limit, error, shutdown. */
  readonly connectionsClosed: Counter<'reason'>
  /** `oxwire_connections_rejected_total`: connections refused over the connection limit. */
  readonly connectionsRejected: Counter
  /** `oxwire_decode_seconds`: time to decode one received chunk (all frames in it). */
  readonly decodeSeconds: Histogram
}

// Decoding one chunk takes microseconds to a few milliseconds.
const decodeBuckets = [1e-6, 5e-6, 1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 5e-3, 1e-2, 5e-2]

/**
 * Creates the server's metrics in a fresh registry.
 * @example
 * ```ts
 * const metrics = createServerMetrics()
 * metrics.frames.inc({ protocol: 'tlm' })
 * await metrics.registry.metrics() // '# HELP oxwire_frames_total ...'
 * ```
 * @category Server
 */
export function createServerMetrics(): ServerMetrics {
  const registry = new Registry()
  const registers = [registry]
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
      help: 'Client connections closed, by reason (end, idle, byte-limit, error, shutdown).',
      labelNames: ['reason'],
      registers,
    }),
    connectionsRejected: new Counter({
      name: 'oxwire_connections_rejected_total',
      help: 'Client connections refused because the connection limit was reached.',
      registers,
    }),
    decodeSeconds: new Histogram({
      name: 'oxwire_decode_seconds',
      help: 'Time to decode one received chunk, all frames in it included.',
      buckets: decodeBuckets,
      registers,
    }),
  }
}
