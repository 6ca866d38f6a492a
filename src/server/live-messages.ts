// The live feed's messages: types only, shared with the inspector's page.
import type { DecodeError } from '../runtime/errors.js'

/**
 * One message of the live feed, as JSON text. `hello` comes first; `frame`,
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
  readonly error?: { readonly kind: DecodeError['kind']; readonly offset: number; readonly message: string; readonly path: readonly (string | number)[] }
  /** The frame's bytes as hex (for a malformed frame, those buffered when it was judged). */
  readonly hex: string
  /**
   * False when the bytes were re-encoded from the decoded value rather than
   * copied off the wire (the stream decoder hands frames over as values); the
   * same for every grammar whose encoding is canonical, as TLM's and EVR's are.
   */
  readonly exact: boolean
  /** True when `hex` was cut at `maxFrameBytes`. */
  readonly cut: boolean
}

