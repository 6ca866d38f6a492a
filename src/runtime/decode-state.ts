import type { DecodeError } from './errors.js'
import type { DecodeFrame } from './scope.js'
import type { ChecksumPolicy, ChecksumReport } from './checksum-report.js'

/**
 * The cursor that decoding moves over the input. Decoders read through it and
 * report failure by recording an error here (and returning anything); their
 * caller checks {@link DecodeState.error} after each step. This keeps the hot
 * path free of per-step result objects: an `Either` is built once, at the API
 * boundary.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { DecodeState } from 'oxwire'
 * // What a custom codec's decode reads through: check, read, advance.
 * const state = new DecodeState(Uint8Array.of(1, 2))
 * assert.ok(state.has(2))
 * assert.equal(state.bytes[state.pos++], 1)
 * assert.equal(state.has(2), false) // one byte left: records an incomplete error
 * assert.equal(state.error?.kind, 'incomplete')
 * ```
 * @category Core
 */
export class DecodeState {
  /** The whole input. */
  readonly bytes: Uint8Array
  private dataView: DataView | undefined = undefined
  /** Next byte to read. */
  pos: number
  /** End of the current region; reads past it fail. */
  limit: number
  /** End of the input as it is known: running out here is "incomplete". */
  readonly end: number
  /** How many sized regions the cursor is inside; overrunning one is never "incomplete". */
  regions = 0
  /** Set once a marker has matched, so a later failure is committed. */
  committed = false
  /** How many lazy (recursive) grammars the cursor is inside. @internal */
  depth = 0
  /** The first failure, if any. */
  error: DecodeError | undefined = undefined
  /** Fields that later fields may refer to: the innermost struct's frame. @internal */
  scope: DecodeFrame | undefined = undefined
  /** Set by an inlined field: the next struct shares its parent's names. @internal */
  joinScope = false
  /** Bytes at the end of the input held back by `untilLast` regions. @internal */
  tailReserve = 0
  /** Where checksum results are collected, when asked for. @internal */
  checksums: ChecksumReport[] | undefined = undefined
  /** A policy that overrides every checksum field's own, when set. @internal */
  checksumPolicy: ChecksumPolicy | undefined = undefined

  /** Starts a cursor over `bytes[start, end)`. */
  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes
    this.pos = start
    this.limit = end
    this.end = end
  }

  /**
   * A view over the same memory, for multi-byte reads. Made on first use:
   * a DataView costs more than the rest of the state, and compiled
   * decoders do without one.
   */
  get view(): DataView {
    return (this.dataView ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength))
  }

  /**
   * True when `n` more bytes are readable; otherwise records why not and
   * returns false. Running into the end of the input is `incomplete`; running
   * into the end of an inner region is `invalid`, since more input would not
   * help.
   */
  has(n: number): boolean {
    if (this.pos + n <= this.limit) return true
    if (this.regions === 0 && this.limit + this.tailReserve === this.end) {
      this.failIncomplete(this.pos + n - this.end + this.tailReserve, `needs ${n} byte(s) at offset ${this.pos}`)
    } else {
      this.failInvalid(`needs ${n} byte(s) but its region ends at offset ${this.limit}`, `${n} byte(s)`, `${this.limit - this.pos}`)
    }
    return false
  }

  /** Records that the input ended early; `needed` is a lower bound when known. */
  failIncomplete(needed: number | undefined, message: string, offset = this.pos): void {
    this.error = { kind: 'incomplete', offset, path: [], message, needed }
  }

  /** Records a broken rule. */
  failInvalid(message: string, expected?: string, found?: string, offset = this.pos): void {
    this.error = { kind: 'invalid', offset, path: [], message, expected, found }
  }

  /** Records any error as found, e.g. one from a nested decode. */
  fail(error: DecodeError): void {
    this.error = error
  }
}
