import { Counter, Gauge, type Registry } from 'prom-client'

/**
 * A sink's Prometheus metrics. They are registered in the registry of the
 * server the sink is attached to, so `/metrics` shows them beside the
 * server's own.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createNatsSink } from 'oxwire/server'
 *
 * const sink = createNatsSink({ servers: 'nats://127.0.0.1:4222' })
 * const acknowledged = await sink.metrics.acknowledged.get()
 * assert.equal(acknowledged.name, 'oxwire_sink_acknowledged_total')
 * await sink.close()
 * ```
 * @category Sink
 */
export interface SinkMetrics {
  /** `oxwire_sink_published_total`: publish attempts sent, retries included. */
  readonly published: Counter
  /** `oxwire_sink_acknowledged_total`: frames the broker acknowledged (stored, or recognised as a duplicate). */
  readonly acknowledged: Counter
  /** `oxwire_sink_duplicates_total`: acknowledgements that said the message was a duplicate (a retry of one already stored). */
  readonly duplicates: Counter
  /** `oxwire_sink_retried_total`: publishes sent again after a timeout or error. */
  readonly retried: Counter
  /** `oxwire_sink_failed_total{reason}`: frames given up on (`rejected` by the broker for good, or `shutdown` with no acknowledgement by the flush deadline). */
  readonly failed: Counter<'reason'>
  /** `oxwire_sink_late_retries_total`: retries sent after the stream's duplicate window, which de-duplication may no longer catch. */
  readonly lateRetries: Counter
  /** `oxwire_sink_outstanding`: frames handed to the sink and not yet acknowledged or given up. */
  readonly outstanding: Gauge
  /** `oxwire_sink_connected`: 1 while connected to the broker and ready to publish, else 0. */
  readonly connected: Gauge
}

/**
 * Creates a sink's metrics, registered nowhere until {@link registerSinkMetrics}.
 * @internal
 */
export function createSinkMetrics(): SinkMetrics {
  const registers: Registry[] = []
  return {
    published: new Counter({ name: 'oxwire_sink_published_total', help: 'Publish attempts sent to the broker, retries included.', registers }),
    acknowledged: new Counter({ name: 'oxwire_sink_acknowledged_total', help: 'Frames acknowledged by the broker (stored or recognised as duplicates).', registers }),
    duplicates: new Counter({ name: 'oxwire_sink_duplicates_total', help: 'Acknowledgements marking the message a duplicate of one already stored.', registers }),
    retried: new Counter({ name: 'oxwire_sink_retried_total', help: 'Publishes sent again after a timeout or an error.', registers }),
    failed: new Counter({
      name: 'oxwire_sink_failed_total',
      help: 'Frames given up on: rejected by the broker for good, or unacknowledged at the shutdown deadline.',
      labelNames: ['reason'],
      registers,
    }),
    lateRetries: new Counter({
      name: 'oxwire_sink_late_retries_total',
      help: "Retries sent after the stream's duplicate window, which de-duplication may no longer catch.",
      registers,
    }),
    outstanding: new Gauge({ name: 'oxwire_sink_outstanding', help: 'Frames handed to the sink, not yet acknowledged or given up.', registers }),
    connected: new Gauge({ name: 'oxwire_sink_connected', help: '1 while connected to the broker and ready to publish, else 0.', registers }),
  }
}

/** Adds every sink metric to `registry`. @internal */
export function registerSinkMetrics(metrics: SinkMetrics, registry: Registry): void {
  for (const metric of Object.values(metrics) as (Counter | Gauge)[]) registry.registerMetric(metric)
}
