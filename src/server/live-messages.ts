// The live feed's messages: types only, shared with the inspector's page.
import type { DecodeError } from '../runtime/errors.js'

/**
 * One message of the live feed, as JSON text.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { connect } from 'node:net'
 * import WebSocket from 'ws'
 * import { u8 } from 'oxwire/combinators'
 * import { createPacketServer, type LiveMessage } from 'oxwire/server'
 * const server = createPacketServer({ grammar: u8, logLevel: 'silent', liveFeed: true })
 * const { port } = await server.listen()
 * const http = await server.listenHttp()
 * const feed = new WebSocket(`ws://127.0.0.1:${http.port}/live`)
 * const messages: LiveMessage[] = []
 * const two = new Promise<void>((resolve) => feed.on('message', (data) => {
 *   messages.push(JSON.parse(String(data)) as LiveMessage)
 *   if (messages.length === 2) resolve()
 * }))
 * await new Promise((resolve) => feed.on('open', resolve))
 * connect(port, '127.0.0.1').end(Uint8Array.of(7))
 * await two
 * feed.close()
 * await server.close()
 * assert.deepEqual(messages.map((m) => m.type), ['hello', 'frame']) // hello comes first
 * ```
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { connect } from 'node:net'
 * import WebSocket from 'ws'
 * import { constant, marker, struct, u8 } from 'oxwire/combinators'
 * import { createPacketServer, type LiveEvent, type LiveMessage } from 'oxwire/server'
 * const server = createPacketServer({ grammar: struct({ sync: marker(constant(u8, 0x7e)), level: u8 }), logLevel: 'silent', liveFeed: true })
 * const { port } = await server.listen()
 * const http = await server.listenHttp()
 * const feed = new WebSocket(`ws://127.0.0.1:${http.port}/live`)
 * const event = new Promise<LiveEvent>((resolve) => feed.on('message', (data) => {
 *   const message = JSON.parse(String(data)) as LiveMessage
 *   if (message.type === 'frame') resolve(message)
 * }))
 * await new Promise((resolve) => feed.on('open', resolve))
 * connect(port, '127.0.0.1').end(Uint8Array.of(0x7e, 3))
 * const frame = await event
 * feed.close()
 * await server.close()
 * assert.deepEqual([frame.offset, frame.length, frame.connection], [0, 2, 1])
 * ```
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

