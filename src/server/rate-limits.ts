/**
 * A budget that refills at a steady rate: a leaky bucket. Charges raise its
 * level, time lowers it; over the capacity is over budget.
 * @internal
 */
export class LeakyBucket {
  private level = 0
  private last: number

  /** `capacity` in any unit; the bucket empties completely in `refillMs`. */
  constructor(readonly capacity: number, private readonly refillMs: number, now: number) {
    this.last = now
  }

  /** Charges `amount` at time `now` (ms); true when the level is now over the capacity. */
  charge(amount: number, now: number): boolean {
    const leaked = this.refillMs > 0 ? ((now - this.last) * this.capacity) / this.refillMs : Number.POSITIVE_INFINITY
    this.level = Math.max(0, this.level - Math.max(0, leaked)) + amount
    this.last = now
    return this.level > this.capacity
  }
}

/**
 * A token bucket for log lines: `burst` lines at once, then one line per
 * `intervalMs`. Counts what it refuses, so a summary can say how many lines
 * were left out.
 * @internal
 */
export class LineLimiter {
  private tokens: number
  private last: number
  /** Lines refused so far. */
  suppressed = 0

  constructor(private readonly burst: number, private readonly intervalMs: number, now: number) {
    this.tokens = burst
    this.last = now
  }

  /** True when a line may be written now; otherwise counts it as suppressed. */
  allow(now: number): boolean {
    if (this.intervalMs > 0) this.tokens = Math.min(this.burst, this.tokens + (now - this.last) / this.intervalMs)
    this.last = now
    if (this.tokens >= 1) {
      this.tokens -= 1
      return true
    }
    this.suppressed++
    return false
  }
}
