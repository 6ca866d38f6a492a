import { createReadStream } from 'node:fs'
import { parseArgs } from 'node:util'
import { createFrameDecoder, type FrameEvent } from '../stream/frame-decoder.js'
import { formatError } from '../runtime/format.js'
import { HexReader, looksLikeHex } from './hex-input.js'
import { UsageError, write, type CliIo } from './io.js'
import { toJsonLine } from './json-lines.js'
import { grammarFor, parseProtocol } from './protocol-choice.js'
import type { ProtocolChoice } from './traffic.js'

/** How input bytes are written: raw, hex text, or decided from the first bytes. @internal */
export type InputFormat = 'bin' | 'hex' | 'auto'

/** Counts of one decode run. @internal */
export interface DecodeSummary {
  frames: number
  errors: number
  skippedBytes: number
}

/** Usage text of `oxwire decode`. @internal */
export const decodeUsage = `oxwire decode [FILE] [--protocol tlm|evr|auto] [--format bin|hex|auto]
  Decodes frames from FILE (or stdin) and writes one JSON line per event to stdout:
    {"type":"frame","offset":0,"length":19,"protocol":"tlm","value":{...}}
    {"type":"skipped","offset":19,"length":7}
    {"type":"malformed"|"truncated","offset":26,"length":25,"error":{"kind":"checksum",...}}
  Malformed frames are also written to stderr with a hex dump. bigint values are
  {"$bigint":"<decimal>"}, bytes {"$bytes":"<hex>"}, NaN/Infinity/-0 {"$number":"NaN"}.
  Exit status 1 when a frame was malformed or truncated.`

/** Parses a `--format` value for input. @internal */
export function parseInputFormat(text: string | undefined): InputFormat {
  const format = text ?? 'auto'
  if (format === 'bin' || format === 'hex' || format === 'auto') return format
  throw new UsageError(`--format must be bin, hex or auto, not ${JSON.stringify(format)}`)
}

/**
 * Turns a stream of file chunks into frame bytes: raw as they are, or hex
 * text decoded piece by piece (`auto` looks at the first chunk).
 * @internal
 */
export async function* inputBytes(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, format: InputFormat): AsyncGenerator<Uint8Array> {
  let hex: HexReader | undefined
  let decided = format !== 'auto'
  if (format === 'hex') hex = new HexReader()
  const text = new TextDecoder()
  for await (const chunk of chunks) {
    if (!decided) {
      decided = true
      if (looksLikeHex(chunk)) hex = new HexReader()
    }
    yield hex === undefined ? chunk : hex.push(text.decode(chunk, { stream: true }))
  }
  hex?.end()
}

/**
 * Decodes a byte stream with the frame decoder of the chosen protocol and
 * writes JSON lines (see {@link decodeUsage}); errors also go to stderr with
 * a hex dump.
 * @internal
 */
export async function runDecode(input: AsyncIterable<Uint8Array>, protocol: ProtocolChoice, io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<DecodeSummary> {
  const { grammar, maxFrame, label } = grammarFor(protocol)
  const decoder = createFrameDecoder(grammar, { maxFrame })
  const summary: DecodeSummary = { frames: 0, errors: 0, skippedBytes: 0 }
  const emit = async (events: FrameEvent<unknown>[]): Promise<void> => {
    let lines = ''
    for (const event of events) {
      switch (event.type) {
        case 'frame': {
          summary.frames++
          const { protocol: name, value } = label(event.value)
          lines += toJsonLine({ type: 'frame', offset: event.offset, length: event.length, protocol: name, value }) + '\n'
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
    await emit(decoder.push(bytes))
  }
  await emit(decoder.end())
  return summary
}

/** `oxwire decode`: returns the exit status. @internal */
export async function decodeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { protocol: { type: 'string', short: 'p' }, format: { type: 'string', short: 'f' } },
  })
  const protocol = parseProtocol(values.protocol)
  if (protocol === undefined) throw new UsageError(`--protocol must be tlm, evr or auto, not ${JSON.stringify(values.protocol)}`)
  if (positionals.length > 1) throw new UsageError('decode reads one file (or stdin)')
  const format = parseInputFormat(values.format)
  const file = positionals[0]
  const source: AsyncIterable<Uint8Array> = file === undefined || file === '-' ? io.stdin : createReadStream(file)
  const summary = await runDecode(inputBytes(source, format), protocol, io)
  return summary.errors > 0 ? 1 : 0
}
