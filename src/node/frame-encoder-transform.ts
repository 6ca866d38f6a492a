import { Transform, type TransformCallback } from 'node:stream'
import { encode } from '../api.js'
import type { Codec } from '../grammar/codec.js'
import type { EncodeError } from '../runtime/errors.js'
import { formatError } from '../runtime/format.js'

/**
 * The error a {@link FrameEncoderTransform} fails with when a value cannot
 * be encoded.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Readable, Writable } from 'node:stream'
 * import { pipeline } from 'node:stream/promises'
 * import { u8 } from 'oxwire/combinators'
 * import { FrameEncodeError, FrameEncoderTransform } from 'oxwire/node'
 * const sink = new Writable({ write: (_chunk, _encoding, done) => done() })
 * await assert.rejects(pipeline(Readable.from([1, 300]), new FrameEncoderTransform(u8), sink), (thrown) => {
 *   assert.ok(thrown instanceof FrameEncodeError)
 *   assert.deepEqual([thrown.error.kind, thrown.value], ['range', 300])
 *   return true
 * })
 * ```
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Readable } from 'node:stream'
 * import { u8 } from 'oxwire/combinators'
 * import { FrameEncoderTransform, type FrameEncoderTransformOptions } from 'oxwire/node'
 * const dropped: number[] = []
 * const options: FrameEncoderTransformOptions<number> = { onError: (_error, value) => dropped.push(value) }
 * const chunks: Buffer[] = []
 * for await (const chunk of Readable.from([1, 300, 2]).pipe(new FrameEncoderTransform(u8, options))) chunks.push(chunk as Buffer)
 * assert.deepEqual([Buffer.concat(chunks), dropped], [Buffer.of(1, 2), [300]])
 * ```
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Readable } from 'node:stream'
 * import { FrameEncoderTransform } from 'oxwire/node'
 * import { telemetry } from 'oxwire/protocols'
 * const values = [1, 2].map((seq) => ({ seq, timestamp: 0, payload: { type: 'heartbeat', uptime: seq, status: 0 } }) as const)
 * const chunks: Buffer[] = []
 * // Pipe values in and a socket out; here the bytes are collected.
 * for await (const chunk of Readable.from(values).pipe(new FrameEncoderTransform(telemetry))) chunks.push(chunk as Buffer)
 * const bytes = Buffer.concat(chunks)
 * assert.equal(bytes.length, 2 * 19) // two heartbeat frames
 * assert.deepEqual([bytes.readUInt16BE(4), bytes.readUInt16BE(19 + 4)], [1, 2]) // their seq fields
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
