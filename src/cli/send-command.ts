import { readFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { Option } from 'commander'
import type { CliCommand } from './command.js'
import { inputBytes, type InputFormat } from './decode-command.js'
import { addTrafficOptions, trafficOptions, type TrafficFlags } from './gen-command.js'
import { nonNegativeInt, positiveInt, resolveGrammar } from './grammar-option.js'
import { trafficOf } from './grammar-traffic.js'
import { humanBytes, humanCount, humanDuration, humanRate } from './human.js'
import { write } from './io.js'
import { createProgress } from './progress.js'
import { Random } from './random.js'
import { concatBytes } from './traffic.js'

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

interface SendFlags extends TrafficFlags {
  readonly port: number
  readonly host: string
  readonly maxChunk: number
  readonly chunkSeed: number
  readonly format: InputFormat
}

/** `oxwire send`. @internal */
export const sendCli: CliCommand = {
  name: 'send',
  define: (command) => {
    command
      .description('send a file (binary or hex), or generated traffic, to a TCP server in writes of random size')
      .argument('[file]', 'frames to send; without it, generated traffic (see oxwire gen)')
      .requiredOption('-P, --port <port>', 'server port', nonNegativeInt('--port'))
      .option('-H, --host <host>', 'server address', '127.0.0.1')
      .option('--max-chunk <bytes>', 'largest write; writes are 1..N bytes, cut at random points', positiveInt('--max-chunk'), 512)
      .option('--chunk-seed <seed>', 'seed of the split points', nonNegativeInt('--chunk-seed'), 1)
      .addOption(new Option('-f, --format <format>', 'format of FILE').choices(['bin', 'hex', 'auto']).default('auto'))
    addTrafficOptions(command, 1000).addHelpText(
      'after',
      `
Examples:
  oxwire send --port 7000 --count 10000 --corrupt 2 --garbage
  oxwire send frames.hex --port 7000 --max-chunk 5`,
    )
  },
  run: async ({ command, args, io }) => {
    const options = command.opts<SendFlags>()
    const file = args[0]
    let bytes: Uint8Array
    if (file !== undefined) {
      const parts: Uint8Array[] = []
      for await (const part of inputBytes([await readFile(file)], options.format)) parts.push(part)
      bytes = concatBytes(parts.map((p) => ({ bytes: p })))
    } else {
      bytes = concatBytes(await trafficOf(await resolveGrammar(options), trafficOptions(options)))
    }
    const progress = createProgress(io.stderr, 'send', bytes.length, 'bytes')
    const started = Date.now()
    const result = await sendBytes(bytes, {
      host: options.host,
      port: options.port,
      random: new Random(options.chunkSeed),
      maxChunk: options.maxChunk,
      onProgress: (sent) => progress.update(sent),
    })
    progress.finish()
    const ms = Date.now() - started
    await write(io.stderr, `sent ${humanBytes(result.bytes)} in ${humanCount(result.writes)} writes, ${humanDuration(ms)} (${humanRate(result.bytes, ms, 'bytes')})\n`)
    return 0
  },
}
