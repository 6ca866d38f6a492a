import { createReadStream, createWriteStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { finished } from 'node:stream/promises'
import { isLeft } from 'fp-ts/lib/Either.js'
import { Option } from 'commander'
import { encode } from '../api.js'
import { hex } from '../runtime/hex.js'
import type { CliCommand } from './command.js'
import { fileSize } from './decode-command.js'
import { addGrammarOptions, resolveGrammar, type GrammarChoice, type GrammarOptions } from './grammar-option.js'
import { humanBytes, humanCount } from './human.js'
import { write, type CliIo, type Output } from './io.js'
import { parseJsonLine } from './json-lines.js'

/** Counts of one encode run. @internal */
export interface EncodeSummary {
  frames: number
  bytes: number
  /** Lines that were not frames (skipped, malformed, truncated events) and were passed over. */
  passed: number
  errors: number
}

const events = new Set(['skipped', 'malformed', 'truncated'])

/**
 * What one input line asks to encode: a `decode` frame line's value (re-
 * wrapped as `{ protocol, value }` for a `oneOf`), or with `values` the
 * line itself. Undefined for `decode`'s other events, which have no value.
 * @internal
 */
export function valueOfLine(parsed: unknown, choice: GrammarChoice, values: boolean): { value: unknown } | undefined {
  if (values) return { value: parsed }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a decode line: expected an object with "type" (or use --values)')
  const line = parsed as { type?: unknown; protocol?: unknown; value?: unknown }
  if (line.type === 'frame' && 'value' in line) return { value: choice.unlabel(typeof line.protocol === 'string' ? line.protocol : undefined, line.value) }
  if (typeof line.type === 'string' && events.has(line.type)) return undefined
  throw new Error('not a decode line: expected "type": "frame" with a "value" (or use --values for bare values)')
}

/**
 * Encodes JSON lines as `decode` prints them (or bare values) with the chosen
 * grammar and writes the frames to `out`, binary or one hex line each. A
 * line that is not JSON or does not encode is reported on stderr with its
 * line number, and the others are still written.
 * @internal
 */
export async function runEncode(lines: AsyncIterable<string>, choice: GrammarChoice, options: { format: 'bin' | 'hex'; values: boolean }, out: Output, io: Pick<CliIo, 'stderr'>): Promise<EncodeSummary> {
  const summary: EncodeSummary = { frames: 0, bytes: 0, passed: 0, errors: 0 }
  let number = 0
  for await (const text of lines) {
    number++
    if (text.trim() === '') continue
    let value: { value: unknown } | undefined
    try {
      value = valueOfLine(parseJsonLine(text), choice, options.values)
    } catch (error) {
      summary.errors++
      await write(io.stderr, `line ${number}: ${(error as Error).message}\n`)
      continue
    }
    if (value === undefined) {
      summary.passed++
      continue
    }
    const encoded = encode(choice.grammar, value.value)
    if (isLeft(encoded)) {
      summary.errors++
      const where = encoded.left.path.length === 0 ? '' : ` at ${encoded.left.path.join('.')}`
      await write(io.stderr, `line ${number}: does not encode${where}: ${encoded.left.message}\n`)
      continue
    }
    summary.frames++
    summary.bytes += encoded.right.length
    await write(out, options.format === 'hex' ? `${hex(encoded.right).replaceAll(' ', '')}\n` : encoded.right)
  }
  return summary
}

interface EncodeOptions extends GrammarOptions {
  readonly format?: 'bin' | 'hex'
  readonly out?: string
  readonly values?: boolean
}

/** `oxwire encode`. @internal */
export const encodeCli: CliCommand = {
  name: 'encode',
  define: (command) => {
    command
      .description('encode JSON lines (as decode prints them) into frames, binary or hex')
      .argument('[file]', 'JSON lines; - or none reads stdin')
    addGrammarOptions(command)
      .addOption(new Option('-f, --format <format>', 'bin, or hex (one frame per line; the default on a terminal)').choices(['bin', 'hex']))
      .option('-o, --out <file>', 'write to a file instead of stdout')
      .option('--values', 'each line is a bare value, not a decode line')
      .addHelpText(
        'after',
        `
Frame lines are encoded; decode's skipped/malformed/truncated lines are passed over.
Values use decode's JSON: {"$bigint":"…"}, {"$bytes":"<hex>"}, {"$number":"NaN"}.
Derived fields (constants, lengths, counts, tags, checksums) are computed.
Exit status 1 when a line is not JSON or does not encode (the others are written).

Examples:
  oxwire decode capture.bin | jq -c 'select(.value.seq > 100)' | oxwire encode > later.bin
  echo '{"magic":1}' | oxwire encode --grammar ./my-protocol.js --values --format hex`,
      )
  },
  run: async ({ command, args, io }) => {
    const options = command.opts<EncodeOptions>()
    const choice = await resolveGrammar(options)
    const file = args[0]
    const fromFile = file !== undefined && file !== '-'
    if (fromFile) await fileSize(file)
    const input = createInterface({ input: fromFile ? createReadStream(file) : io.stdin, crlfDelay: Infinity })
    const toTerminal = options.out === undefined && io.stdout.isTTY === true
    const format = options.format ?? (toTerminal ? 'hex' : 'bin')
    const out = options.out === undefined ? io.stdout : createWriteStream(options.out)
    const failed = new Promise<never>((_, reject) => out.once('error', reject))
    failed.catch(() => undefined)
    const summary = await Promise.race([runEncode(input, choice, { format, values: options.values === true }, out, io), failed])
    if (options.out !== undefined) {
      out.end()
      await finished(out)
      await write(io.stderr, `wrote ${humanBytes(summary.bytes)} to ${options.out}: ${humanCount(summary.frames)} frames\n`)
    }
    if (summary.errors > 0) await write(io.stderr, `oxwire encode: ${summary.errors} line(s) did not encode; ${humanCount(summary.frames)} frame(s) written\n`)
    return summary.errors > 0 ? 1 : 0
  },
}
