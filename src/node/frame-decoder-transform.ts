import { Transform, type TransformCallback } from 'node:stream'
import type { Codec } from '../grammar/codec.js'
import { createFrameDecoder, type FrameDecoder, type FrameDecoderOptions } from '../stream/frame-decoder.js'

/**
 * Options of {@link FrameDecoderTransform}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { constant, marker, struct, u8 } from 'oxwire/combinators'
 * import { FrameDecoderTransform, type FrameDecoderTransformOptions } from 'oxwire/node'
 * const options: FrameDecoderTransformOptions = { highWaterMark: 4, maxFrame: 16 }
 * const transform = new FrameDecoderTransform(struct({ sync: marker(constant(u8, 0x7e)), id: u8 }), options)
 * assert.equal(transform.readableHighWaterMark, 4)
 * ```
 * @category Node
 */
export interface FrameDecoderTransformOptions extends FrameDecoderOptions {
  /** How many events the readable side buffers before it pushes back (default 16). */
  readonly highWaterMark?: number
}

/**
 * A `Transform` from bytes to frame events (object mode on its readable
 * side): the stream form of {@link createFrameDecoder}, for `pipeline`.
 * Backpressure is Node's: while the readable side holds `highWaterMark`
 * events nobody has read, no further bytes are decoded and writes buffer
 * up, so `write()` returns false and a piped socket is paused. When the
 * input ends, the decoder's `end()` events are pushed last.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Readable } from 'node:stream'
 * import { pipeline } from 'node:stream/promises'
 * import { constant, marker, struct, u8 } from 'oxwire/combinators'
 * import { FrameDecoderTransform } from 'oxwire/node'
 * const ids: number[] = []
 * await pipeline(Readable.from([Buffer.of(0x7e, 1, 0x7e), Buffer.of(2)]), new FrameDecoderTransform(struct({ sync: marker(constant(u8, 0x7e)), id: u8 })), async function* (events) {
 *   for await (const event of events) if (event.type === 'frame') ids.push(event.value.id)
 * })
 * assert.deepEqual(ids, [1, 2])
 * ```
 * @category Node
 */
export class FrameDecoderTransform<A> extends Transform {
  /** The decoder; its `buffered` and `offset` show progress. */
  readonly decoder: FrameDecoder<A>

  /** Decodes frames of `grammar`; see {@link FrameDecoderTransformOptions}. */
  constructor(grammar: Codec<A>, options: FrameDecoderTransformOptions = {}) {
    super({ readableObjectMode: true, readableHighWaterMark: options.highWaterMark ?? 16 })
    this.decoder = createFrameDecoder(grammar, options)
  }

  /** @internal */
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const event of this.decoder.push(chunk)) this.push(event)
    callback()
  }

  /** @internal */
  override _flush(callback: TransformCallback): void {
    for (const event of this.decoder.end()) this.push(event)
    callback()
  }
}
