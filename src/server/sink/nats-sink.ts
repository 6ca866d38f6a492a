import { randomBytes } from 'node:crypto'
import { JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream'
import { errors, headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node'
import { pino, type Logger } from 'pino'
import { toJsonLine } from '../../runtime/json-lines.js'
import type { ConnectionInfo, FrameOf, HandlerResult } from '../types.js'
import { BrokerLink, messageOf } from './broker-link.js'
import { frameHeaders, subjectTemplate, type SinkPayload } from './frame-message.js'
import type { FrameSink, SinkContext, SinkHealth, SinkState } from './frame-sink.js'
import { PublishWindow } from './publish-window.js'
import { createSinkMetrics, registerSinkMetrics, type SinkMetrics } from './sink-metrics.js'
import { ensureStream, subjectFilter, type SinkStream } from './stream-setup.js'
import { backoff, Waits } from './wait.js'

/**
 * Options of {@link createNatsSink}.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { Detected } from 'oxwire/protocols'
 * import type { NatsSinkOptions } from 'oxwire/server'
 *
 * // EVR records carry their identity: a device's own retransmission of one
 * // is then the same message to JetStream, and is stored once.
 * const options: NatsSinkOptions<Detected> = {
 *   servers: 'nats://127.0.0.1:4222',
 *   subject: 'frames.{protocol}',
 *   stream: 'FRAMES',
 *   window: 128,
 *   messageId: (frame) => (frame.value.protocol === 'evr' ? `evr:${frame.value.value.deviceId}:${frame.value.value.eventId}` : undefined),
 * }
 * assert.equal(options.window, 128)
 * ```
 * @category Sink
 */
export interface NatsSinkOptions<A> {
  /** The broker, e.g. `nats://127.0.0.1:4222`, or several members of one cluster. */
  readonly servers: string | readonly string[]
  /** Subject template; `{protocol}` and `{instance}` are filled in. Default `frames.{protocol}`. */
  readonly subject?: string
  /**
   * A stream to create when missing (a name, or its settings). Without it,
   * a stream that captures the subjects must exist: until it does, publishes
   * are retried and health is degraded.
   */
  readonly stream?: string | SinkStream
  /** The message body: `frame` (the frame's bytes, default) or `json` (the decoded value). */
  readonly payload?: SinkPayload
  /** Unacknowledged frames per connection beyond which it stops reading. Default 256. */
  readonly window?: number
  /** Unacknowledged frames of all connections together beyond which each connection stops after its next frame. Default 8192. */
  readonly maxOutstanding?: number
  /** How long to wait for JetStream's acknowledgement before publishing again, in ms. Default 5 000. */
  readonly ackTimeoutMs?: number
  /** First delay before a retry, in ms, doubling up to {@link NatsSinkOptions.retryMaxMs}. Default 100. */
  readonly retryMinMs?: number
  /** Longest delay between retries of one frame, in ms. Default 2 000. */
  readonly retryMaxMs?: number
  /** Pause between connection attempts while the broker is unreachable, in ms. Default 500. */
  readonly reconnectWaitMs?: number
  /** How long {@link FrameSink.close} waits for outstanding acknowledgements, in ms. Default 10 000. */
  readonly flushTimeoutMs?: number
  /**
   * The `Nats-Msg-Id` of a frame, for frames that carry an identity of their
   * own (a device id and a sequence number), so that a device's own
   * retransmission is de-duplicated too. Default (or when it returns
   * undefined): `<instance>:<connection id>:<stream offset>`, unique per
   * frame received and the same for every retry of it.
   */
  readonly messageId?: (frame: FrameOf<A>, connection: ConnectionInfo) => string | undefined
  /** This server's identity in message ids and headers; default: random per sink. */
  readonly instance?: string
  /** The client name the broker shows; default `oxwire`. */
  readonly name?: string
}

/**
 * A sink that publishes to NATS JetStream; see {@link createNatsSink}.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createNatsSink } from 'oxwire/server'
 *
 * const sink = createNatsSink({ servers: 'nats://127.0.0.1:4222', instance: 'ingest-1' })
 * assert.equal(sink.instance, 'ingest-1') // in every Nats-Msg-Id and Oxwire-Connection header
 * assert.equal(sink.state, 'connecting')
 * await sink.close()
 * ```
 * @category Sink
 */
export interface NatsSink<A> extends FrameSink<A> {
  /** Its Prometheus metrics (also in the registry of the server it is attached to). */
  readonly metrics: SinkMetrics
  /** The identity in its message ids and `Oxwire-Connection` headers. */
  readonly instance: string
  /** The broker connection's state now. */
  readonly state: SinkState
}

/** One frame on its way: everything a retry needs, built once. */
interface Pending {
  readonly subject: string
  readonly payload: Uint8Array
  readonly headers: MsgHdrs
  readonly id: string
  readonly connection: number
  readonly offset: number
  readonly since: number
}

// The JetStream error code for a message larger than the stream accepts:
// no retry can succeed.
const MESSAGE_TOO_LARGE = 10054
const quietLog = pino({ level: 'silent' })
const text = new TextEncoder()

/**
 * A {@link FrameSink} that publishes every frame to NATS JetStream, at
 * least once, for `createPacketServer({ sink })`.
 *
 * - A frame counts as delivered only when JetStream acknowledges it; until
 *   then it is published again (after `ackTimeoutMs`, with backoff), with
 *   the same `Nats-Msg-Id`, so the stream's de-duplication drops the copies
 *   of a publish that was stored but whose acknowledgement was lost.
 * - Each connection may have `window` frames unacknowledged; beyond that it
 *   stops reading its socket (TCP backpressure to the device) until
 *   acknowledgements come back. Memory stays bounded by the windows.
 * - While the broker is unreachable, at start or later, nothing is
 *   dropped: frames wait, connections stop reading, `/healthz` says
 *   `degraded`, and publishing resumes on reconnection.
 * - A frame is given up on only when the broker rejects it for good (too
 *   large for the stream) or when it is still unacknowledged at the end of
 *   `close()`'s flush deadline; each is counted in
 *   `oxwire_sink_failed_total` and logged at error level with its connection
 *   and offset.
 *
 * Frames of one connection are published concurrently, so after a retry
 * their order in the stream may differ from the order received; the
 * `Oxwire-Offset` header gives the received order (`window: 1` keeps it,
 * at the cost of one round trip per frame).
 * @example
 * ```ts
 * // example:no-run
 * import assert from 'node:assert/strict'
 * import type { TypeOf } from 'oxwire'
 * import { detect } from 'oxwire/protocols'
 * import { createNatsSink, createPacketServer } from 'oxwire/server'
 * // Needs a NATS server with JetStream (nats-server -js) on 127.0.0.1:4222.
 * const sink = createNatsSink<TypeOf<typeof detect>>({ servers: 'nats://127.0.0.1:4222', subject: 'frames.{protocol}', stream: 'FRAMES' })
 * const server = createPacketServer({ grammar: detect, sink })
 * await server.listen({ port: 7000 })
 * await server.listenHttp({ port: 9464 }) // /healthz shows the sink's state
 * assert.equal(server.health().sink?.state !== undefined, true)
 * process.on('SIGTERM', () => void server.close()) // waits for acknowledgements, then disconnects
 * ```
 * @category Sink
 */
export function createNatsSink<A>(options: NatsSinkOptions<A>): NatsSink<A> {
  return new JetStreamSink(options)
}

class JetStreamSink<A> implements NatsSink<A> {
  readonly metrics = createSinkMetrics()
  readonly instance: string
  private readonly subjectOf: (protocol: string) => string
  private readonly payload: SinkPayload
  private readonly window: PublishWindow
  private readonly ackTimeoutMs: number
  private readonly retryMinMs: number
  private readonly retryMaxMs: number
  private readonly flushTimeoutMs: number
  private readonly link: BrokerLink
  private readonly waits = new Waits()
  private context: SinkContext<A> | undefined
  private duplicateWindowMs: number
  private failedFrames = 0
  /** Publish attempts failed since the last acknowledgement. */
  private failing = 0
  private lastFailure: string | undefined
  private lastFailureLogged = 0
  private lastGiveUpLogged = 0
  private closing: Promise<void> | undefined

  constructor(private readonly options: NatsSinkOptions<A>) {
    const servers = typeof options.servers === 'string' ? [options.servers] : [...options.servers]
    if (servers.length === 0) throw new TypeError('createNatsSink: servers must name at least one broker')
    this.instance = options.instance ?? randomBytes(8).toString('base64url')
    const template = options.subject ?? 'frames.{protocol}'
    this.subjectOf = subjectTemplate(template, this.instance)
    this.payload = options.payload ?? 'frame'
    if (this.payload !== 'frame' && this.payload !== 'json') throw new TypeError(`createNatsSink: payload must be 'frame' or 'json', not ${JSON.stringify(this.payload)}`)
    this.window = new PublishWindow(options.window ?? 256, options.maxOutstanding ?? 8192)
    this.ackTimeoutMs = positive('ackTimeoutMs', options.ackTimeoutMs, 5000)
    this.retryMinMs = positive('retryMinMs', options.retryMinMs, 100)
    this.retryMaxMs = positive('retryMaxMs', options.retryMaxMs, 2000)
    this.flushTimeoutMs = positive('flushTimeoutMs', options.flushTimeoutMs, 10_000)
    const stream = typeof options.stream === 'string' ? { name: options.stream } : options.stream
    this.duplicateWindowMs = stream?.duplicateWindowMs ?? 120_000
    this.link = new BrokerLink({
      servers,
      name: options.name ?? 'oxwire',
      reconnectWaitMs: positive('reconnectWaitMs', options.reconnectWaitMs, 500),
      log: () => this.log,
      prepare: async (connection) => {
        if (stream !== undefined) this.duplicateWindowMs = await ensureStream(connection, stream, [subjectFilter(template)])
      },
      onState: (state) => {
        this.metrics.connected.set(state === 'connected' ? 1 : 0)
        // Frames sleeping in a retry backoff go at once when the broker is back.
        if (state === 'connected') this.waits.wakeAll()
      },
    })
  }

  get state(): SinkState {
    return this.link.state
  }

  private get log(): Logger {
    return this.context?.log ?? quietLog
  }

  attach(context: SinkContext<A>): void {
    if (this.context !== undefined) throw new Error('createNatsSink: a sink serves one server; create one per server')
    this.context = { ...context, log: context.log.child({ sink: 'nats' }) }
    registerSinkMetrics(this.metrics, context.registry)
    this.link.start()
  }

  accept(frame: FrameOf<A>, connection: ConnectionInfo): HandlerResult {
    const context = this.context
    if (context === undefined) throw new Error('createNatsSink: accept before attach; pass the sink to createPacketServer')
    const protocol = context.protocolOf(frame.value)
    // A fresh header set: append, not set, spares a search for each name.
    const headers = natsHeaders()
    headers.append(frameHeaders.protocol, protocol)
    headers.append(frameHeaders.connection, `${this.instance}/${connection.id}`)
    headers.append(frameHeaders.remote, `${connection.remoteAddress}:${connection.remotePort}`)
    headers.append(frameHeaders.offset, String(frame.offset))
    headers.append(frameHeaders.length, String(frame.length))
    headers.append(frameHeaders.received, new Date().toISOString())
    headers.append(frameHeaders.payload, this.payload)
    const pending: Pending = {
      subject: this.subjectOf(protocol),
      payload: this.payload === 'json' ? text.encode(toJsonLine(frame.value)) : frame.bytes,
      headers,
      id: this.options.messageId?.(frame, connection) ?? `${this.instance}:${connection.id}:${frame.offset}`,
      connection: connection.id,
      offset: frame.offset,
      since: Date.now(),
    }
    this.window.take(connection.id)
    this.metrics.outstanding.inc()
    void this.deliver(pending).finally(() => {
      this.window.give(pending.connection)
      this.metrics.outstanding.dec()
    })
    return this.window.hasRoom(connection.id) ? undefined : this.window.room(connection.id)
  }

  release(): void {
    this.window.release()
  }

  health(): SinkHealth {
    const state = this.link.state
    const ok = state === 'connected' && this.failing === 0
    const lastError = this.link.lastError ?? this.lastFailure
    return {
      kind: 'nats',
      state,
      ok,
      outstanding: this.window.outstanding,
      failed: this.failedFrames,
      ...(ok || lastError === undefined ? {} : { lastError }),
    }
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown()
    return this.closing
  }

  private async shutdown(): Promise<void> {
    if (this.context === undefined) return
    this.window.release()
    let timer: ReturnType<typeof setTimeout> | undefined
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.flushTimeoutMs)))
    await Promise.race([this.window.idle(), deadline])
    clearTimeout(timer)
    const left = this.window.outstanding
    if (left > 0) this.log.error({ outstanding: left, flushTimeoutMs: this.flushTimeoutMs }, 'sink closing with frames not acknowledged; each is logged and counted as failed')
    // From here every frame still waiting gives up: a pending ready() gets
    // undefined, and closing the connection ends the publishes in flight.
    this.waits.wakeAll()
    await this.link.close()
    await this.window.idle()
    this.log.info({ failed: this.failedFrames }, 'sink closed')
  }

  private async deliver(pending: Pending): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.link.ready()
      if (client === undefined) return this.giveUp(pending, 'shutdown', 'the sink closed before the broker acknowledged the frame')
      if (attempt > 0) {
        this.metrics.retried.inc()
        if (Date.now() - pending.since > this.duplicateWindowMs) this.metrics.lateRetries.inc()
      }
      const outcome = await this.publish(client, pending)
      if (outcome === 'acknowledged') return
      if (outcome !== 'retry') return this.giveUp(pending, 'rejected', outcome)
      await this.waits.sleep(backoff(attempt + 1, this.retryMinMs, this.retryMaxMs))
    }
  }

  /** One attempt: `acknowledged`, `retry`, or why the broker rejects the frame for good. */
  private async publish(client: JetStreamClient, pending: Pending): Promise<'acknowledged' | 'retry' | string> {
    this.metrics.published.inc()
    try {
      const ack = await client.publish(pending.subject, pending.payload, { msgID: pending.id, headers: pending.headers, timeout: this.ackTimeoutMs })
      this.metrics.acknowledged.inc()
      if (ack.duplicate) this.metrics.duplicates.inc()
      if (this.failing > 0) this.log.info({ failedAttempts: this.failing }, 'sink publishes acknowledged again')
      this.failing = 0
      this.lastFailure = undefined
      return 'acknowledged'
    } catch (error) {
      if (error instanceof errors.InvalidArgumentError || (error instanceof JetStreamApiError && error.code === MESSAGE_TOO_LARGE)) return messageOf(error)
      this.failing++
      this.lastFailure = `publish to ${pending.subject}: ${describeFailure(error)}`
      // At most one warning per 10 s while publishes keep failing.
      const now = Date.now()
      if (now - this.lastFailureLogged >= 10_000) {
        this.lastFailureLogged = now
        this.log.warn({ subject: pending.subject, err: describeFailure(error), failedAttempts: this.failing }, 'sink publish not acknowledged; retrying')
      }
      return 'retry'
    }
  }

  private giveUp(pending: Pending, reason: 'rejected' | 'shutdown', why: string): void {
    this.failedFrames++
    this.metrics.failed.inc({ reason })
    // Each of the first 100 is logged with what identifies it; after that one
    // line per 10 s with the count, so that log volume stays bounded.
    const now = Date.now()
    if (this.failedFrames <= 100) {
      this.log.error({ conn: pending.connection, offset: pending.offset, msgId: pending.id, subject: pending.subject, reason, why }, 'sink gave up on a frame')
    } else if (now - this.lastGiveUpLogged >= 10_000) {
      this.lastGiveUpLogged = now
      this.log.error({ failed: this.failedFrames, reason, why }, 'sink gave up on more frames (see oxwire_sink_failed_total)')
    }
  }
}

function describeFailure(error: unknown): string {
  // The client says "jetstream is not enabled" for a publish nobody answers,
  // which is what a subject no stream captures looks like too.
  if (error instanceof Error && error.name === 'JetStreamNotEnabled') return 'no JetStream stream captures the subject (or JetStream is not ready)'
  return messageOf(error)
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback
  if (!Number.isFinite(chosen) || chosen <= 0) throw new RangeError(`createNatsSink: ${name} must be a positive number of ms, not ${chosen}`)
  return chosen
}
