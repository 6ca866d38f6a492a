import { isLeft } from 'fp-ts/lib/Either.js'
import { parseArgs } from 'node:util'
import { jetstream, type JsMsg } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { decode } from '../api.js'
import { formatError } from '../runtime/format.js'
import { parseJsonLine, toJsonLine } from '../runtime/json-lines.js'
import { frameHeaders } from '../server/sink/frame-message.js'
import { UsageError, write, type CliIo } from './io.js'
import { grammarFor, parseProtocol, type ProtocolGrammar } from './protocol-choice.js'
import { untilSignal } from './serve-command.js'

/** Usage text of `oxwire consume`. @internal */
export const consumeUsage = `oxwire consume --from nats://HOST:PORT --stream NAME [--subject FILTER] [--protocol tlm|evr|auto] [--follow]
  Reads the frames an \`oxwire serve --sink\` published into a JetStream stream, from
  its first message, and writes one JSON line per frame as oxwire decode does, with
  the stream sequence and the publishing connection:
    {"type":"frame","seq":1,"connection":"<instance>/3","offset":0,"length":19,"protocol":"tlm","value":{...}}
  A frame's bytes are decoded with the grammar (--protocol, default auto); a JSON
  payload (serve --sink-payload json) is printed as published. Stops at the end of
  the stream, or with --follow waits for more until Ctrl-C. Exit status 1 when a
  payload did not decode.`

/** Options of {@link runConsume}. @internal */
export interface ConsumeOptions {
  /** The broker, `nats://host:port`. */
  readonly servers: string
  readonly stream: string
  /** A subject filter within the stream, e.g. `frames.tlm`. */
  readonly subject?: string
  readonly grammar: ProtocolGrammar
  /** Keep waiting for new messages until `stop` settles. */
  readonly follow: boolean
  /** Settles when a following consume should end. */
  readonly stop?: Promise<void>
}

/** Counts of one consume run. @internal */
export interface ConsumeSummary {
  frames: number
  errors: number
}

/**
 * Reads a stream from its start with an ordered consumer (no state left on
 * the broker) and writes each message as a JSON line.
 * @internal
 */
export async function runConsume(options: ConsumeOptions, io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<ConsumeSummary> {
  const connection = await connect({ servers: options.servers, name: 'oxwire consume' })
  const summary: ConsumeSummary = { frames: 0, errors: 0 }
  let stopped = false
  void options.stop?.then(() => (stopped = true))
  try {
    const consumer = await jetstream(connection).consumers.get(options.stream, options.subject === undefined ? {} : { filter_subjects: options.subject })
    // Each message says how many are left after it: the next batch asks for
    // exactly that many (up to 256), so it ends as soon as they arrived
    // instead of waiting out its expiry. An empty batch (1 s) is the end of
    // the stream unless following.
    let left: number | undefined
    while (!stopped) {
      const batch = await consumer.fetch({ max_messages: left === undefined || left === 0 ? 1 : Math.min(256, left), expires: 1000 })
      let lines = ''
      let got = 0
      for await (const message of batch) {
        got++
        lines += await line(message, options.grammar, summary, io)
        left = message.info.pending
      }
      if (lines !== '') await write(io.stdout, lines)
      if (!options.follow && (got === 0 || left === 0)) break
    }
  } finally {
    await connection.close()
  }
  return summary
}

async function line(message: JsMsg, grammar: ProtocolGrammar, summary: ConsumeSummary, io: Pick<CliIo, 'stderr'>): Promise<string> {
  const header = (name: string): string | undefined => (message.headers?.has(name) === true ? message.headers.get(name) : undefined)
  const where = {
    seq: message.seq,
    connection: header(frameHeaders.connection),
    offset: numberOrUndefined(header(frameHeaders.offset)),
    length: numberOrUndefined(header(frameHeaders.length)) ?? message.data.length,
  }
  if (header(frameHeaders.payload) === 'json') {
    summary.frames++
    const { protocol, value } = grammar.label(parseJsonLine(new TextDecoder().decode(message.data)))
    return toJsonLine({ type: 'frame', ...where, protocol, value }) + '\n'
  }
  const decoded = decode(grammar.grammar, message.data)
  if (isLeft(decoded)) {
    summary.errors++
    await write(io.stderr, `malformed payload at stream sequence ${message.seq}: ${formatError(decoded.left, message.data)}\n`)
    return toJsonLine({ type: 'malformed', ...where, error: decoded.left }) + '\n'
  }
  summary.frames++
  const { protocol, value } = grammar.label(decoded.right)
  return toJsonLine({ type: 'frame', ...where, protocol, value }) + '\n'
}

function numberOrUndefined(text: string | undefined): number | undefined {
  const value = text === undefined ? Number.NaN : Number(text)
  return Number.isSafeInteger(value) ? value : undefined
}

/** `oxwire consume`: returns the exit status. @internal */
export async function consumeCommand(args: string[], io: CliIo, stop: () => Promise<void> = untilSignal): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      stream: { type: 'string' },
      subject: { type: 'string' },
      protocol: { type: 'string', short: 'p' },
      follow: { type: 'boolean', short: 'f' },
    },
  })
  if (values.from === undefined) throw new UsageError('--from nats://HOST:PORT is required')
  if (values.stream === undefined) throw new UsageError('--stream NAME is required')
  const protocol = parseProtocol(values.protocol)
  if (protocol === undefined) throw new UsageError(`--protocol must be tlm, evr or auto, not ${JSON.stringify(values.protocol)}`)
  const follow = values.follow === true
  const summary = await runConsume(
    {
      servers: values.from,
      stream: values.stream,
      ...(values.subject === undefined ? {} : { subject: values.subject }),
      grammar: grammarFor(protocol),
      follow,
      ...(follow ? { stop: stop() } : {}),
    },
    io,
  )
  return summary.errors > 0 ? 1 : 0
}
