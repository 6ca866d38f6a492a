// The NATS client: the official v3 modules (@nats-io/transport-node and
// @nats-io/jetstream), pinned to ~3.3. Why these:
// - v3 is the maintained line; the older all-in-one `nats` v2 package
//   (2.29.x) also works but is superseded.
// - v3 gates each JetStream feature on the server's version (multi-subject
//   filters, metadata, compression need 2.10; priority groups 2.11) and
//   uses none of them for publishing with Nats-Msg-Id, stream creation or
//   ordered consumers, which need 2.9 at most: all tested here against the
//   Debian nats-server 2.9.10 (JetStream on), before and after this choice.
// - 3.4.0 pulls @nats-io/nuid 3, which declares Node >= 22; oxwire runs on
//   Node 20, and 3.3.x depends on nuid 2 (Node >= 18).
import { jetstream, type JetStreamClient } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import type { Logger } from 'pino'
import type { SinkState } from './frame-sink.js'
import { Waits } from './wait.js'

/** Options of {@link BrokerLink}. @internal */
export interface BrokerLinkOptions {
  readonly servers: readonly string[]
  /** The client name the broker shows for this connection. */
  readonly name: string
  /** Pause between connection attempts while the broker is unreachable. */
  readonly reconnectWaitMs: number
  readonly log: () => Logger
  /** Runs after each (re)connection before publishing resumes, e.g. to make sure the stream exists; retried while it throws. */
  readonly prepare: (connection: NatsConnection) => Promise<void>
  /** Told of every state change. */
  readonly onState: (state: SinkState) => void
}

/**
 * The sink's connection to NATS. It connects in the background and keeps
 * trying while the broker is down (also at start, where the client alone
 * would give up); the client then reconnects by itself after a loss, and
 * the link follows its status to say when publishing may go on.
 * {@link BrokerLink.ready} is how a publish waits for that.
 * @internal
 */
export class BrokerLink {
  state: SinkState = 'connecting'
  lastError: string | undefined
  private connection: NatsConnection | undefined
  private client: JetStreamClient | undefined
  private waiting: ((client: JetStreamClient | undefined) => void)[] = []
  private readonly waits = new Waits()
  /** Bumped on every disconnect, so a preparation that a newer loss overtook does not report ready. */
  private generation = 0
  private stopping = false
  private started: Promise<void> | undefined

  constructor(private readonly options: BrokerLinkOptions) {}

  /** Starts connecting (once). */
  start(): void {
    this.started ??= this.connectLoop()
  }

  /** The JetStream client once connected and prepared; undefined once the link is closing. */
  ready(): Promise<JetStreamClient | undefined> {
    if (this.stopping) return Promise.resolve(undefined)
    if (this.state === 'connected' && this.client !== undefined) return Promise.resolve(this.client)
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  /** Stops waiting for the broker: every pending and later {@link BrokerLink.ready} gets undefined. */
  abandon(): void {
    this.stopping = true
    this.waits.wakeAll()
    for (const resolve of this.waiting.splice(0)) resolve(undefined)
  }

  /** Abandons, then closes the broker connection. */
  async close(): Promise<void> {
    this.abandon()
    await this.started
    const connection = this.connection
    this.connection = undefined
    if (connection !== undefined && !connection.isClosed()) await connection.close()
    this.setState('closed')
  }

  private async connectLoop(): Promise<void> {
    const { servers, name, reconnectWaitMs } = this.options
    let failures = 0
    while (!this.stopping) {
      try {
        const connection = await connect({
          servers: [...servers],
          name,
          // After the first connection the client reconnects by itself, for ever:
          // frames wait in the sink's window meanwhile.
          maxReconnectAttempts: -1,
          reconnectTimeWait: reconnectWaitMs,
          timeout: Math.max(1000, reconnectWaitMs),
          // Async stack traces cost an Error (a captured stack) per request,
          // that is per frame published; the sink's errors need no stack.
          noAsyncTraces: true,
        })
        if (this.stopping) {
          await connection.close()
          return
        }
        this.connection = connection
        this.client = jetstream(connection)
        this.options.log().info({ server: connection.getServer() }, 'sink connected to the broker')
        void this.follow(connection)
        await this.prepareAndRelease()
        return
      } catch (error) {
        this.lastError = `cannot connect to ${servers.join(', ')}: ${messageOf(error)}`
        // Loud once, then quiet: a broker down for an hour must not flood the log.
        if (failures++ === 0) this.options.log().warn({ servers, err: messageOf(error) }, 'sink cannot reach the broker; holding frames and retrying')
        await this.waits.sleep(reconnectWaitMs)
      }
    }
  }

  private async follow(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') {
        this.generation++
        this.lastError = 'disconnected from the broker'
        this.setState('reconnecting')
        this.options.log().warn({ server: status.server }, 'sink lost the broker; holding frames until it is back')
      } else if (status.type === 'reconnect') {
        this.options.log().info({ server: status.server }, 'sink reconnected to the broker')
        void this.prepareAndRelease()
      }
    }
  }

  private async prepareAndRelease(): Promise<void> {
    const generation = this.generation
    const connection = this.connection
    for (let attempt = 1; !this.stopping && connection !== undefined; attempt++) {
      try {
        await this.options.prepare(connection)
        break
      } catch (error) {
        this.lastError = `preparing the broker: ${messageOf(error)}`
        if (attempt === 1) this.options.log().warn({ err: messageOf(error) }, 'sink cannot prepare the broker; retrying')
        await this.waits.sleep(this.options.reconnectWaitMs)
        if (generation !== this.generation) return
      }
    }
    if (this.stopping || generation !== this.generation || this.client === undefined) return
    this.lastError = undefined
    this.setState('connected')
    const client = this.client
    for (const resolve of this.waiting.splice(0)) resolve(client)
  }

  private setState(state: SinkState): void {
    if (this.state === state) return
    this.state = state
    this.options.onState(state)
  }
}

/** An error's message, for logs and health. @internal */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
