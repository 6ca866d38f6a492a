import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import type { ConnectionInfo, FrameOf, HandlerResult } from '../types.js'

/**
 * What a sink is doing with its broker:
 * - `connecting`: not connected yet (the broker may be down at start);
 * - `connected`: publishing;
 * - `reconnecting`: the connection was lost; frames wait, none is dropped;
 * - `closed`: after {@link FrameSink.close}.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { SinkState } from 'oxwire/server'
 *
 * const waiting: SinkState[] = ['connecting', 'reconnecting']
 * assert.equal(waiting.includes('connected'), false)
 * ```
 * @category Sink
 */
export type SinkState = 'connecting' | 'connected' | 'reconnecting' | 'closed'

/**
 * A sink's part of `/healthz`. The server reports `degraded` (HTTP 503)
 * while `ok` is false, so a load balancer sends new devices elsewhere.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { SinkHealth } from 'oxwire/server'
 *
 * // What /healthz shows while the broker is away: frames held, none lost.
 * const away: SinkHealth = { kind: 'nats', state: 'reconnecting', ok: false, outstanding: 256, failed: 0, lastError: 'disconnected from the broker' }
 * assert.equal(away.ok, false)
 * ```
 * @category Sink
 */
export interface SinkHealth {
  /** Which kind of sink, e.g. `nats`. */
  readonly kind: string
  /** The broker connection's state. */
  readonly state: SinkState
  /** Connected, and the last publish was acknowledged (or none failed since). */
  readonly ok: boolean
  /** Frames handed to the sink and not acknowledged yet. */
  readonly outstanding: number
  /** Frames the sink gave up on so far (each one logged at error level). */
  readonly failed: number
  /** The latest publish or connection error, while not `ok`. */
  readonly lastError?: string
}

/**
 * What the server gives its sink once, when the sink is attached.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Registry } from 'prom-client'
 * import { createLogger, type SinkContext } from 'oxwire/server'
 *
 * const context: SinkContext<{ protocol: string }> = {
 *   registry: new Registry(),
 *   log: createLogger({ level: 'silent' }),
 *   protocolOf: (value) => value.protocol,
 * }
 * assert.equal(context.protocolOf({ protocol: 'tlm' }), 'tlm')
 * ```
 * @category Sink
 */
export interface SinkContext<A> {
  /** The server's metrics registry; the sink registers its metrics there. */
  readonly registry: Registry
  /** The server's logger. */
  readonly log: Logger
  /** The `protocol` label of a decoded value, as the server's metrics use it. */
  readonly protocolOf: (value: A) => string
}

/**
 * Where a packet server forwards every decoded frame, beyond its `onFrame`
 * handler: pass one as `sink` to `createPacketServer`. The server calls
 * {@link FrameSink.attach} once, {@link FrameSink.accept} for each frame in
 * order per connection; when it shuts down, {@link FrameSink.release} first
 * and {@link FrameSink.close} after every connection has been handled.
 *
 * `accept` returning a promise is backpressure: the connection stops
 * reading until it settles (see `HandlerResult`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { FrameSink } from 'oxwire/server'
 *
 * // A sink that keeps frame bytes in memory (tests, or a custom transport).
 * const kept: Uint8Array[] = []
 * const memory: FrameSink<unknown> = {
 *   attach: () => {},
 *   accept: (frame) => void kept.push(frame.bytes.slice()),
 *   release: () => {},
 *   health: () => ({ kind: 'memory', state: 'connected', ok: true, outstanding: 0, failed: 0 }),
 *   close: async () => {},
 * }
 * memory.accept({ type: 'frame', value: 1, offset: 0, length: 1, bytes: Uint8Array.of(7) }, {
 *   id: 1, remoteAddress: '127.0.0.1', remotePort: 5000, bytesReceived: 1, frames: 1, buffered: 0,
 * })
 * assert.deepEqual(kept, [Uint8Array.of(7)])
 * ```
 * @category Sink
 */
export interface FrameSink<A> {
  /** Called once by the server that uses the sink, before any frame. */
  attach(context: SinkContext<A>): void
  /**
   * Takes one decoded frame of `connection`. Returns nothing while the
   * connection may go on reading, or a promise that settles when it may.
   */
  accept(frame: FrameOf<A>, connection: ConnectionInfo): HandlerResult
  /**
   * The server is shutting down: from now on `accept` must not hold a
   * connection back (a closing connection brings only the frames it already
   * holds), or shutdown would wait for a broker that may never return.
   */
  release(): void
  /** The sink's state for `/healthz`. */
  health(): SinkHealth
  /**
   * Waits for what was accepted to be delivered (within the sink's own
   * deadline), then releases the broker connection. Idempotent.
   */
  close(): Promise<void>
}
