import type { Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import type { Logger } from 'pino'
import type { Codec } from '../grammar/codec.js'
import { formatError } from '../runtime/format.js'
import { createFrameDecoder, type FrameDecoder, type FrameEvent } from '../stream/frame-decoder.js'
import type { ServerMetrics } from './metrics.js'
import type { CloseReason, ConnectionInfo, FrameOf, HandlerResult, MalformedOf } from './types.js'

/** What a connection needs from its server. @internal */
export interface ConnectionContext<A> {
  readonly grammar: Codec<A>
  readonly maxFrame: number | undefined
  readonly idleTimeoutMs: number
  readonly maxBytesPerConnection: number
  readonly metrics: ServerMetrics
  readonly log: Logger
  readonly protocolOf: (value: A) => string
  readonly onFrame: ((frame: FrameOf<A>, connection: ConnectionInfo) => HandlerResult) | undefined
  readonly onMalformed: ((event: MalformedOf, connection: ConnectionInfo) => HandlerResult) | undefined
  readonly onClose: ((connection: ConnectionInfo, reason: CloseReason) => void) | undefined
}

/**
 * One client connection: its own frame decoder, its limits, and in-order
 * delivery of its events to the handlers. `done` settles once the socket is
 * closed and every event (the decoder's final `end()` ones included) has
 * been handled.
 * @internal
 */
export class Connection<A> implements ConnectionInfo {
  readonly remoteAddress: string
  readonly remotePort: number
  bytesReceived = 0
  frames = 0
  readonly done: Promise<void>
  private readonly decoder: FrameDecoder<A>
  private readonly log: Logger
  private readonly pending: FrameEvent<A>[] = []
  private next = 0
  private waiting = false // a handler's promise is pending
  private reason: CloseReason | undefined
  private socketClosed = false
  private finished = false
  private resolveDone!: () => void

  constructor(readonly id: number, private readonly socket: Socket, private readonly ctx: ConnectionContext<A>) {
    this.remoteAddress = socket.remoteAddress ?? ''
    this.remotePort = socket.remotePort ?? 0
    this.decoder = createFrameDecoder(ctx.grammar, ctx.maxFrame === undefined ? {} : { maxFrame: ctx.maxFrame })
    this.log = ctx.log.child({ conn: id })
    this.done = new Promise((resolve) => (this.resolveDone = resolve))
    ctx.metrics.openConnections.inc()
    this.log.info({ remoteAddress: this.remoteAddress, remotePort: this.remotePort }, 'connection opened')
    if (ctx.idleTimeoutMs > 0) socket.setTimeout(ctx.idleTimeoutMs)
    socket.on('data', (chunk: Buffer) => this.receive(chunk))
    socket.on('timeout', () => this.close('idle'))
    socket.on('end', () => this.reason ??= 'end')
    socket.on('error', (error) => {
      this.log.debug({ err: error }, 'socket error')
      this.close('error')
    })
    socket.on('close', () => this.socketEnded())
  }

  /** Bytes the decoder holds, waiting for the rest of a frame. */
  get buffered(): number {
    return this.decoder.buffered
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

  private receive(chunk: Buffer): void {
    const room = this.ctx.maxBytesPerConnection - this.bytesReceived
    const accepted = chunk.length <= room ? chunk : chunk.subarray(0, Math.max(0, room))
    this.bytesReceived += accepted.length
    this.ctx.metrics.receivedBytes.inc(accepted.length)
    const started = performance.now()
    const events = this.decoder.push(accepted)
    this.ctx.metrics.decodeSeconds.observe((performance.now() - started) / 1000)
    this.enqueue(events)
    if (accepted.length < chunk.length) {
      this.log.warn({ limit: this.ctx.maxBytesPerConnection }, 'byte limit reached, closing')
      this.close('byte-limit')
    }
  }

  private socketEnded(): void {
    this.socketClosed = true
    this.enqueue(this.decoder.end())
  }

  private enqueue(events: FrameEvent<A>[]): void {
    for (const event of events) this.pending.push(event)
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
        this.pauseReading()
        result
          .catch((error: unknown) => this.log.error({ err: error }, 'handler failed'))
          .finally(() => {
            this.waiting = false
            this.resumeReading()
            this.drain()
          })
        return
      }
    }
    this.pending.length = 0
    this.next = 0
    if (this.socketClosed) this.finish()
  }

  private handle(event: FrameEvent<A>): Promise<void> | undefined {
    const { metrics } = this.ctx
    try {
      switch (event.type) {
        case 'frame':
          this.frames++
          metrics.frames.inc({ protocol: this.ctx.protocolOf(event.value) })
          return this.ctx.onFrame?.(event, this) ?? undefined
        case 'skipped':
          metrics.skippedBytes.inc(event.length)
          this.log.debug({ offset: event.offset, length: event.length }, 'skipped garbage')
          return undefined
        case 'malformed':
        case 'truncated':
          metrics.errors.inc({ kind: event.type === 'truncated' ? 'truncated' : event.error.kind })
          this.log.warn(
            { offset: event.offset, length: event.length, kind: event.error.kind, detail: formatError(event.error, event.bytes) },
            event.type === 'truncated' ? 'truncated frame at end of stream' : 'malformed frame',
          )
          return this.ctx.onMalformed?.(event, this) ?? undefined
      }
    } catch (error) {
      this.log.error({ err: error }, 'handler failed')
      return undefined
    }
  }

  private pauseReading(): void {
    this.socket.pause()
    this.socket.setTimeout(0) // the handler is slow, not the client
  }

  private resumeReading(): void {
    if (this.socket.destroyed) return
    if (this.ctx.idleTimeoutMs > 0) this.socket.setTimeout(this.ctx.idleTimeoutMs)
    this.socket.resume()
  }

  private finish(): void {
    if (this.finished) return
    this.finished = true
    const reason = this.reason ?? 'end'
    this.ctx.metrics.openConnections.dec()
    this.ctx.metrics.connectionsClosed.inc({ reason })
    this.log.info({ reason, bytesReceived: this.bytesReceived, frames: this.frames }, 'connection closed')
    try {
      this.ctx.onClose?.(this, reason)
    } catch (error) {
      this.log.error({ err: error }, 'onClose handler failed')
    }
    this.resolveDone()
  }
}
