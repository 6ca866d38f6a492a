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
  readonly streamReplicas?: number
}

/** Adds `serve`'s sink flags to `command`. @internal */
export function addSinkOptions(command: Command): Command {
  return command
    .option('--sink <urls>', 'publish each decoded frame to NATS JetStream at nats://HOST:PORT (several members of a cluster: comma-separated), at least once; read back with oxwire consume')
    .option('--subject <template>', 'with --sink: the subject of each frame; {protocol} and {instance} are filled in (default frames.{protocol})')
    .option('--stream <name>', "with --sink: create this JetStream stream when missing, capturing the template's subjects")
    .option('--stream-replicas <n>', 'with --stream: its replicas when created (3 or 5 on a JetStream cluster; default 1)', positiveInt('--stream-replicas'))
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
    for (const [name, value] of [['subject', subject], ['stream', stream], ['sink-payload', flags.sinkPayload], ['sink-window', flags.sinkWindow], ['stream-replicas', flags.streamReplicas]] as const) {
      if (value !== undefined) throw new UsageError(`--${name} needs --sink nats://HOST:PORT`)
    }
    return undefined
  }
  const servers = url.split(',').map((server) => server.trim())
  for (const server of servers) {
    if (!/^(nats|tls):\/\/[^\s/]+$/.test(server) && !/^[^\s/:]+:\d+$/.test(server)) {
      throw new UsageError(`--sink must be nats://HOST:PORT (or tls://HOST:PORT), comma-separated for several, not ${JSON.stringify(server)}`)
    }
  }
  if (flags.streamReplicas !== undefined && stream === undefined) throw new UsageError('--stream-replicas needs --stream NAME')
  if (subject !== undefined) {
    try {
      subjectTemplate(subject, 'instance')
    } catch (error) {
      throw new UsageError(`--subject: ${(error as Error).message}`)
    }
  }
  return {
    servers: servers.length === 1 ? (servers[0] as string) : servers,
    payload: flags.sinkPayload ?? 'frame',
    window: flags.sinkWindow ?? 256,
    ...(subject === undefined ? {} : { subject }),
    ...(stream === undefined ? {} : { stream: flags.streamReplicas === undefined ? stream : { name: stream, replicas: flags.streamReplicas } }),
  }
}
