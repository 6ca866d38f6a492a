import type { Output } from './io.js'

/** A progress line for long runs. @internal */
export interface Progress {
  /** Reports `done` of `total` units. */
  update(done: number): void
  /** Clears the line. */
  finish(): void
}

const noProgress: Progress = { update: () => undefined, finish: () => undefined }

/**
 * A one-line progress display on `out`, redrawn at most ten times a second
 * and only after the run has taken half a second, so short runs print
 * nothing. When `out` is not a terminal there is no display at all.
 * @internal
 */
export function createProgress(out: Output | undefined, label: string, total: number, unit: string, now: () => number = Date.now): Progress {
  if (out?.isTTY !== true) return noProgress
  const started = now()
  let drawn = 0
  let visible = false
  return {
    update(done) {
      const t = now()
      if (t - started < 500 || t - drawn < 100) return
      drawn = t
      visible = true
      const share = total > 0 ? done / total : 1
      const width = 24
      const filled = Math.round(share * width)
      const rate = Math.round((done / Math.max(1, t - started)) * 1000)
      out.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${done}/${total} ${unit} (${rate}/s)\x1b[K`)
    },
    finish() {
      if (visible) out.write('\r\x1b[K')
      visible = false
    },
  }
}
