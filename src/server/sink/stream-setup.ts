import { jetstreamManager, JetStreamApiError, JetStreamApiCodes, StorageType } from '@nats-io/jetstream'
import { nanos, millis, type NatsConnection } from '@nats-io/transport-node'

/**
 * The JetStream stream a sink makes sure of when it connects.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createNatsSink, type SinkStream } from 'oxwire/server'
 *
 * // Three replicas on a JetStream cluster, ids remembered for an hour.
 * const stream: SinkStream = { name: 'FRAMES', replicas: 3, duplicateWindowMs: 3_600_000 }
 * const sink = createNatsSink({ servers: ['nats://nats-1:4222', 'nats://nats-2:4222'], stream })
 * assert.equal(sink.state, 'connecting') // it connects once attached to a server
 * await sink.close()
 * ```
 * @category Sink
 */
export interface SinkStream {
  /** The stream's name. */
  readonly name: string
  /**
   * Subjects it captures when the sink creates it; default: the sink's
   * subject template with each token that holds a placeholder as `*` (`frames.{protocol}` →
   * `frames.*`). An existing stream is used as it is.
   */
  readonly subjects?: readonly string[]
  /** Its duplicate window when the sink creates it, in ms; default 120 000 (JetStream's own default). */
  readonly duplicateWindowMs?: number
  /** Replicas when the sink creates it (1, or 3/5 on a JetStream cluster); default 1. */
  readonly replicas?: number
  /** `file` (default) or `memory` storage when the sink creates it. */
  readonly storage?: 'file' | 'memory'
}

/**
 * Creates the stream when it is missing and returns its duplicate window in
 * ms (an existing stream's own, which the sink compares retries against).
 * @internal
 */
export async function ensureStream(connection: NatsConnection, stream: SinkStream, defaultSubjects: readonly string[]): Promise<number> {
  const manager = await jetstreamManager(connection)
  try {
    const info = await manager.streams.info(stream.name)
    return millis(info.config.duplicate_window)
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error
  }
  const duplicateWindowMs = stream.duplicateWindowMs ?? 120_000
  const info = await manager.streams.add({
    name: stream.name,
    subjects: [...(stream.subjects ?? defaultSubjects)],
    duplicate_window: nanos(duplicateWindowMs),
    num_replicas: stream.replicas ?? 1,
    storage: stream.storage === 'memory' ? StorageType.Memory : StorageType.File,
  })
  return millis(info.config.duplicate_window)
}

/** The subjects a template publishes to, as a stream filter: each token with a placeholder becomes `*`. @internal */
export function subjectFilter(template: string): string {
  return template
    .split('.')
    .map((token) => (token.includes('{') ? '*' : token))
    .join('.')
}
