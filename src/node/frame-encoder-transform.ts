import { Transform, type TransformCallback } from 'node:stream'
import { encode } from '../api.js'
import type { Codec } from '../grammar/codec.js'
import type { EncodeError } from '../runtime/errors.js'
import { formatError } from '../runtime/format.js'

/**
 * The error a {@link FrameEncoderTransform} fails with when a value cannot
 * be encoded.
 * @category Node
 */
export class FrameEncodeError extends Error {
  /** Why the value could not be encoded. */
  readonly error: EncodeError
  /** The value. */
  readonly value: unknown

  /** Wraps an encode error and the value that caused it. */
  constructor(error: EncodeError, value: unknown) {
    super(formatError(error))
    this.name = 'FrameEncodeError'
    this.error = error
    this.value = value
  }
}

/**
 * Options of {@link FrameEncoderTransform}.
 * @category Node
 */
export interface FrameEncoderTransformOptions<A> {
  /**
   * Called for a value that cannot be encoded, which is then left out and
   * the stream goes on. Without it, such a value fails the stream with a
   * {@link FrameEncodeError}.
   */
  readonly onError?: (error: EncodeError, value: A) => void
  /** How many values the writable side buffers before `write()` returns false (default 16). */
  readonly highWaterMark?: number
}

/**
 * A `Transform` from values (object mode on its writable side) to their
 * encoded frames as bytes: pipe values in and a socket out. Each frame is
 * one chunk.
 *
 * A value that does not encode is a stream error ({@link FrameEncodeError},
 * carrying the typed `EncodeError` and the value), since it is a bug of the
 * producer rather than of the wire; pass `onError` to report and drop such
 * values instead.
 *
 * @example
 * ```ts
 * import { pipeline } from 'node:stream/promises'
 * await pipeline(Readable.from(values), new FrameEncoderTransform(detect), socket)
 * ```
 * @category Node
 */
export class FrameEncoderTransform<A> extends Transform {
  private readonly grammar: Codec<A>
  private readonly onError: ((error: EncodeError, value: A) => void) | undefined

  /** Encodes values with `grammar`; see {@link FrameEncoderTransformOptions}. */
  constructor(grammar: Codec<A>, options: FrameEncoderTransformOptions<A> = {}) {
    super({ writableObjectMode: true, writableHighWaterMark: options.highWaterMark ?? 16 })
    this.grammar = grammar
    this.onError = options.onError
  }

  /** @internal */
  override _transform(value: A, _encoding: BufferEncoding, callback: TransformCallback): void {
    const result = encode(this.grammar, value)
    if (result._tag === 'Right') return callback(null, result.right)
    if (this.onError === undefined) return callback(new FrameEncodeError(result.left, value))
    this.onError(result.left, value)
    callback()
  }
}
