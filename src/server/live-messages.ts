// The live feed's messages: types only, shared with the inspector's page.
import type { DecodeError } from '../runtime/errors.js'

/**
 * One message of the live feed, as JSON text.
 * @example
 * ```ts
 * // example:no-run
 * import WebSocket from 'ws'
 * import type { LiveMessage } from 'oxwire/server'
 * // oxwire serve --live --http-port 9464
 * const feed = new WebSocket('ws://127.0.0.1:9464/live')
 * feed.on('message', (data) => {
 *   const message = JSON.parse(String(data)) as LiveMessage
 *   if (message.type === 'malformed') console.log(message.error?.kind, message.hex)
 * })
 * ``` `hello` comes first; `frame`,
 * `malformed` and `truncated` follow the packet server's events; `skipped`
 * says, once a second, how many events the rate or a slow watcher dropped.
 * @category Server
 */
export type LiveMessage =
  | {
      /** Sent once, on connecting. */ readonly type: 'hello'
      /** The grammar's name. */ readonly grammar: string
      /** The feed's rate limit. */ readonly maxEventsPerSecond: number
    }
  | LiveEvent
  | {
      /** Events dropped in the last second. */ readonly type: 'skipped'
      /** How many. */ readonly count: number
    }

/**
 * A frame, a malformed frame or a truncated one, as the live feed sends it.
 * @category Server
 */
export interface LiveEvent {
  /** What the packet server saw. */
  readonly type: 'frame' | 'malformed' | 'truncated'
  /** When, in milliseconds since the epoch. */
  readonly time: number
  /** The connection's id. */
  readonly connection: number
  /** The client's address and port. */
  readonly remote: string
  /** Stream offset of the frame's first byte on its connection. */
  readonly offset: number
  /** Frame length (for a malformed frame: the bytes the decoder dropped). */
  readonly length: number
  /** The protocol (a `oneOf` alternative's name, the grammar's name), when known. */
  readonly protocol: string | undefined
  /** Why a frame is malformed or truncated. */
  readonly error?: {
    /** The decode error's kind. */
    readonly kind: DecodeError['kind']
    /** Its byte, counted from the frame's first byte. */
    readonly offset: number
    /** Its sentence. */
    readonly message: string
    /** The field path to it. */
    readonly path: readonly (string | number)[]
  }
  /** The frame's bytes as received, in hex (for a malformed frame, those buffered when it was judged). */
  readonly hex: string
  /** True when `hex` was cut at `maxFrameBytes`. */
  readonly cut: boolean
}

