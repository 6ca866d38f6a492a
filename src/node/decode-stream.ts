import type { Codec } from '../grammar/codec.js'
import { createFrameDecoder, type FrameDecoderOptions, type FrameEvent } from '../stream/frame-decoder.js'

/**
 * Decodes a byte stream (a socket, a file stream, any `Readable` or async
 * iterable of byte chunks) into frame events, as an async iterator.
 *
 * Pull-based, so it has backpressure: the next chunk is read only when the
 * events of the previous one have been consumed; a slow consumer leaves
 * data in the socket, where TCP flow control slows the sender. When the
 * source ends, the decoder's `end()` events (a truncated last frame,
 * trailing garbage) come last. An error of the source is thrown from the
 * iterator. Leaving the loop early (`break`, `return`, a throw) destroys a
 * `Readable` source, as Node's own iterator does.
 * @throws TypeError (from the iterator) when the source yields strings
 *   instead of bytes, e.g. after `setEncoding`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Readable } from 'node:stream'
 * import { constant, marker, struct, u8 } from 'oxwire/combinators'
 * import { decodeStream } from 'oxwire/node'
 * // Any Readable or async iterable of byte chunks: a socket, a file stream.
 * const source = Readable.from([Uint8Array.of(0x7e), Uint8Array.of(1, 0x7e, 2)])
 * const ids: number[] = []
 * for await (const event of decodeStream(source, struct({ sync: marker(constant(u8, 0x7e)), id: u8 }))) {
 *   if (event.type === 'frame') ids.push(event.value.id)
 * }
 * assert.deepEqual(ids, [1, 2])
 * ```
 * @category Node
 */
export async function* decodeStream<A>(
  source: AsyncIterable<Uint8Array>,
  grammar: Codec<A>,
  options?: FrameDecoderOptions,
): AsyncGenerator<FrameEvent<A>, void, undefined> {
  const decoder = createFrameDecoder(grammar, options)
  for await (const chunk of source as AsyncIterable<unknown>) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError(`decodeStream: expected byte chunks, got ${typeof chunk}`)
    yield* decoder.push(chunk)
  }
  yield* decoder.end()
}
