import { createWriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import { Option, type Command } from 'commander'
import { hex } from '../runtime/hex.js'
import type { CliCommand } from './command.js'
import { addGrammarOptions, nonNegativeInt, resolveGrammar, type GrammarOptions } from './grammar-option.js'
import { trafficOf, type GeneratedItem } from './grammar-traffic.js'
import { humanBytes, humanCount, humanDuration, humanRate } from './human.js'
import { write, type Output } from './io.js'
import { createProgress } from './progress.js'
import type { TrafficOptions } from './traffic.js'

/** A hex line for one item: its bytes, then what it is as a comment. @internal */
export function hexLine(item: GeneratedItem): string {
  const what = item.kind === 'garbage' ? 'garbage' : `${item.kind === 'corrupt' ? 'corrupt ' : ''}${item.frame.protocol}`
  return `${hex(item.bytes).replaceAll(' ', '')}  # ${what}\n`
}

/** Counts of written traffic. @internal */
export interface TrafficCounts {
  frames: number
  corrupt: number
  garbageBytes: number
  bytes: number
}

/** Writes generated traffic to `out`, with progress on `progressOut` when it is a terminal; returns the counts. @internal */
export async function writeTraffic(items: Iterable<GeneratedItem>, total: number, format: 'bin' | 'hex', out: Output, progressOut: Output | undefined): Promise<TrafficCounts> {
  const counts = { frames: 0, corrupt: 0, garbageBytes: 0, bytes: 0 }
  const progress = createProgress(progressOut, 'gen', total, 'frames')
  for (const item of items) {
    if (item.kind === 'garbage') counts.garbageBytes += item.bytes.length
    else if (item.kind === 'corrupt') counts.corrupt++
    else counts.frames++
    counts.bytes += item.bytes.length
    await write(out, format === 'hex' ? hexLine(item) : item.bytes)
    progress.update(counts.frames + counts.corrupt)
  }
  progress.finish()
  return counts
}

/** The options of the traffic generator, shared by `gen` and `send`. @internal */
export interface TrafficFlags extends GrammarOptions {
  readonly count: number
  readonly seed: number
  readonly corrupt: number
  readonly garbage?: boolean
}

/** Adds the generator's options (and the grammar options) to a command. @internal */
export function addTrafficOptions(command: Command, defaultCount: number): Command {
  return addGrammarOptions(command)
    .option('-n, --count <frames>', 'valid frames to generate', nonNegativeInt('--count'), defaultCount)
    .option('-s, --seed <seed>', 'seed: the same options give the same bytes', nonNegativeInt('--seed'), 1)
    .option('--corrupt <frames>', 'frames whose last byte (the CRC, for checksummed grammars) is broken, spread among the valid ones', nonNegativeInt('--corrupt'), 0)
    .option('--garbage', 'put short runs of garbage bytes (never a frame start) between some frames')
}

/** The generator's options from the parsed flags. @internal */
export function trafficOptions(flags: TrafficFlags): TrafficOptions {
  return { frames: flags.count, seed: flags.seed, corrupt: flags.corrupt, garbage: flags.garbage ?? false }
}

interface GenOptions extends TrafficFlags {
  readonly format?: 'bin' | 'hex'
  readonly out?: string
}

/** `oxwire gen`. @internal */
export const genCli: CliCommand = {
  name: 'gen',
  define: (command) => {
    command.description('write seeded sample traffic of a grammar (valid frames, corrupt frames, garbage)')
    addTrafficOptions(command, 100)
      .addOption(new Option('-f, --format <format>', 'bin, or hex (one frame per line with a # comment; the default on a terminal)').choices(['bin', 'hex']))
      .option('-o, --out <file>', 'write to a file instead of stdout')
      .addHelpText(
        'after',
        `
With --protocol auto (the default) TLM and EVR frames are interleaved. With --grammar,
values are drawn from the grammar's fast-check arbitrary (fast-check must be installed).
Progress is shown on stderr when it is a terminal.

Examples:
  oxwire gen --count 1000000 --corrupt 3 --garbage --out traffic.bin
  oxwire gen --grammar ./my-protocol.js#frame --count 5 --format hex`,
      )
  },
  run: async ({ command, io }) => {
    const options = command.opts<GenOptions>()
    const choice = await resolveGrammar(options)
    const traffic = trafficOptions(options)
    const items = await trafficOf(choice, traffic)
    const total = traffic.frames + (traffic.corrupt ?? 0)
    const toTerminal = options.out === undefined && io.stdout.isTTY === true
    const format = options.format ?? (toTerminal ? 'hex' : 'bin')
    if (options.out === undefined) {
      await writeTraffic(items, total, format, io.stdout, toTerminal ? undefined : io.stderr)
      return 0
    }
    const started = Date.now()
    const file = createWriteStream(options.out)
    const failed = new Promise<never>((_, reject) => file.once('error', reject))
    failed.catch(() => undefined) // seen by the race below, or by finished()
    const counts = await Promise.race([writeTraffic(items, total, format, file, io.stderr), failed])
    file.end()
    await finished(file)
    const ms = Date.now() - started
    await write(
      io.stderr,
      `wrote ${humanBytes(counts.bytes)} to ${options.out}: ${humanCount(counts.frames)} frames, ${humanCount(counts.corrupt)} corrupt, ${humanBytes(counts.garbageBytes)} garbage in ${humanDuration(ms)} (${humanRate(counts.frames + counts.corrupt, ms, 'frames')})\n`,
    )
    return 0
  },
}
