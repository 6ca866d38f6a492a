import { readFile } from 'node:fs/promises'
import { decodeCapture, type CaptureEvent } from '../capture/capture-decoder.js'
import { packetsFromPcap } from '../capture/pcap-packets.js'
import type { CapturedPacket } from '../capture/captured-packet.js'
import { isPcapng, packetsFromPcapng } from '../capture/pcapng-packets.js'
import type { Codec } from '../grammar/codec.js'
import { formatError } from '../runtime/format.js'
import type { DecodeSummary } from './decode-summary.js'
import type { GrammarChoice } from './grammar-option.js'
import { write, type CliIo } from './io.js'
import { toJsonLine } from './json-lines.js'

async function galleryGrammar(name: string, file: string): Promise<Codec<unknown>> {
  const gallery = (await import('../../protocols/index.js')) as Record<string, unknown>
  const grammar = gallery[name]
  if (typeof grammar !== 'object' || grammar === null || !('node' in grammar)) throw new Error(`this build of oxwire has no ${name} grammar (${file})`)
  return grammar as Codec<unknown>
}

/**
 * The gallery's `pcapFile` grammar, looked up at run time so that the CLI
 * does not depend on the gallery's exports at build time.
 * @internal
 */
export function galleryPcapGrammar(): Promise<Codec<unknown>> {
  return galleryGrammar('pcapFile', 'protocols/pcap.ts')
}

/** The gallery's `pcapngFile` grammar, looked up at run time as {@link galleryPcapGrammar}. @internal */
export function galleryPcapngGrammar(): Promise<Codec<unknown>> {
  return galleryGrammar('pcapngFile', 'protocols/pcapng.ts')
}

/** A capture time as ISO 8601 with microseconds: `2026-11-30T05:49:01.123456Z`. @internal */
export function captureTime(seconds: number): string {
  const whole = Math.floor(seconds)
  const micros = Math.min(999_999, Math.round((seconds - whole) * 1e6))
  return `${new Date(whole * 1000).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`
}

/** One capture event as a JSON line (see `oxwire decode --help`). @internal */
export function captureLine(event: CaptureEvent<unknown>, choice: GrammarChoice): string {
  const where = { flow: event.flow, time: captureTime(event.time), offset: event.offset, length: event.length }
  switch (event.type) {
    case 'frame': {
      const { protocol, value } = choice.label(event.value)
      return toJsonLine({ type: 'frame', ...where, protocol, value })
    }
    case 'malformed':
    case 'truncated':
      return toJsonLine({ type: event.type, ...where, error: event.error })
    case 'skipped':
    case 'gap':
    case 'retransmission':
      return toJsonLine({ type: event.type, ...where })
  }
}

/**
 * `oxwire decode --pcap`: reads a classic pcap or a pcapng file with the
 * gallery grammars, reassembles each TCP direction, decodes frames with the chosen
 * grammar and writes JSON lines with flow, capture time and stream offset.
 * @internal
 */
export async function runCaptureDecode(
  file: string,
  choice: GrammarChoice,
  io: Pick<CliIo, 'stdout' | 'stderr'>,
  port: number | undefined,
  pcapGrammar: () => Promise<Codec<unknown>> = galleryPcapGrammar,
  pcapngGrammar: () => Promise<Codec<unknown>> = galleryPcapngGrammar,
): Promise<DecodeSummary & { gaps: number; retransmissions: number }> {
  const bytes = await readFile(file)
  // pcapng is told by its first block's type (0A 0D 0D 0A); anything else is read as classic pcap.
  const read: { packets: CapturedPacket[]; cutAt?: number; unreadable?: { readonly at: number; readonly reason: string } } = isPcapng(bytes)
    ? packetsFromPcapng(bytes, await pcapngGrammar(), await pcapGrammar())
    : packetsFromPcap(bytes, await pcapGrammar())
  const { packets, cutAt } = read
  // A capture cut short (the capturing program stopped mid-write) keeps its whole records.
  if (cutAt !== undefined) await write(io.stderr, `${file} ends inside a record: the last ${bytes.length - cutAt} byte(s), from offset ${cutAt}, are not read\n`)
  // A later pcapng section that cannot be read: the sections before it are kept.
  if (read.unreadable !== undefined) {
    await write(io.stderr, `${file}: the pcapng section at offset ${read.unreadable.at} cannot be read (${read.unreadable.reason}): it and the rest of the file, ${bytes.length - read.unreadable.at} byte(s), are not read\n`)
  }
  const summary = { frames: 0, errors: 0, skippedBytes: 0, bytes: 0, gaps: 0, retransmissions: 0 }
  for (const packet of packets) if (port === undefined || packet.sourcePort === port || packet.destinationPort === port) summary.bytes += packet.payload.length
  let lines = ''
  for (const event of decodeCapture(packets, choice.grammar, { maxFrame: choice.maxFrame, ...(port === undefined ? {} : { port }) })) {
    switch (event.type) {
      case 'frame':
        summary.frames++
        break
      case 'skipped':
        summary.skippedBytes += event.length
        break
      case 'gap':
        summary.gaps++
        break
      case 'retransmission':
        summary.retransmissions++
        break
      case 'malformed':
      case 'truncated':
        summary.errors++
        await write(io.stderr, `${event.type} frame in ${event.flow.source}:${event.flow.sourcePort} → ${event.flow.destination}:${event.flow.destinationPort} at stream offset ${event.offset}: ${formatError(event.error, event.bytes)}\n`)
        break
    }
    lines += captureLine(event, choice) + '\n'
    if (lines.length > 65536) {
      await write(io.stdout, lines)
      lines = ''
    }
  }
  if (lines !== '') await write(io.stdout, lines)
  return summary
}
