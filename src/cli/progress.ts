import { SingleBar } from 'cli-progress'
import { humanBytes, humanCount } from './human.js'
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
 * A progress bar (cli-progress) on `out` for long work, shown only when
 * `out` is a terminal and only once the run has taken half a second, so
 * pipes, files and short runs print nothing. `unit` `bytes` shows sizes
 * (`1.2 MB of 4 MB`), any other unit counts (`1,200 of 4,000 frames`).
 * @internal
 */
export function createProgress(out: Output | undefined, label: string, total: number, unit: string, now: () => number = Date.now): Progress {
  if (out?.isTTY !== true) return noProgress
  const started = now()
  const show = unit === 'bytes' ? humanBytes : humanCount
  let bar: SingleBar | undefined
  return {
    update(done) {
      if (bar === undefined) {
        if (now() - started < 500) return
        bar = new SingleBar({
          stream: out,
          format: `${label} [{bar}] {percentage}% {shown} of {all} ${unit === 'bytes' ? '' : unit + ' '}| {rate} | eta {eta_formatted}`,
          barsize: 24,
          hideCursor: false,
          clearOnComplete: true,
          fps: 10,
          gracefulExit: false,
          etaBuffer: 50,
        })
        bar.start(total, done, { shown: show(done), all: show(total), rate: '' })
      }
      const seconds = Math.max(1, now() - started) / 1000
      const perSecond = done / seconds
      bar.update(done, { shown: show(done), rate: unit === 'bytes' ? `${humanBytes(perSecond)}/s` : `${humanCount(Math.round(perSecond))} ${unit}/s` })
    },
    finish() {
      bar?.stop()
      bar = undefined
    },
  }
}
