import { createWriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { hex } from '../runtime/hex.js'
import { UsageError, intOption, write, type CliIo, type Output } from './io.js'
import { createProgress } from './progress.js'
import { parseProtocol } from './protocol-choice.js'
import { generateTraffic, type TrafficItem, type TrafficOptions } from './traffic.js'

/** Usage text of `oxwire gen`. @internal */
export const genUsage = `oxwire gen [--count N] [--seed S] [--corrupt N] [--garbage] [--protocol tlm|evr|auto]
           [--format bin|hex] [--out FILE]
  Writes seeded sample traffic: N valid frames (default 100; both protocols interleaved
  with --protocol auto), plus --corrupt N frames whose CRC is broken, plus, with --garbage,
  short runs of garbage bytes between some frames. The same options give the same bytes.
  --format hex writes one frame (or garbage run) per line with a # comment; binary is the
  default, except that hex is written when stdout is a terminal.`

/** A hex line for one item: its bytes, then what it is as a comment. @internal */
export function hexLine(item: TrafficItem): string {
  const what = item.kind === 'garbage' ? 'garbage' : `${item.kind === 'corrupt' ? 'corrupt ' : ''}${item.frame.protocol}`
  return `${hex(item.bytes).replaceAll(' ', '')}  # ${what}\n`
}

/** Writes generated traffic to `out`; returns the item counts. @internal */
export async function writeTraffic(
  options: TrafficOptions,
  format: 'bin' | 'hex',
  out: Output,
  progressOut: Output | undefined,
): Promise<{ frames: number; corrupt: number; garbageBytes: number; bytes: number }> {
  const counts = { frames: 0, corrupt: 0, garbageBytes: 0, bytes: 0 }
  const total = options.frames + (options.corrupt ?? 0)
  const progress = createProgress(progressOut, 'gen', total, 'frames')
  for (const item of generateTraffic(options)) {
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

/** Parses the traffic options shared by `gen` and `send`. @internal */
export function trafficOptions(values: { count?: string; seed?: string; corrupt?: string; garbage?: boolean; protocol?: string }, defaultCount: number): TrafficOptions {
  const protocol = parseProtocol(values.protocol)
  if (protocol === undefined) throw new UsageError(`--protocol must be tlm, evr or auto, not ${JSON.stringify(values.protocol)}`)
  return {
    frames: intOption('count', values.count, defaultCount),
    seed: intOption('seed', values.seed, 1),
    corrupt: intOption('corrupt', values.corrupt, 0),
    garbage: values.garbage ?? false,
    protocol,
  }
}

/** The `parseArgs` options of the traffic generator. @internal */
export const trafficArgs = {
  count: { type: 'string', short: 'n' },
  seed: { type: 'string', short: 's' },
  corrupt: { type: 'string' },
  garbage: { type: 'boolean' },
  protocol: { type: 'string', short: 'p' },
} as const

/** `oxwire gen`: returns the exit status. @internal */
export async function genCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...trafficArgs, format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' } },
  })
  const options = trafficOptions(values, 100)
  const toTerminal = values.out === undefined && io.stdout.isTTY === true
  const format = values.format ?? (toTerminal ? 'hex' : 'bin')
  if (format !== 'bin' && format !== 'hex') throw new UsageError(`--format must be bin or hex, not ${JSON.stringify(format)}`)
  if (values.out === undefined) {
    await writeTraffic(options, format, io.stdout, toTerminal ? undefined : io.stderr)
    return 0
  }
  const file = createWriteStream(values.out)
  const counts = await writeTraffic(options, format, file, io.stderr)
  file.end()
  await finished(file)
  await write(io.stderr, `wrote ${counts.bytes} bytes to ${values.out}: ${counts.frames} frames, ${counts.corrupt} corrupt, ${counts.garbageBytes} garbage bytes\n`)
  return 0
}
