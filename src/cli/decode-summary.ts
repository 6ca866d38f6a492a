import { humanBytes } from './human.js'

/** Counts of one decode run. @internal */
export interface DecodeSummary {
  frames: number
  errors: number
  skippedBytes: number
  /** Bytes of frame data read (after hex decoding). */
  bytes: number
}

/**
 * The exit status of a decode run, and the line to print when it failed:
 * 1 when a frame was malformed or truncated, or when non-empty input gave
 * no frame at all (wrong grammar, wrong format).
 * @internal
 */
export function decodeOutcome(summary: DecodeSummary, what: string): { status: number; message: string | undefined } {
  if (summary.frames === 0 && summary.bytes > 0) {
    return { status: 1, message: `decoded no frame from ${humanBytes(summary.bytes)} with ${what} (${humanBytes(summary.skippedBytes)} skipped, ${summary.errors} bad frame(s)): is it the right grammar and format?` }
  }
  return { status: summary.errors > 0 ? 1 : 0, message: undefined }
}
