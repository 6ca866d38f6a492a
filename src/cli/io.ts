import type { Readable, Writable } from 'node:stream'

/** An output stream that may be a terminal. @internal */
export type Output = Writable & { readonly isTTY?: boolean; readonly columns?: number }

/** The streams a command reads and writes; tests pass their own. @internal */
export interface CliIo {
  readonly stdin: Readable
  readonly stdout: Output
  readonly stderr: Output
}

/** Writes text, waiting for `drain` when the stream's buffer is full. @internal */
export async function write(out: Writable, text: string | Uint8Array): Promise<void> {
  if (!out.write(text)) await drained(out)
}

/** Resolves on the stream's next `drain`. @internal */
export function drained(out: Writable): Promise<void> {
  return new Promise<void>((resolve) => out.once('drain', resolve))
}

/** Thrown for a bad command line; the dispatcher prints it with the usage and exits 2. @internal */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** Parses a non-negative integer option, or throws a UsageError naming it. @internal */
export function intOption(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} needs a non-negative integer, not ${JSON.stringify(text)}`)
  return n
}
