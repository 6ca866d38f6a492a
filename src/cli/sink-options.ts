import type { NatsSinkOptions } from '../server/sink/nats-sink.js'
import { subjectTemplate } from '../server/sink/frame-message.js'
import { UsageError, intOption } from './io.js'

/** Usage lines of `oxwire serve`'s sink flags. @internal */
export const sinkUsage = `  --sink nats://HOST:PORT publishes each decoded frame to NATS JetStream, at least once
  (a connection stops reading while its window of unacknowledged frames is full, or
  while the broker is away; /healthz says degraded then). --subject sets the subject
  template (default frames.{protocol}; {instance} is this server's id), --stream NAME
  creates that stream when missing (capturing the template's subjects), --sink-payload
  frame|json chooses the message body (the frame's bytes, default, or the decoded
  value as JSON), --sink-window N the unacknowledged frames per connection (default 256).
  Read it back with oxwire consume.`

/** The flag values a sink is made from, as parsed. @internal */
export interface SinkFlags {
  readonly sink?: string | undefined
  readonly subject?: string | undefined
  readonly stream?: string | undefined
  readonly 'sink-payload'?: string | undefined
  readonly 'sink-window'?: string | undefined
}

/** The sink `serve` makes from its flags; undefined without `--sink`. @internal */
export function sinkOptions(flags: SinkFlags): NatsSinkOptions<unknown> | undefined {
  const { sink: url, subject, stream } = flags
  if (url === undefined) {
    for (const name of ['subject', 'stream', 'sink-payload', 'sink-window'] as const) {
      if (flags[name] !== undefined) throw new UsageError(`--${name} needs --sink nats://HOST:PORT`)
    }
    return undefined
  }
  if (!/^(nats|tls):\/\/[^\s/]+$/.test(url) && !/^[^\s/:]+:\d+$/.test(url)) {
    throw new UsageError(`--sink must be nats://HOST:PORT (or tls://HOST:PORT), not ${JSON.stringify(url)}`)
  }
  const payload = flags['sink-payload'] ?? 'frame'
  if (payload !== 'frame' && payload !== 'json') throw new UsageError(`--sink-payload must be frame or json, not ${JSON.stringify(payload)}`)
  const window = intOption('sink-window', flags['sink-window'], 256)
  if (window === 0) throw new UsageError('--sink-window must be at least 1')
  if (subject !== undefined) {
    try {
      subjectTemplate(subject, 'instance')
    } catch (error) {
      throw new UsageError(`--subject: ${(error as Error).message}`)
    }
  }
  return {
    servers: url,
    payload,
    window,
    ...(subject === undefined ? {} : { subject }),
    ...(stream === undefined ? {} : { stream }),
  }
}
