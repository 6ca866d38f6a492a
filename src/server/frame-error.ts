import { formatError } from '../format.js'
import type { DecodeError } from '../errors.js'
import type { RecentBytes } from './recent-bytes.js'

/**
 * A malformed or truncated frame's error for people: the formatted error
 * with a hex dump of the frame's bytes. Error offsets count from the start
 * of the frame, which is where the dump starts.
 * @internal
 */
export function formatFrameError(event: { readonly error: DecodeError; readonly offset: number; readonly length: number }, recent: RecentBytes): string {
  const shown = Math.max(event.length, event.error.offset + 1)
  return formatError(event.error, recent.slice(event.offset, event.offset + shown))
}
