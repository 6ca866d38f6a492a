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

/** Thrown for a bad command line or a grammar that cannot be used; runCli prints it as one line with a usage hint and exits 2. @internal */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}
