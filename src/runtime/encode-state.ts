import type { EncodeError } from './errors.js'
import type { EncodeFrame } from './scope.js'

/**
 * A growable output buffer that encoders write into. Failure is recorded in
 * {@link EncodeState.error}, checked by the caller after each step, as for
 * decoding.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { EncodeState } from 'oxwire'
 * // What a custom codec's encode writes through: reserve, write, advance.
 * const state = new EncodeState(1)
 * state.reserve(3)
 * state.bytes[state.pos++] = 0xaa
 * state.write(Uint8Array.of(0xbb, 0xcc))
 * assert.deepEqual(state.bytes.slice(0, state.pos), Uint8Array.of(0xaa, 0xbb, 0xcc))
 * ```
 * @category Core
 */
export class EncodeState {
  /** The buffer; only `[0, pos)` is meaningful. */
  bytes: Uint8Array
  /** A view over `bytes`. */
  view: DataView
  /** Next byte to write. */
  pos = 0
  /** The first failure, if any. */
  error: EncodeError | undefined = undefined
  /** Fields that later fields refer to: the innermost struct's frame. @internal */
  scope: EncodeFrame | undefined = undefined
  /** Set by an inlined field: the next struct shares its parent's frame. @internal */
  joinScope = false
  /** How many lazy (recursive) grammars the value is inside. @internal */
  depth = 0

  /** Starts with room for `capacity` bytes; it grows as needed. */
  constructor(capacity = 256) {
    this.bytes = new Uint8Array(capacity)
    this.view = new DataView(this.bytes.buffer)
  }

  /** Makes room for `n` more bytes after `pos`. */
  reserve(n: number): void {
    const needed = this.pos + n
    if (needed <= this.bytes.length) return
    // At least one byte to double from: a zero-capacity state would never grow.
    let capacity = Math.max(1, this.bytes.length) * 2
    while (capacity < needed) capacity *= 2
    const grown = new Uint8Array(capacity)
    grown.set(this.bytes.subarray(0, this.pos))
    this.bytes = grown
    this.view = new DataView(grown.buffer)
  }

  /** Appends bytes. */
  write(bytes: Uint8Array): void {
    this.reserve(bytes.length)
    this.bytes.set(bytes, this.pos)
    this.pos += bytes.length
  }

  /** Records why the value cannot be encoded. */
  fail(kind: EncodeError['kind'], message: string): void {
    this.error = { kind, path: [], message }
  }

  /** Forgets the content and any error, keeping the buffer for reuse. */
  reset(): void {
    this.pos = 0
    this.error = undefined
    this.scope = undefined
    this.joinScope = false
    this.depth = 0
  }
}
