/**
 * Timers that can all be cut short: retries sleep here, a reconnect wakes
 * them at once (no need to wait out the backoff), and closing wakes them
 * for good, so no timer outlives the sink.
 * @internal
 */
export class Waits {
  private readonly sleeping = new Map<ReturnType<typeof setTimeout>, () => void>()

  /** Resolves after `ms`, or earlier on {@link Waits.wakeAll}. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeping.delete(timer)
        resolve()
      }, ms)
      this.sleeping.set(timer, resolve)
    })
  }

  /** Ends every sleep now. */
  wakeAll(): void {
    for (const [timer, resolve] of this.sleeping) {
      clearTimeout(timer)
      resolve()
    }
    this.sleeping.clear()
  }
}

/**
 * A delay before retry `attempt` (1 for the first retry): doubling from
 * `min` up to `max`, with up to 20 % jitter so that many frames retried
 * together do not arrive together again.
 * @internal
 */
export function backoff(attempt: number, min: number, max: number): number {
  const base = Math.min(max, min * 2 ** Math.min(attempt - 1, 30))
  return Math.round(base * (1 + Math.random() * 0.2))
}
