import { Option, type Command } from 'commander'
import type { NatsSinkOptions } from '../server/sink/nats-sink.js'
import { subjectTemplate } from '../server/sink/frame-message.js'
import { positiveInt } from './grammar-option.js'
import { UsageError } from './io.js'

/** The sink flags as commander parses them. @internal */
export interface SinkFlags {
  readonly sink?: string
  readonly subject?: string
  readonly stream?: string
  readonly sinkPayload?: 'frame' | 'json'
  readonly sinkWindow?: number
}

/** Adds `serve`'s sink flags to `command`. @internal */
export function addSinkOptions(command: Command): Command {
  return command
    .option('--sink <url>', 'publish each decoded frame to NATS JetStream at nats://HOST:PORT, at least once (read back with oxwire consume)')
    .option('--subject <template>', 'with --sink: the subject of each frame; {protocol} and {instance} are filled in (default frames.{protocol})')
    .option('--stream <name>', "with --sink: create this JetStream stream when missing, capturing the template's subjects")
    .addOption(new Option('--sink-payload <kind>', 'with --sink: the message body, the frame bytes or the decoded value as JSON (default frame)').choices(['frame', 'json']))
    .option('--sink-window <n>', 'with --sink: unacknowledged frames per connection before it stops reading (default 256)', positiveInt('--sink-window'))
}

/** Help text of the sink flags. @internal */
export const sinkHelp = `
With --sink, a frame counts as delivered when JetStream acknowledges it; until
then it is published again with the same Nats-Msg-Id (JetStream drops the
copies). A connection whose window is full stops reading, and while the broker
is away every connection stops once its window is full: nothing is dropped, and
/healthz answers 503 "degraded" until the broker is back.`

/** The sink `serve` makes from its flags; undefined without `--sink`. @internal */
export function sinkOptions(flags: SinkFlags): NatsSinkOptions<unknown> | undefined {
  const { sink: url, subject, stream } = flags
  if (url === undefined) {
    for (const [name, value] of [['subject', subject], ['stream', stream], ['sink-payload', flags.sinkPayload], ['sink-window', flags.sinkWindow]] as const) {
      if (value !== undefined) throw new UsageError(`--${name} needs --sink nats://HOST:PORT`)
    }
    return undefined
  }
  if (!/^(nats|tls):\/\/[^\s/]+$/.test(url) && !/^[^\s/:]+:\d+$/.test(url)) {
    throw new UsageError(`--sink must be nats://HOST:PORT (or tls://HOST:PORT), not ${JSON.stringify(url)}`)
  }
  if (subject !== undefined) {
    try {
      subjectTemplate(subject, 'instance')
    } catch (error) {
      throw new UsageError(`--subject: ${(error as Error).message}`)
    }
  }
  return {
    servers: url,
    payload: flags.sinkPayload ?? 'frame',
    window: flags.sinkWindow ?? 256,
    ...(subject === undefined ? {} : { subject }),
    ...(stream === undefined ? {} : { stream }),
  }
}
