import { constants } from 'node:os'
import type { Logger } from 'pino'
import { flushLogger } from './logger.js'

/**
 * Options of {@link exitOnNextSignal}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Writable } from 'node:stream'
 * import { createLogger, exitOnNextSignal, type ExitOnSignalOptions } from 'oxwire/server'
 * const log = createLogger({ destination: new Writable({ write: (_chunk, _encoding, done) => done() }) })
 * const codes: number[] = []
 * const options: ExitOnSignalOptions = { log, signals: ['SIGUSR2'], flushMs: 10, exit: (code) => void codes.push(code) }
 * const remove = exitOnNextSignal(options)
 * process.kill(process.pid, 'SIGUSR2')
 * await new Promise((resolve) => setTimeout(resolve, 200))
 * remove()
 * assert.equal(codes.length, 1)
 * ```
 * @category Server
 */
export interface ExitOnSignalOptions {
  /** Where the final line goes. */
  readonly log: Logger
  /** Signals to catch; default SIGINT and SIGTERM. */
  readonly signals?: readonly NodeJS.Signals[]
  /** How long the final line may take to reach the log, in ms; default 100. */
  readonly flushMs?: number
  /** Ends the process; default `process.exit`. */
  readonly exit?: (code: number) => void
}

/**
 * For use during a graceful shutdown: the next SIGINT or SIGTERM logs one
 * line at `fatal` and exits at once, with the conventional status 128 +
 * the signal's number (130 for SIGINT, 143 for SIGTERM), instead of the
 * silent default death. Returns a function that removes the handlers.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { constants } from 'node:os'
 * import { Writable } from 'node:stream'
 * import { createLogger, exitOnNextSignal } from 'oxwire/server'
 *
 * const lines: string[] = []
 * const log = createLogger({ destination: new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }) })
 * let status: number | undefined
 * const remove = exitOnNextSignal({ log, signals: ['SIGUSR2'], exit: (code) => void (status = code) })
 * process.kill(process.pid, 'SIGUSR2')
 * await new Promise((resolve) => setTimeout(resolve, 200))
 * remove()
 * assert.equal(status, 128 + constants.signals.SIGUSR2)
 * assert.match(lines[0]!, /second signal/)
 * ```
 * @category Server
 */
export function exitOnNextSignal(options: ExitOnSignalOptions): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM']
  const exit = options.exit ?? ((code: number) => process.exit(code))
  const handler = (signal: NodeJS.Signals): void => {
    const code = 128 + (constants.signals[signal] ?? 0)
    options.log.fatal({ signal, code }, 'second signal during shutdown: exiting now')
    void flushLogger(options.log, options.flushMs ?? 100).then(() => exit(code))
  }
  for (const signal of signals) process.on(signal, handler)
  return () => {
    for (const signal of signals) process.off(signal, handler)
  }
}
