import { PassThrough, Readable, Writable } from 'node:stream'
import type { CliIo } from '../../src/cli/io.js'
import { parseJsonLine } from '../../src/cli/json-lines.js'

/** A captured output stream; `isTTY` can be faked. */
export class Captured extends Writable {
  chunks: Buffer[] = []
  constructor(readonly isTTY = false) {
    super()
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.from(chunk))
    done()
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString()
  }
  get bytes(): Uint8Array {
    return Uint8Array.from(Buffer.concat(this.chunks))
  }
  jsonLines(): unknown[] {
    return this.text.split('\n').filter((l) => l !== '').map(parseJsonLine)
  }
}

/** Streams for a command: stdin from `input`, captured stdout and stderr. */
export function cliIo(input: Uint8Array | string = new Uint8Array(0), tty = false): CliIo & { stdout: Captured; stderr: Captured } {
  return { stdin: Readable.from([Buffer.from(input)]), stdout: new Captured(tty), stderr: new Captured(tty) }
}

/** An stdin that never ends until ended by hand. */
export function openStdin(): PassThrough {
  return new PassThrough()
}
