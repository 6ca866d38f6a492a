import type { FrameFound, MalformedFrame, TruncatedFrame } from '../stream/frame-decoder.js'

/**
 * What the server knows about a client connection; handlers get it with
 * every event.
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
 * @category Server
 */
export type CloseReason = 'end' | 'idle' | 'byte-limit' | 'error' | 'shutdown' | 'abuse' | 'frame-timeout' | 'slow' | 'evicted'

/**
 * A decoded frame as handlers get it: the value, its stream offset and its
 * length in bytes. Byte fields of the value are views, valid after the
 * handler returns (the decoder does not reuse them).
 * @category Server
 */
export type FrameOf<A> = FrameFound<A>

/**
 * A malformed frame (type `malformed`), or a frame cut short by the end of
 * the connection (type `truncated`), with its typed error and its bytes
 * (`formatError(event.error, event.bytes)` shows where it broke).
 * @category Server
 */
export type MalformedOf = MalformedFrame | TruncatedFrame

/**
 * A handler's result: nothing, or a promise. While a promise is pending the
 * connection stops reading (backpressure) and later events wait, so events
 * stay in order per connection.
 * @category Server
 */
export type HandlerResult = void | Promise<void>
