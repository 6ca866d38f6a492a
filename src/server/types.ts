import type { FrameFound, MalformedFrame, TruncatedFrame } from '../stream/frame-decoder.js'

/**
 * What the server knows about a client connection; handlers get it with
 * every event.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { connect } from 'node:net'
 * import { u16be } from 'oxwire/combinators'
 * import { createPacketServer, type ConnectionInfo } from 'oxwire/server'
 * const closed: ConnectionInfo[] = []
 * const server = createPacketServer({ grammar: u16be, logLevel: 'silent', onClose: (connection) => void closed.push(connection) })
 * const { port } = await server.listen()
 * const socket = connect(port, '127.0.0.1')
 * socket.end(Uint8Array.of(0, 1, 0, 2, 0))
 * await new Promise((resolve) => socket.on('close', resolve))
 * await server.close()
 * assert.deepEqual(closed.map((c) => [c.id, c.remoteAddress, c.bytesReceived, c.frames]), [[1, '127.0.0.1', 5, 2]])
 * ```
 * @category Server
 */
export interface ConnectionInfo {
  /** Sequential id, from 1, unique per server. */
  readonly id: number
  /** The client's address. */
  readonly remoteAddress: string
  /** The client's port. */
  readonly remotePort: number
  /** Bytes received so far. */
  readonly bytesReceived: number
  /** Frames decoded so far. */
  readonly frames: number
  /** Bytes the connection's frame decoder holds, waiting for the rest of a frame. */
  readonly buffered: number
}

/**
 * Why a connection was closed:
 * - `end`: the client closed it;
 * - `idle`: nothing arrived for the idle timeout;
 * - `byte-limit`: the client sent more than the per-connection byte limit;
 * - `error`: a socket error (e.g. a reset);
 * - `shutdown`: the server was closing;
 * - `abuse`: the client's input cost more than its budget of garbage and
 *   malformed frames (see `PacketServerOptions.abuseBudget`);
 * - `frame-timeout`: a frame, once started, did not complete in time;
 * - `slow`: the client sent data but too slowly to complete frames (below
 *   the minimum rate);
 * - `evicted`: the server was full and closed this unproductive
 *   connection to serve a newcomer.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { connect } from 'node:net'
 * import { u8 } from 'oxwire/combinators'
 * import { createPacketServer, type CloseReason } from 'oxwire/server'
 * const reasons: CloseReason[] = []
 * const server = createPacketServer({ grammar: u8, logLevel: 'silent', maxBytesPerConnection: 4, onClose: (_c, reason) => void reasons.push(reason) })
 * const { port } = await server.listen()
 * const socket = connect(port, '127.0.0.1')
 * socket.on('error', () => {}) // the server may reset the connection
 * socket.write(new Uint8Array(16)) // more than the 4 bytes allowed
 * await new Promise((resolve) => socket.on('close', resolve))
 * await server.close()
 * assert.deepEqual(reasons, ['byte-limit'])
 * ```
 * @category Server
 */
export type CloseReason = 'end' | 'idle' | 'byte-limit' | 'error' | 'shutdown' | 'abuse' | 'frame-timeout' | 'slow' | 'evicted'

/**
 * A decoded frame as handlers get it: the value, its stream offset and its
 * length in bytes. Byte fields of the value are views, valid after the
 * handler returns (the decoder does not reuse them).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { connect } from 'node:net'
 * import { u16be } from 'oxwire/combinators'
 * import { createPacketServer, type FrameOf } from 'oxwire/server'
 * const frames: FrameOf<number>[] = []
 * const server = createPacketServer({ grammar: u16be, logLevel: 'silent', onFrame: (frame) => void frames.push(frame) })
 * const { port } = await server.listen()
 * const socket = connect(port, '127.0.0.1')
 * socket.end(Uint8Array.of(0, 7, 0, 8))
 * await new Promise((resolve) => socket.on('close', resolve))
 * await server.close()
 * assert.deepEqual(frames.map((f) => [f.value, f.offset, f.length]), [[7, 0, 2], [8, 2, 2]])
 * ```
 * @category Server
 */
export type FrameOf<A> = FrameFound<A>

/**
 * A malformed frame (type `malformed`), or a frame cut short by the end of
 * the connection (type `truncated`), with its typed error and its bytes
 * (`formatError(event.error, event.bytes)` shows where it broke).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { connect } from 'node:net'
 * import { constant, marker, struct, u8, u16be } from 'oxwire/combinators'
 * import { createPacketServer, type MalformedOf } from 'oxwire/server'
 * const bad: MalformedOf[] = []
 * const server = createPacketServer({ grammar: struct({ sync: marker(constant(u8, 0x7e)), id: u16be }), logLevel: 'silent', onMalformed: (event) => void bad.push(event) })
 * const { port } = await server.listen()
 * const socket = connect(port, '127.0.0.1')
 * socket.end(Uint8Array.of(0x7e, 0)) // the connection ends inside a frame
 * await new Promise((resolve) => socket.on('close', resolve))
 * await server.close()
 * assert.deepEqual(bad.map((e) => [e.type, e.error.kind, e.offset]), [['truncated', 'incomplete', 0]])
 * ```
 * @category Server
 */
export type MalformedOf = MalformedFrame | TruncatedFrame

/**
 * A handler's result: nothing, or a promise. While a promise is pending the
 * connection stops reading (backpressure) and later events wait, so events
 * stay in order per connection.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { connect } from 'node:net'
 * import { setTimeout as sleep } from 'node:timers/promises'
 * import { u8 } from 'oxwire/combinators'
 * import { createPacketServer, type HandlerResult } from 'oxwire/server'
 * const stored: number[] = []
 * // An async handler: the connection waits for it, so frames stay in order.
 * const store = async (value: number): Promise<void> => {
 *   await sleep(value === 1 ? 20 : 0)
 *   stored.push(value)
 * }
 * const onFrame = (frame: { value: number }): HandlerResult => store(frame.value)
 * const server = createPacketServer({ grammar: u8, logLevel: 'silent', onFrame })
 * const { port } = await server.listen()
 * const socket = connect(port, '127.0.0.1')
 * socket.end(Uint8Array.of(1, 2, 3))
 * await new Promise((resolve) => socket.on('close', resolve))
 * await server.close()
 * assert.deepEqual(stored, [1, 2, 3])
 * ```
 * @category Server
 */
export type HandlerResult = void | Promise<void>
