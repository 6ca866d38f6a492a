/**
 * The headers a sink puts on each published frame (beside JetStream's own
 * `Nats-Msg-Id`). Values are text.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { frameHeaders } from 'oxwire/server'
 *
 * assert.equal(frameHeaders.protocol, 'Oxwire-Protocol')
 * assert.equal(frameHeaders.offset, 'Oxwire-Offset')
 * ```
 * @category Sink
 */
export const frameHeaders = {
  /** The frame's protocol label, e.g. `tlm` (as in the server's metrics). */
  protocol: 'Oxwire-Protocol',
  /** `<instance>/<connection id>`: which server and which of its connections received it. */
  connection: 'Oxwire-Connection',
  /** The client's `address:port`. */
  remote: 'Oxwire-Remote',
  /** Decimal offset of the frame's first byte in the connection's byte stream. */
  offset: 'Oxwire-Offset',
  /** The frame's length in bytes, decimal. */
  length: 'Oxwire-Length',
  /** When the server decoded it: ISO 8601 with milliseconds, UTC. */
  received: 'Oxwire-Received',
  /**
   * What the body holds: `frame` (the frame's bytes as received) or `json`
   * (the decoded value as a JSON line, bigints, bytes and special numbers
   * wrapped as `oxwire decode` writes them).
   */
  payload: 'Oxwire-Payload',
} as const

/**
 * What a published message's body holds: the frame's bytes, or its decoded
 * value as JSON.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { SinkPayload } from 'oxwire/server'
 *
 * const payloads: SinkPayload[] = ['frame', 'json']
 * assert.equal(payloads.length, 2)
 * ```
 * @category Sink
 */
export type SinkPayload = 'frame' | 'json'

const placeholder = /\{(protocol|instance)\}/g
const tokenText = /^[A-Za-z0-9_\-{}]+$/

/**
 * Checks a subject template such as `frames.{protocol}` and returns the
 * function that fills it in. `{protocol}` and `{instance}` are the only
 * placeholders; values are made subject-safe (anything outside
 * `A-Z a-z 0-9 _ -` becomes `_`), so a protocol name can never add a
 * token or a wildcard.
 * @throws TypeError for an empty token, a wildcard, white space, or an
 *   unknown placeholder.
 * @internal
 */
export function subjectTemplate(template: string, instance: string): (protocol: string) => string {
  const tokens = template.split('.')
  for (const token of tokens) {
    if (token === '' || !tokenText.test(token)) {
      throw new TypeError(`subject template ${JSON.stringify(template)}: each dot-separated token must be non-empty letters, digits, _ or - (or a placeholder); wildcards are not publishable`)
    }
    const rest = token.replace(placeholder, '')
    if (rest.includes('{') || rest.includes('}')) {
      throw new TypeError(`subject template ${JSON.stringify(template)}: the only placeholders are {protocol} and {instance}`)
    }
  }
  const fixed = template.replaceAll('{instance}', subjectToken(instance))
  if (!fixed.includes('{protocol}')) return () => fixed
  const cache = new Map<string, string>()
  return (protocol) => {
    let subject = cache.get(protocol)
    if (subject === undefined) {
      subject = fixed.replaceAll('{protocol}', subjectToken(protocol))
      // Protocol labels are few (one per alternative); the bound only guards a
      // protocolOf that returns something new per frame.
      if (cache.size < 1024) cache.set(protocol, subject)
    }
    return subject
  }
}

/** `text` as one subject token: unsafe characters become `_`. @internal */
export function subjectToken(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9_-]/g, '_')
  return safe === '' ? '_' : safe
}
