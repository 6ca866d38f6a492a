import type { Socket } from 'node:net'
import type { Logger } from 'pino'
import type { Codec } from '../grammar/codec.js'
import { formatError } from '../runtime/format.js'
import { createFrameDecoder, type FrameDecoder, type FrameEvent } from '../stream/frame-decoder.js'
import type { ServerMetrics } from './metrics.js'
import { LeakyBucket, LineLimiter } from './rate-limits.js'
import type { CloseReason, ConnectionInfo, FrameOf, HandlerResult, MalformedOf } from './types.js'

/** Limits a connection enforces on its peer, all resolved to numbers. @internal */
export interface PeerLimits {
  readonly idleTimeoutMs: number
  readonly maxBytesPerConnection: number
  readonly frameTimeoutMs: number
  readonly minBytesPerSecond: number
  readonly rateWindowMs: number
  readonly wastedMs: number
  readonly wastedBytes: number
  readonly budgetRefillMs: number
  readonly maxSliceMs: number
  readonly malformedLogBurst: number
  readonly malformedLogIntervalMs: number
}

/** What a connection needs from its server. @internal */
export interface ConnectionContext<A> {
  readonly grammar: Codec<A>
  readonly maxFrame: number | undefined
  readonly limits: PeerLimits
  readonly metrics: ServerMetrics
  readonly log: Logger
  readonly now: () => number
  readonly protocolOf: (value: A) => string
  readonly onFrame: ((frame: FrameOf<A>, connection: ConnectionInfo) => HandlerResult) | undefined
  readonly onMalformed: ((event: MalformedOf, connection: ConnectionInfo) => HandlerResult) | undefined
  readonly onClose: ((connection: ConnectionInfo, reason: CloseReason) => void) | undefined
}

// Slices adapt to the measured cost per byte so that one slice takes about
// this long; a connection yields the event loop once a turn of slices has
// taken half its `maxSliceMs`, leaving room for the slice that overshoots.
const SLICE_TARGET_MS = 2
const FIRST_SLICE = 4096
const MIN_SLICE = 256
const MAX_SLICE = 65536

/**
 * One client connection: its own frame decoder, its limits and budgets, and
 * in-order delivery of its events to the handlers. Received data is decoded
 * in slices that yield the event loop, so no connection holds it for long.
 * `done` settles once the socket is closed and every event (the decoder's
 * final `end()` ones included) has been handled.
 * @internal
 */
export class Connection<A> implements ConnectionInfo {
  readonly remoteAddress: string
  readonly remotePort: number
  readonly openedAt: number
  bytesReceived = 0
  frames = 0
  /** When the last frame was decoded (`openedAt` until then). */
  lastFrameAt: number
  readonly done: Promise<void>
  private readonly decoder: FrameDecoder<A>
  private readonly log: Logger
  private readonly limits: PeerLimits
  private pending: FrameEvent<A>[] = []
  private next = 0
  private waiting = false // a handler's promise is pending
  private reason: CloseReason | undefined
  private socketClosed = false
  private decoderEnded = false
  private finished = false
  private resolveDone!: () => void
  // Received, not yet decoded.
  private readonly inbox: Uint8Array[] = []
  private inboxOffset = 0
  private scheduled = false
  private dropInput = false
  private sliceBytes = FIRST_SLICE
  // Budgets and slow-peer state.
  private readonly wasteTime: LeakyBucket
  private readonly wasteBytes: LeakyBucket
  private wastedMs = 0
  private frameOffset = -1
  private frameStartedAt = 0
  private windowStart: number
  private windowBytes = 0
  private windowFrames = 0
  // What the close summary reports.
  private malformed = 0
  private truncated = 0
  private skippedBytes = 0
  private readonly lines: LineLimiter
  // Metric increments batched per slice: a prom-client labelled increment
  // costs about a microsecond, as much as checking a false header.
  private readonly counts = { frames: new Map<string, number>(), errors: new Map<string, number>(), skipped: 0 }

  constructor(readonly id: number, private readonly socket: Socket, private readonly ctx: ConnectionContext<A>) {
    const now = ctx.now()
    this.limits = ctx.limits
    this.remoteAddress = socket.remoteAddress ?? ''
    this.remotePort = socket.remotePort ?? 0
    this.openedAt = now
    this.lastFrameAt = now
    this.windowStart = now
    this.wasteTime = new LeakyBucket(this.limits.wastedMs, this.limits.budgetRefillMs, now)
    this.wasteBytes = new LeakyBucket(this.limits.wastedBytes, this.limits.budgetRefillMs, now)
    this.lines = new LineLimiter(this.limits.malformedLogBurst, this.limits.malformedLogIntervalMs, now)
    this.decoder = createFrameDecoder(ctx.grammar, ctx.maxFrame === undefined ? {} : { maxFrame: ctx.maxFrame })
    this.log = ctx.log.child({ conn: id })
    this.done = new Promise((resolve) => (this.resolveDone = resolve))
    ctx.metrics.openConnections.inc()
    this.log.info({ remoteAddress: this.remoteAddress, remotePort: this.remotePort }, 'connection opened')
    if (this.limits.idleTimeoutMs > 0) socket.setTimeout(this.limits.idleTimeoutMs)
    socket.on('data', (chunk: Buffer) => this.receive(chunk))
    socket.on('timeout', () => this.close('idle'))
    socket.on('end', () => this.reason ??= 'end')
    socket.on('error', (error) => {
      this.log.debug({ err: error }, 'socket error')
      this.close('error')
    })
    socket.on('close', () => this.socketEnded())
  }

  /** Bytes the decoder holds, waiting for the rest of a frame, plus bytes received and not yet decoded. */
  get buffered(): number {
    return this.decoder.buffered + this.inboxBytes()
  }

  /** True once the connection is closing or closed. */
  get closing(): boolean {
    return this.reason !== undefined && this.reason !== 'end'
  }

  /**
   * Closes from the server's side: stops reading now, handles what was
   * already received, then settles `done`.
   */
  close(reason: CloseReason): void {
    this.reason ??= reason
    this.socket.destroy()
  }

  /**
   * Starts a graceful close: tells the client we are done (FIN), keeps
   * reading what it still sends for up to `graceMs`, then closes.
   */
  shutdown(graceMs: number): void {
    this.reason ??= 'shutdown'
    this.socket.end()
    const timer = setTimeout(() => this.close('shutdown'), graceMs)
    timer.unref()
    void this.done.then(() => clearTimeout(timer))
  }

  /**
   * Abandons the connection at the shutdown deadline: closes the socket
   * and drops what was received but not yet decoded.
   */
  abandon(): void {
    this.reason ??= 'shutdown'
    this.dropInput = true
    this.clearInbox()
    this.socket.destroy()
    const undelivered = this.pending.length - this.next
    if (undelivered > 0 || this.waiting) this.log.warn({ undelivered, handlerPending: this.waiting }, 'abandoned at the shutdown deadline')
    this.pending.length = 0
    this.next = 0
    this.finish()
  }

  /**
   * Applies the deadlines that need a clock rather than an event: the
   * frame deadline and the minimum rate. The server calls it periodically.
   */
  checkDeadlines(now: number): void {
    if (this.reason !== undefined || this.finished) return
    const { frameTimeoutMs, rateWindowMs, minBytesPerSecond } = this.limits
    if (frameTimeoutMs > 0 && this.frameOffset >= 0 && now - this.frameStartedAt > frameTimeoutMs) {
      this.log.info({ heldBytes: this.decoder.buffered, ms: Math.round(now - this.frameStartedAt) }, 'frame not completed in time, closing')
      this.close('frame-timeout')
      return
    }
    if (rateWindowMs > 0 && now - this.windowStart >= rateWindowMs) {
      const seconds = (now - this.windowStart) / 1000
      // A connection that sends nothing is the idle timeout's business; one
      // that completes frames is making progress however slowly it sends.
      if (this.windowBytes > 0 && this.windowFrames === 0 && this.windowBytes < minBytesPerSecond * seconds) {
        this.log.info({ bytes: this.windowBytes, seconds, minBytesPerSecond }, 'sending too slowly, closing')
        this.close('slow')
        return
      }
      this.windowStart = now
      this.windowBytes = 0
      this.windowFrames = 0
    }
  }

  private receive(chunk: Buffer): void {
    if (this.dropInput) return
    const room = this.limits.maxBytesPerConnection - this.bytesReceived
    const accepted = chunk.length <= room ? chunk : chunk.subarray(0, Math.max(0, room))
    this.bytesReceived += accepted.length
    this.windowBytes += accepted.length
    this.ctx.metrics.receivedBytes.inc(accepted.length)
    if (accepted.length > 0) this.inbox.push(accepted)
    if (accepted.length < chunk.length) {
      this.log.warn({ limit: this.limits.maxBytesPerConnection }, 'byte limit reached, closing')
      this.close('byte-limit')
    }
    this.pump()
  }

  // Decodes the inbox in slices until it is empty or this turn has taken
  // long enough; then yields (setImmediate) with the socket paused, so
  // other connections, timers and the HTTP side get the loop.
  private pump(): void {
    if (this.scheduled || this.waiting || this.finished) return
    const { now } = this.ctx
    const turnStarted = now()
    while (this.inbox.length > 0 && !this.waiting && !this.dropInput) {
      const chunk = this.inbox[0] as Uint8Array
      const take = Math.min(this.sliceBytes, chunk.length - this.inboxOffset)
      const slice = chunk.subarray(this.inboxOffset, this.inboxOffset + take)
      this.inboxOffset += take
      if (this.inboxOffset >= chunk.length) {
        this.inbox.shift()
        this.inboxOffset = 0
      }
      const before = this.decoder.waste
      const started = now()
      const events = this.decoder.push(slice)
      const ended = now()
      this.account(events, before.work, before.bytes, take, ended - started, ended)
      this.enqueue(events)
      if (this.inbox.length > 0 && ended - turnStarted >= this.limits.maxSliceMs / 2) {
        this.scheduled = true
        this.socket.pause()
        setImmediate(() => {
          this.scheduled = false
          this.pump()
        })
        return
      }
    }
    if (this.inbox.length === 0 && !this.waiting && !this.socket.destroyed) this.socket.resume()
    if (this.socketClosed && (this.inbox.length === 0 || this.dropInput) && !this.waiting && !this.decoderEnded) {
      this.decoderEnded = true
      this.enqueue(this.dropInput ? [] : this.decoder.end())
    }
  }

  // Shares the slice's time between frames and waste in proportion to the
  // work each took, charges the waste to the budget, and sizes the next slice.
  private account(events: FrameEvent<A>[], workBefore: number, bytesBefore: number, sliceLength: number, ms: number, at: number): void {
    const { metrics } = this.ctx
    metrics.decodeSeconds.observe(ms / 1000)
    let frameBytes = 0
    for (const event of events) if (event.type === 'frame') frameBytes += event.length
    const waste = this.decoder.waste
    const work = waste.work - workBefore
    const wasted = work === 0 ? 0 : (ms * work) / (work + frameBytes)
    if (wasted > 0) {
      this.wastedMs += wasted
      metrics.wastedSeconds.inc(wasted / 1000)
    }
    const perByte = Math.max(ms, 0.001) / sliceLength
    this.sliceBytes = Math.max(MIN_SLICE, Math.min(MAX_SLICE, Math.round(SLICE_TARGET_MS / perByte)))
    if (this.decoder.buffered > 0) {
      if (this.decoder.offset !== this.frameOffset) {
        this.frameOffset = this.decoder.offset
        this.frameStartedAt = at
      }
    } else this.frameOffset = -1
    const overTime = this.wasteTime.charge(wasted, at)
    const overBytes = this.wasteBytes.charge(waste.bytes - bytesBefore, at)
    if ((overTime || overBytes) && this.reason === undefined) {
      this.log.warn(
        { wastedMs: Math.round(this.wastedMs), wastedBytes: waste.bytes, budgetMs: this.limits.wastedMs, budgetBytes: this.limits.wastedBytes },
        'peer over its budget of garbage and malformed frames, closing',
      )
      this.reason = 'abuse'
      this.dropInput = true
      this.clearInbox()
      this.socket.destroy()
    }
  }

  private inboxBytes(): number {
    let n = -this.inboxOffset
    for (const chunk of this.inbox) n += chunk.length
    return n
  }

  private clearInbox(): void {
    this.inbox.length = 0
    this.inboxOffset = 0
  }

  private socketEnded(): void {
    this.socketClosed = true
    this.pump()
  }

  private enqueue(events: FrameEvent<A>[]): void {
    if (this.next >= this.pending.length) {
      // Nothing waiting: deliver from the decoder's own array, uncopied.
      this.pending = events
      this.next = 0
    } else for (const event of events) this.pending.push(event)
    if (!this.waiting) this.drain()
  }

  // Delivers events synchronously until a handler returns a promise; then
  // pauses the socket and continues when it settles.
  private drain(): void {
    while (this.next < this.pending.length) {
      const event = this.pending[this.next++] as FrameEvent<A>
      const result = this.handle(event)
      if (result !== undefined) {
        this.waiting = true
        this.flushCounts()
        this.pauseReading()
        result
          .catch((error: unknown) => this.log.error({ err: error }, 'handler failed'))
          .finally(() => {
            this.waiting = false
            this.resumeReading()
            this.drain()
            this.pump()
          })
        return
      }
    }
    this.pending = []
    this.next = 0
    this.flushCounts()
    if (this.socketClosed && this.decoderEnded) this.finish()
  }

  private flushCounts(): void {
    const { metrics } = this.ctx
    const { frames, errors } = this.counts
    for (const [protocol, n] of frames) metrics.frames.inc({ protocol }, n)
    for (const [kind, n] of errors) metrics.errors.inc({ kind }, n)
    if (this.counts.skipped > 0) metrics.skippedBytes.inc(this.counts.skipped)
    frames.clear()
    errors.clear()
    this.counts.skipped = 0
  }

  private handle(event: FrameEvent<A>): Promise<void> | undefined {
    const { counts } = this
    try {
      switch (event.type) {
        case 'frame': {
          this.frames++
          this.windowFrames++
          this.lastFrameAt = this.ctx.now()
          const protocol = this.ctx.protocolOf(event.value)
          counts.frames.set(protocol, (counts.frames.get(protocol) ?? 0) + 1)
          return this.ctx.onFrame?.(event, this) ?? undefined
        }
        case 'skipped':
          this.skippedBytes += event.length
          counts.skipped += event.length
          if (this.log.isLevelEnabled('debug') && this.allowLine()) {
            this.log.debug({ offset: event.offset, length: event.length }, 'skipped garbage')
          }
          return undefined
        case 'malformed':
        case 'truncated':
          if (event.type === 'truncated') this.truncated++
          else this.malformed++
          {
            const kind = event.type === 'truncated' ? 'truncated' : event.error.kind
            counts.errors.set(kind, (counts.errors.get(kind) ?? 0) + 1)
          }
          if (this.allowLine()) {
            const message = event.type === 'truncated' ? 'truncated frame at end of stream' : 'malformed frame'
            this.log.warn({ offset: event.offset, length: event.length, kind: event.error.kind, error: event.error.message }, message)
            // The hex dump is for debugging: several hundred bytes a line.
            if (this.log.isLevelEnabled('debug')) this.log.debug({ offset: event.offset, dump: formatError(event.error, event.bytes) }, `${message}: dump`)
          }
          return this.ctx.onMalformed?.(event, this) ?? undefined
      }
    } catch (error) {
      this.log.error({ err: error }, 'handler failed')
      return undefined
    }
  }

  private allowLine(): boolean {
    if (this.lines.allow(this.ctx.now())) return true
    this.ctx.metrics.logSuppressed.inc()
    return false
  }

  private pauseReading(): void {
    this.socket.pause()
    this.socket.setTimeout(0) // the handler is slow, not the client
  }

  private resumeReading(): void {
    if (this.socket.destroyed) return
    if (this.limits.idleTimeoutMs > 0) this.socket.setTimeout(this.limits.idleTimeoutMs)
    if (this.inbox.length === 0) this.socket.resume()
  }

  private finish(): void {
    if (this.finished) return
    this.finished = true
    this.flushCounts()
    const reason = this.reason ?? 'end'
    this.ctx.metrics.openConnections.dec()
    this.ctx.metrics.connectionsClosed.inc({ reason })
    const waste = this.decoder.waste
    this.log.info(
      {
        reason,
        bytesReceived: this.bytesReceived,
        frames: this.frames,
        malformed: this.malformed,
        truncated: this.truncated,
        skippedBytes: this.skippedBytes,
        wastedBytes: waste.bytes,
        wastedMs: Math.round(this.wastedMs * 10) / 10,
        suppressedLines: this.lines.suppressed,
      },
      'connection closed',
    )
    try {
      this.ctx.onClose?.(this, reason)
    } catch (error) {
      this.log.error({ err: error }, 'onClose handler failed')
    }
    this.resolveDone()
  }
}
