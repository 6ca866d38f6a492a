/**
 * Counts frames in flight (handed to a sink, not yet acknowledged) per
 * connection and in total, and tells a connection when it may read again.
 * Both bounds together bound the sink's memory: at most `total` frames
 * plus one per connection, and no connection more than `perConnection`.
 * @internal
 */
export class PublishWindow {
  private readonly byConnection = new Map<number, number>()
  private waiting: { readonly connection: number; readonly resolve: () => void }[] = []
  private idleWaiters: (() => void)[] = []
  private count = 0
  private unbounded = false

  constructor(
    readonly perConnection: number,
    readonly total: number,
  ) {
    if (!Number.isSafeInteger(perConnection) || perConnection < 1) throw new RangeError(`window must be a positive integer, not ${perConnection}`)
    if (!Number.isSafeInteger(total) || total < 1) throw new RangeError(`maxOutstanding must be a positive integer, not ${total}`)
  }

  /** Frames in flight, all connections together. */
  get outstanding(): number {
    return this.count
  }

  /** Frames in flight of one connection. */
  outstandingOf(connection: number): number {
    return this.byConnection.get(connection) ?? 0
  }

  /** Whether `connection` may hand over another frame now. */
  hasRoom(connection: number): boolean {
    return this.unbounded || (this.count < this.total && this.outstandingOf(connection) < this.perConnection)
  }

  /** From now on every connection has room: wakes all waiting, bounds no more. */
  release(): void {
    this.unbounded = true
    for (const waiter of this.waiting.splice(0)) waiter.resolve()
  }

  /** One more frame of `connection` in flight. */
  take(connection: number): void {
    this.byConnection.set(connection, this.outstandingOf(connection) + 1)
    this.count++
  }

  /** One frame of `connection` is settled (acknowledged or given up). */
  give(connection: number): void {
    const left = this.outstandingOf(connection) - 1
    if (left < 0) throw new Error(`PublishWindow: connection ${connection} has nothing in flight`)
    // Entries go when they reach zero, so closed connections leave nothing behind.
    if (left === 0) this.byConnection.delete(connection)
    else this.byConnection.set(connection, left)
    this.count--
    if (this.waiting.length > 0) this.wake()
    if (this.count === 0) for (const resolve of this.idleWaiters.splice(0)) resolve()
  }

  /** Settles when `connection` has room again. */
  room(connection: number): Promise<void> {
    if (this.hasRoom(connection)) return Promise.resolve()
    return new Promise((resolve) => this.waiting.push({ connection, resolve }))
  }

  /** Settles when nothing is in flight. */
  idle(): Promise<void> {
    if (this.count === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  // First come, first served, and no more connections woken than the total
  // has room for: each woken connection hands over one frame before it
  // waits again, so the total overshoots by at most one frame per connection.
  private wake(): void {
    let free = this.total - this.count
    const still: typeof this.waiting = []
    for (const waiter of this.waiting) {
      if (free > 0 && this.outstandingOf(waiter.connection) < this.perConnection) {
        free--
        waiter.resolve()
      } else still.push(waiter)
    }
    this.waiting = still
  }
}
