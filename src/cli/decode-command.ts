import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Option } from 'commander'
import { createFrameDecoder, type FrameEvent } from '../stream/frame-decoder.js'
import { formatError } from '../runtime/format.js'
import type { CliCommand } from './command.js'
import { runCaptureDecode } from './decode-capture.js'
import { decodeOutcome, type DecodeSummary } from './decode-summary.js'
import { addGrammarOptions, nonNegativeInt, resolveGrammar, type GrammarChoice, type GrammarOptions } from './grammar-option.js'
import { HexReader, looksLikeHex, looksLikeText } from './hex-input.js'
import { UsageError, write, type CliIo } from './io.js'
import { toJsonLine } from './json-lines.js'
import { createProgress } from './progress.js'

/** How input bytes are written: raw, hex text, or decided from the first bytes. @internal */
export type InputFormat = 'bin' | 'hex' | 'auto'

/**
 * Turns a stream of file chunks into frame bytes: raw as they are, or hex
 * text decoded piece by piece. `auto` looks at the first chunk: clean hex is
 * hex; other text (a typo in a hex dump) is read as hex too, so the error
 * says at which line and column; anything else is binary.
 * @internal
 */
export async function* inputBytes(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, format: InputFormat): AsyncGenerator<Uint8Array> {
  let hex: HexReader | undefined
  let decided = format !== 'auto'
  if (format === 'hex') hex = new HexReader()
  const text = new TextDecoder()
  for await (const chunk of chunks) {
    if (!decided && chunk.length > 0) {
      decided = true
      if (looksLikeHex(chunk) || looksLikeText(chunk)) hex = new HexReader()
    }
    yield hex === undefined ? chunk : hex.push(text.decode(chunk, { stream: true }))
  }
  hex?.end()
}

/**
 * Decodes a byte stream with the frame decoder of the chosen grammar and
 * writes JSON lines (see the command's help); errors also go to stderr with
 * a hex dump.
 * @internal
 */
export async function runDecode(input: AsyncIterable<Uint8Array>, choice: GrammarChoice, io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<DecodeSummary> {
  const { grammar, maxFrame, label } = choice
  const decoder = createFrameDecoder(grammar, { maxFrame })
  const summary: DecodeSummary = { frames: 0, errors: 0, skippedBytes: 0, bytes: 0 }
  const emit = async (events: FrameEvent<unknown>[]): Promise<void> => {
    let lines = ''
    for (const event of events) {
      switch (event.type) {
        case 'frame': {
          summary.frames++
          const { protocol, value } = label(event.value)
          lines += toJsonLine({ type: 'frame', offset: event.offset, length: event.length, protocol, value }) + '\n'
          break
        }
        case 'skipped':
          summary.skippedBytes += event.length
          lines += toJsonLine(event) + '\n'
          break
        case 'malformed':
        case 'truncated':
          summary.errors++
          lines += toJsonLine({ type: event.type, offset: event.offset, length: event.length, error: event.error }) + '\n'
          await write(io.stderr, `${event.type} frame at stream offset ${event.offset} (${event.length} bytes): ${formatError(event.error, event.bytes)}\n`)
          break
      }
    }
    if (lines !== '') await write(io.stdout, lines)
  }
  for await (const bytes of input) {
    summary.bytes += bytes.length
    await emit(decoder.push(bytes))
  }
  await emit(decoder.end())
  return summary
}

/** The size of an input file, or a one-line error that says why it cannot be read. @internal */
export async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new Error(`${file} is not a file`)
    return info.size
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw new Error(code === 'ENOENT' ? `cannot read ${file}: no such file` : `cannot read ${file}: ${(error as Error).message}`)
  }
}

interface DecodeOptions extends GrammarOptions {
  readonly format: InputFormat
  readonly pcap?: string
  readonly port?: number
}

/** `oxwire decode`. @internal */
export const decodeCli: CliCommand = {
  name: 'decode',
  define: (command) => {
    command
      .description('decode frames from a file or stdin (binary or hex) into JSON lines')
      .argument('[file]', 'input file; - or none reads stdin')
    addGrammarOptions(command)
      .addOption(new Option('-f, --format <format>', 'input format; auto tells hex text from binary').choices(['bin', 'hex', 'auto']).default('auto'))
      .option('--pcap <capture>', 'read a pcap or pcapng capture: each TCP direction reassembled and decoded as a frame stream, each UDP datagram as a frame')
      .option('--port <port>', 'with --pcap, only flows to or from this port', nonNegativeInt('--port'))
      .addHelpText(
        'after',
        `
Writes one JSON line per event to stdout:
  {"type":"frame","offset":0,"length":19,"protocol":"tlm","value":{...}}
  {"type":"skipped","offset":19,"length":7}
  {"type":"malformed"|"truncated","offset":26,"length":25,"error":{"kind":"checksum",...}}
Malformed frames are also written to stderr with a hex dump. bigint values are
{"$bigint":"<decimal>"}, bytes {"$bytes":"<hex>"}, NaN/Infinity/-0 {"$number":"NaN"}.
Hex input is pairs of hex digits with any whitespace and # comments.
With --pcap each line also has "flow" (transport, addresses, ports, direction
to-server|to-client), "time" (capture time, ISO 8601 with microseconds), and the
offset counts that direction's stream; TCP gaps and retransmissions are lines too:
  {"type":"gap","flow":{...},"time":"...","offset":1200,"length":60}
Exit status 1 when a frame was malformed or truncated, or nothing decoded.

Examples:
  oxwire gen --count 10 | oxwire decode
  oxwire decode frames.hex --grammar ./my-protocol.js#frame
  oxwire decode --pcap capture.pcap --port 7000`,
      )
  },
  run: async ({ command, args, io }) => {
    const options = command.opts<DecodeOptions>()
    const choice = await resolveGrammar(options)
    if (options.pcap !== undefined) {
      if (args.length > 0) throw new UsageError('decode reads either FILE or --pcap, not both')
      await fileSize(options.pcap)
      const summary = await runCaptureDecode(options.pcap, choice, io, options.port)
      const { status, message } = decodeOutcome(summary, choice.name)
      const reassembly = summary.gaps + summary.retransmissions > 0 ? ` (TCP: ${summary.gaps} gap(s), ${summary.retransmissions} retransmission(s))` : ''
      if (message !== undefined) await write(io.stderr, `oxwire decode: ${message}${reassembly}\n`)
      else if (reassembly !== '') await write(io.stderr, `oxwire decode: ${summary.frames} frame(s)${reassembly}\n`)
      return status
    }
    const file = args[0]
    const fromFile = file !== undefined && file !== '-'
    const total = fromFile ? await fileSize(file) : 0
    const source: AsyncIterable<Uint8Array> = fromFile ? createReadStream(file) : io.stdin
    const progress = fromFile ? createProgress(io.stderr, 'decode', total, 'bytes') : undefined
    let read = 0
    const summary = await runDecode(
      inputBytes(
        (async function* () {
          for await (const chunk of source) {
            read += (chunk as Uint8Array).length
            progress?.update(read)
            yield chunk as Uint8Array
          }
        })(),
        options.format,
      ),
      choice,
      io,
    )
    progress?.finish()
    const { status, message } = decodeOutcome(summary, choice.name)
    if (message !== undefined) await write(io.stderr, `oxwire decode: ${message}\n`)
    return status
  },
}
