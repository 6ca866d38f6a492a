import { readFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { parseArgs } from 'node:util'
import { inputBytes, parseInputFormat } from './decode-command.js'
import { UsageError, intOption, write, type CliIo } from './io.js'
import { createProgress } from './progress.js'
import { Random } from './random.js'
import { trafficArgs, trafficOptions } from './gen-command.js'
import { concatBytes, generateTraffic } from './traffic.js'

/** Usage text of `oxwire send`. @internal */
export const sendUsage = `oxwire send [FILE] --port P [--host H] [--max-chunk N] [--chunk-seed S]
            [--count N] [--seed S] [--corrupt N] [--garbage] [--protocol tlm|evr|auto]
  Sends FILE (binary or hex) or, without FILE, generated traffic (see oxwire gen) to
  H:P (default 127.0.0.1) over TCP, cut at random points into writes of 1..N bytes
  (default 512).`

/** Options of {@link sendBytes}. @internal */
export interface SendOptions {
  readonly host: string
  readonly port: number
  /** Chooses the split points. */
  readonly random: Random
  /** Largest write in bytes. */
  readonly maxChunk: number
  /** Slows sending down (for a demo people can watch): after every this many bytes, wait `pauseMs`. */
  readonly pauseEvery?: number
  /** See `pauseEvery`. */
  readonly pauseMs?: number
  /** Called after each write with the bytes sent so far. */
  readonly onProgress?: (sent: number) => void
}

/**
 * Sends `bytes` over one TCP connection in writes of random size, honouring
 * backpressure, then closes it; resolves once the server has the last byte
 * and the connection is closed.
 * @internal
 */
export function sendBytes(bytes: Uint8Array, options: SendOptions): Promise<{ bytes: number; writes: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: options.host, port: options.port, noDelay: true })
    let sent = 0
    let writes = 0
    socket.once('error', reject)
    socket.on('data', () => undefined) // the server sends nothing; keep the socket flowing
    socket.once('close', () => resolve({ bytes: sent, writes }))
    const pauseEvery = options.pauseEvery ?? Number.POSITIVE_INFINITY
    let nextPause = pauseEvery
    const pump = (): void => {
      while (sent < bytes.length) {
        const size = Math.min(bytes.length - sent, options.random.int(1, options.maxChunk))
        const more = socket.write(bytes.subarray(sent, sent + size))
        sent += size
        writes++
        options.onProgress?.(sent)
        if (sent >= nextPause) {
          nextPause = sent + pauseEvery
          const later = (): void => void setTimeout(pump, options.pauseMs ?? 0)
          if (more) later()
          else socket.once('drain', later)
          return
        }
        if (!more) {
          socket.once('drain', pump)
          return
        }
      }
      socket.end()
    }
    socket.once('connect', pump)
  })
}

/** `oxwire send`: returns the exit status. @internal */
export async function sendCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...trafficArgs,
      host: { type: 'string', short: 'H' },
      port: { type: 'string', short: 'P' },
      'max-chunk': { type: 'string' },
      'chunk-seed': { type: 'string' },
      format: { type: 'string', short: 'f' },
    },
  })
  if (values.port === undefined) throw new UsageError('send needs --port')
  const port = intOption('port', values.port, 0)
  const maxChunk = Math.max(1, intOption('max-chunk', values['max-chunk'], 512))
  const file = positionals[0]
  let bytes: Uint8Array
  if (file !== undefined) {
    const parts: Uint8Array[] = []
    for await (const part of inputBytes([await readFile(file)], parseInputFormat(values.format))) parts.push(part)
    bytes = concatBytes(parts.map((p) => ({ bytes: p })))
  } else {
    bytes = concatBytes(generateTraffic(trafficOptions(values, 1000)))
  }
  const progress = createProgress(io.stderr, 'send', bytes.length, 'bytes')
  const started = Date.now()
  const result = await sendBytes(bytes, {
    host: values.host ?? '127.0.0.1',
    port,
    random: new Random(intOption('chunk-seed', values['chunk-seed'], 1)),
    maxChunk,
    onProgress: (sent) => progress.update(sent),
  })
  progress.finish()
  await write(io.stderr, `sent ${result.bytes} bytes in ${result.writes} writes (${Date.now() - started} ms)\n`)
  return 0
}
