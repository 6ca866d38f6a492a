import { pino, type DestinationStream, type Level, type Logger } from 'pino'
import sonicBoom from 'sonic-boom'

// sonic-boom is CommonJS: its class is both the module and a property of it.
const { SonicBoom } = sonicBoom
type SonicBoom = InstanceType<typeof SonicBoom>

/**
 * Log levels the server understands; `silent` turns logging off.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Writable } from 'node:stream'
 * import { createLogger, type LogLevel } from 'oxwire/server'
 * const lines: string[] = []
 * const level: LogLevel = 'silent'
 * const log = createLogger({ level, destination: new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }) })
 * log.fatal('not written')
 * assert.deepEqual(lines, [])
 * ```
 * @category Server
 */
export type LogLevel = Level | 'silent'

/**
 * Options of {@link createLogger}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Writable } from 'node:stream'
 * import { createLogger, type LoggerOptions } from 'oxwire/server'
 * const lines: string[] = []
 * const options: LoggerOptions = { level: 'debug', destination: new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }) }
 * createLogger(options).debug({ conn: 1 }, 'connected')
 * assert.deepEqual(lines.map((l) => JSON.parse(l) as { msg: string; conn: number }).map((l) => [l.msg, l.conn]), [['connected', 1]])
 * ```
 * @category Server
 */
export interface LoggerOptions {
  /** Lowest level written; default `info`. `silent` writes nothing. */
  readonly level?: LogLevel
  /** Where JSON lines go: a file descriptor (default 2, stderr) or a stream. */
  readonly destination?: number | DestinationStream
  /**
   * For a file descriptor: the most bytes of lines waiting to be written
   * (default 1 MiB). Lines that do not fit are dropped and counted
   * ({@link droppedLogLines}), so a slow or stalled reader of the logs never
   * blocks the server.
   */
  readonly bufferBytes?: number
}

interface LogState {
  dropped: number
  readonly boom: SonicBoom | undefined
}

const states = new WeakMap<Logger, LogState>()

/**
 * A structured (JSON lines) logger, as the packet server uses it. pino is
 * chosen for being small, fast and widely kept.
 *
 * Writes to a file descriptor are asynchronous through a bounded buffer
 * (sonic-boom's, pino's own writer): the caller never waits for the disk
 * or the pipe. A reader that falls behind loses lines, not time; each lost
 * line is counted ({@link droppedLogLines}, and the packet server's
 * `oxwire_log_dropped_lines_total`). Call {@link flushLogger} before exiting.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Writable } from 'node:stream'
 * import { createLogger, droppedLogLines } from 'oxwire/server'
 *
 * const lines: string[] = []
 * const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) })
 * const log = createLogger({ level: 'warn', destination: sink })
 * log.warn({ conn: 3 }, 'malformed frame')
 * log.info('not written: below warn')
 * assert.equal(lines.length, 1)
 * assert.equal(JSON.parse(lines[0]!).msg, 'malformed frame')
 * assert.equal(droppedLogLines(log), 0)
 * ```
 * @category Server
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? 2
  let boom: SonicBoom | undefined
  if (typeof destination === 'number') {
    boom = new SonicBoom({ fd: destination, sync: false, maxLength: options.bufferBytes ?? 1 << 20, minLength: 0 })
  }
  const log = pino({ level: options.level ?? 'info', base: { name: 'oxwire' } }, boom ?? (destination as DestinationStream))
  const state: LogState = { dropped: 0, boom }
  boom?.on('drop', (data: string | Buffer) => {
    state.dropped += countLines(data)
  })
  // A closed pipe (the reader went away) must not crash the server.
  boom?.on('error', () => undefined)
  states.set(log, state)
  return log
}

function countLines(data: string | Buffer): number {
  let n = 0
  if (typeof data === 'string') {
    for (let i = data.indexOf('\n'); i >= 0; i = data.indexOf('\n', i + 1)) n++
  } else {
    for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) n++
  }
  return Math.max(n, 1)
}

/**
 * How many lines a logger made by {@link createLogger} has dropped because
 * its buffer was full (0 for other loggers and for stream destinations,
 * which apply their own backpressure).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createLogger, droppedLogLines } from 'oxwire/server'
 *
 * assert.equal(droppedLogLines(createLogger({ level: 'silent' })), 0)
 * ```
 * @category Server
 */
export function droppedLogLines(logger: Logger): number {
  return states.get(logger)?.dropped ?? 0
}

/**
 * Waits until a logger made by {@link createLogger} has written what it
 * buffered, or `timeoutMs` passed (a stalled reader does not hold up an
 * exit for longer). Resolves to true when everything was written.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createLogger, flushLogger } from 'oxwire/server'
 *
 * const log = createLogger({ level: 'silent' })
 * assert.equal(await flushLogger(log, 100), true)
 * ```
 * @category Server
 */
export function flushLogger(logger: Logger, timeoutMs = 1000): Promise<boolean> {
  const boom = states.get(logger)?.boom
  if (boom === undefined) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs)
    timer.unref()
    try {
      boom.flush((error?: Error) => {
        clearTimeout(timer)
        resolve(error === undefined || error === null)
      })
    } catch {
      clearTimeout(timer)
      resolve(false)
    }
  })
}

export type { Logger }
