import { isLeft } from 'fp-ts/lib/Either.js'
import { jetstream, type JsMsg } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { decode } from '../api.js'
import { formatError } from '../runtime/format.js'
import { parseJsonLine, toJsonLine } from '../runtime/json-lines.js'
import { frameHeaders } from '../server/sink/frame-message.js'
import type { CliCommand } from './command.js'
import { addGrammarOptions, resolveGrammar, type GrammarChoice, type GrammarOptions } from './grammar-option.js'
import { write, type CliIo } from './io.js'

/** Options of {@link runConsume}. @internal */
export interface ConsumeOptions {
  /** The broker, `nats://host:port`. */
  readonly servers: string
  readonly stream: string
  /** A subject filter within the stream, e.g. `frames.tlm`. */
  readonly subject?: string
  readonly grammar: GrammarChoice
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

async function line(message: JsMsg, grammar: GrammarChoice, summary: ConsumeSummary, io: Pick<CliIo, 'stderr'>): Promise<string> {
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

interface ConsumeFlags extends GrammarOptions {
  readonly from: string
  readonly stream: string
  readonly subject?: string
  readonly follow?: boolean
}

/** `oxwire consume`: reads a stream back and prints its frames. @internal */
export const consumeCli: CliCommand = {
  name: 'consume',
  define: (command) => {
    command
      .description('print the frames an oxwire serve --sink published into a NATS JetStream stream, as oxwire decode prints them')
      .requiredOption('--from <url>', 'the broker, nats://HOST:PORT')
      .requiredOption('--stream <name>', 'the JetStream stream to read, from its first message')
      .option('--subject <filter>', 'only messages on these subjects, e.g. frames.tlm')
      .option('-f, --follow', 'wait for new messages after the last one, until Ctrl-C')
    addGrammarOptions(command).addHelpText(
      'after',
      `
One JSON line per frame, as oxwire decode writes them, with the stream sequence
and the connection that received the frame (<instance>/<id>):
  {"type":"frame","seq":1,"connection":"k3Jd9/3","offset":0,"length":19,"protocol":"tlm","value":{...}}
A frame's bytes are decoded with the grammar; a JSON payload (serve --sink-payload
json) is printed as published. A payload that does not decode is a "malformed"
line, shown on stderr with a hex dump, and makes the exit status 1.

Examples:
  oxwire consume --from nats://127.0.0.1:4222 --stream FRAMES
  oxwire consume --from nats://127.0.0.1:4222 --stream FRAMES --subject frames.evr --follow`,
    )
  },
  run: async ({ command, io, stop }) => {
    const options = command.opts<ConsumeFlags>()
    const follow = options.follow === true
    const summary = await runConsume(
      {
        servers: options.from,
        stream: options.stream,
        ...(options.subject === undefined ? {} : { subject: options.subject }),
        grammar: await resolveGrammar(options),
        follow,
        ...(follow ? { stop: stop() } : {}),
      },
      io,
    )
    return summary.errors > 0 ? 1 : 0
  },
}
