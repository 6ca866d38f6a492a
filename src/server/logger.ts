import { pino, type DestinationStream, type Level, type Logger } from 'pino'

/**
 * Log levels the server understands; `silent` turns logging off.
 * @category Server
 */
export type LogLevel = Level | 'silent'

/**
 * Options of {@link createLogger}.
 * @category Server
 */
export interface LoggerOptions {
  /** Lowest level written; default `info`. `silent` writes nothing. */
  readonly level?: LogLevel
  /** Where JSON lines go: a file descriptor (default 2, stderr) or a stream. */
  readonly destination?: number | DestinationStream
}

/**
 * A structured (JSON lines) logger, as the packet server uses it. pino is
 * chosen for being small, fast and widely kept; writes to a file descriptor
 * are synchronous so that a process that exits right after logging loses
 * nothing.
 * @example
 * ```ts
 * const log = createLogger({ level: 'warn' })
 * log.warn({ conn: 3 }, 'malformed frame')
 * ```
 * @category Server
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? 2
  const stream = typeof destination === 'number' ? pino.destination({ dest: destination, sync: true }) : destination
  return pino({ level: options.level ?? 'info', base: { name: 'oxwire' } }, stream)
}

export type { Logger }
