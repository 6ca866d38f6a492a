import type { Codec } from '../grammar/codec.js'
import { DecodeState } from '../runtime/decode-state.js'
import type { DecodeError, IncompleteError } from '../runtime/errors.js'
import { decoderOf, type DecodeFn } from '../interpret/decoder.js'
import { decoderTier, type DecoderTier } from '../compile/tiered.js'
import { analysisOf, sizeBounds, firstBytes, startMatcher } from '../analysis/index.js'
import { ByteStore } from './byte-store.js'
import { scannerFor, type Scanner } from './scanner.js'
import { BAD, frameChecks, runChecks, verdict, verdictError, type FrameCheck } from './frame-check.js'
import { WindowCrc } from './window-crc.js'

/**
 * A decoded frame.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createFrameDecoder, type FrameFound } from 'oxwire'
 * import { constant, marker, struct, u8 } from 'oxwire/combinators'
 * const decoder = createFrameDecoder(struct({ sync: marker(constant(u8, 0x7e)), id: u8 }))
 * const [event] = decoder.push(Uint8Array.of(0x7e, 9))
 * assert.ok(event?.type === 'frame')
 * const found: FrameFound<{ id: number }> = event
 * assert.deepEqual([found.value, found.offset, found.length, [...found.bytes]], [{ id: 9 }, 0, 2, [0x7e, 9]])
 * ```
 * @category Streams
 */
export interface FrameFound<A> {
  /** Discriminant. */
  readonly type: 'frame'
  /** The decoded value; its byte fields are views of the decoder's memory, which is never overwritten. */
  readonly value: A
  /** Stream offset of the frame's first byte. */
  readonly offset: number
  /** The frame's length in bytes. */
  readonly length: number
  /**
   * The frame's own bytes (`length` of them), a view of the decoder's
   * memory like the value's byte fields: what a sink forwards unchanged.
   */
  readonly bytes: Uint8Array
}

/**
 * Bytes dropped while looking for the start of a frame (garbage).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createFrameDecoder, type SkippedBytes } from 'oxwire'
 * import { constant, marker, struct, u8 } from 'oxwire/combinators'
 * const decoder = createFrameDecoder(struct({ sync: marker(constant(u8, 0x7e)), id: u8 }))
 * const [garbage, frame] = decoder.push(Uint8Array.of(1, 2, 3, 0x7e, 9))
 * assert.ok(garbage?.type === 'skipped')
 * const skipped: SkippedBytes = garbage
 * assert.deepEqual([skipped.offset, skipped.length, frame?.offset], [0, 3, 3])
 * ```
 * @category Streams
 */
export interface SkippedBytes {
  /** Discriminant. */
  readonly type: 'skipped'
  /** Stream offset of the first dropped byte. */
  readonly offset: number
  /** How many bytes were dropped. */
  readonly length: number
}

/**
 * A frame whose marker matched but which is broken (bad CRC, value out of
 * range, a length above the maximum, ...). Only its first byte is dropped
 * (`length` is 1): the search for the next frame resumes right after it, so
 * a false marker in garbage cannot swallow a real frame that follows; the
 * rest of the broken frame is then reported as skipped.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createFrameDecoder, type MalformedFrame } from 'oxwire'
 * import { constant, marker, range, struct, u8 } from 'oxwire/combinators'
 * const decoder = createFrameDecoder(struct({ sync: marker(constant(u8, 0x7e)), level: range(u8, 0, 9) }))
 * const events = decoder.push(Uint8Array.of(0x7e, 42, 0x7e, 3))
 * const broken = events[0]
 * assert.ok(broken?.type === 'malformed')
 * const malformed: MalformedFrame = broken
 * assert.deepEqual([malformed.offset, malformed.length, malformed.error.kind, malformed.error.offset], [0, 1, 'invalid', 1])
 * // The frame after the broken one is still found.
 * assert.deepEqual(events.filter((e) => e.type === 'frame').map((e) => e.type === 'frame' && e.value), [{ level: 3 }])
 * ```
 * @category Streams
 */
export interface MalformedFrame {
  /** Discriminant. */
  readonly type: 'malformed'
  /** Why it is broken; `error.offset` counts from the frame's first byte. */
  readonly error: DecodeError
  /** Stream offset of the frame's first byte. */
  readonly offset: number
  /** Bytes dropped: 1. */
  readonly length: number
  /**
   * The bytes from `offset` that were buffered when the frame was judged
   * (at least up to `error.offset`, at most `maxFrame`), for
   * `formatError(event.error, event.bytes)`.
   */
  readonly bytes: Uint8Array
}

/**
 * Only from `end()`: the stream ended inside a frame. It covers every byte
 * from the frame's start up to the next frame or malformed frame, or to the
 * end of the stream.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createFrameDecoder, type TruncatedFrame } from 'oxwire'
 * import { constant, marker, struct, u8, u16be } from 'oxwire/combinators'
 * const decoder = createFrameDecoder(struct({ sync: marker(constant(u8, 0x7e)), id: u16be }))
 * assert.deepEqual(decoder.push(Uint8Array.of(0x7e, 0)), []) // waits for the last byte
 * const [last] = decoder.end()
 * assert.ok(last?.type === 'truncated')
 * const truncated: TruncatedFrame = last
 * assert.deepEqual([truncated.offset, truncated.length, truncated.error.kind], [0, 2, 'incomplete'])
 * ```
 * @category Streams
 */
export interface TruncatedFrame {
  /** Discriminant. */
  readonly type: 'truncated'
  /** The `incomplete` error; `error.offset` counts from the frame's first byte. */
  readonly error: DecodeError
  /** Stream offset of the frame's first byte. */
  readonly offset: number
  /** Bytes dropped. */
  readonly length: number
  /** The dropped bytes, for `formatError(event.error, event.bytes)`. */
  readonly bytes: Uint8Array
}

/**
 * What a {@link FrameDecoder} reports, in stream order. Consecutive events
 * cover the stream without gaps or overlaps: each starts where the previous
 * one ended.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createFrameDecoder, type FrameEvent } from 'oxwire'
 * import { constant, marker, struct, u8 } from 'oxwire/combinators'
 * const decoder = createFrameDecoder(struct({ sync: marker(constant(u8, 0x7e)), id: u8 }))
 * const events: FrameEvent<{ id: number }>[] = [...decoder.push(Uint8Array.of(0, 0x7e, 1, 0x7e)), ...decoder.end()]
 * // Consecutive events cover the stream without gaps or overlaps.
 * assert.deepEqual(events.map((e) => [e.type, e.offset, e.length]), [['skipped', 0, 1], ['frame', 1, 2], ['truncated', 3, 1]])
 * ```
 * @category Streams
 */
export type FrameEvent<A> = FrameFound<A> | SkippedBytes | MalformedFrame | TruncatedFrame

/**
 * Options of {@link createFrameDecoder}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createFrameDecoder, type FrameDecoderOptions } from 'oxwire'
 * import { constant, marker, rest, sized, struct, u8, u16be } from 'oxwire/combinators'
 * const message = struct({ sync: marker(constant(u8, 0x7e)), body: sized(u16be, rest) })
 * const options: FrameDecoderOptions = { maxFrame: 64 }
 * const decoder = createFrameDecoder(message, options)
 * // A length of 1000 would need more than 64 bytes: malformed at once, not waited for.
 * const [event] = decoder.push(Uint8Array.of(0x7e, 0x03, 0xe8))
 * assert.equal(event?.type, 'malformed')
 * ```
 * @category Streams
 */
export interface FrameDecoderOptions {
  /**
   * The largest frame accepted, in bytes; default: the grammar's largest
   * size (`sizeBounds(grammar).max`). A frame that would need more is
   * malformed as soon as that is known. Required for grammars of unbounded size.
   */
  readonly maxFrame?: number
}

/**
 * Work a decoder has spent on input that did not become frames.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createFrameDecoder } from 'oxwire'
 * import { detect } from 'oxwire/protocols'
 *
 * const decoder = createFrameDecoder(detect)
 * decoder.push(new Uint8Array(100).fill(7)) // no frame can start here
 * assert.deepEqual(decoder.waste, { bytes: 100, work: 100 })
 * ```
 * @category Streams
 */
export interface DecoderWaste {
  /** Bytes reported as skipped, malformed or truncated. */
  readonly bytes: number
  /**
   * Bytes examined on their behalf: the skipped bytes, plus for each
   * candidate that failed, the bytes its decode attempt or checksum read,
   * plus the bytes re-read by each attempt at a waiting frame that still
   * found it incomplete.
   * A proxy for CPU time that does not depend on the machine: compare it
   * with the frames' bytes to share out the time spent.
   */
  readonly work: number
}

/**
 * A push-based decoder of a byte stream into frames. Pure: no I/O, no
 * timers; it holds at most one maximum frame plus one chunk.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createFrameDecoder, type FrameDecoder } from 'oxwire'
 * import { constant, marker, struct, u8, u16be } from 'oxwire/combinators'
 * const decoder: FrameDecoder<{ id: number }> = createFrameDecoder(struct({ sync: marker(constant(u8, 0x7e)), id: u16be }))
 * decoder.push(Uint8Array.of(0x7e, 0))
 * assert.deepEqual([decoder.buffered, decoder.offset], [2, 0]) // an unfinished frame is held
 * decoder.push(Uint8Array.of(5))
 * assert.deepEqual([decoder.buffered, decoder.offset], [0, 3])
 * ```
 * @category Streams
 */
export interface FrameDecoder<A> {
  /** Adds bytes (the chunk is copied) and returns the events they complete, in order. */
  push(chunk: Uint8Array): FrameEvent<A>[]
  /**
   * Ends the stream: returns a truncated final frame and trailing garbage
   * (as skipped), and any frames a false marker was hiding. After `end()`,
   * `push` throws.
   */
  end(): FrameEvent<A>[]
  /** Bytes held now (the start of an unfinished frame). */
  readonly buffered: number
  /** Stream offset of the first held byte (equal to the bytes pushed so far when none is held). */
  readonly offset: number
  /**
   * Running totals of the work spent on input that ended as skipped,
   * malformed or truncated: what a server charges against a peer's budget.
   */
  readonly waste: DecoderWaste
}

/**
 * A decoder of a byte stream into frames of `grammar`, which may be one
 * protocol or a `oneOf` of several.
 *
 * - Frames may be split across chunks at any byte, and many may arrive in one chunk.
 * - Between frames it scans for the bytes a frame can start with
 *   ({@link firstBytes}) with `indexOf`, and reports what it passes over as
 *   `skipped`.
 * - After a frame's marker has matched, a failure is `malformed`; the
 *   decoder drops one byte and scans again, so the frames around a broken
 *   one are all delivered.
 * - On `incomplete` it waits until at least `needed` more bytes have
 *   arrived before trying again, and a frame that would exceed `maxFrame`
 *   is malformed at once.
 *
 * A false marker in garbage that claims a plausible length holds back the
 * frames behind it until that length has arrived (at most `maxFrame`
 * bytes) and its check fails; they are delayed, never lost. Where the
 * grammar allows (a checksum over the whole frame and a length its header
 * gives), the decoder waits for the whole frame and checks the checksum
 * before decoding the body, so a false header costs one checksum, not a
 * decode of the body it claims.
 *
 * Decoded byte fields are views, never copies. Each pushed chunk is copied
 * once into memory that the decoder never writes again, so a value yielded
 * earlier stays intact whatever is pushed later, and whatever the caller
 * does with its chunk afterwards.
 *
 * Frames are decoded by generated code after the grammar's first few
 * uses, as `decode` does; pass `compile(detect)` to have it from the first
 * frame, or `interpreted(detect)` to keep the interpreter. The events are
 * the same.
 * @throws RangeError when `grammar` can match zero bytes, or when neither
 *   the grammar nor `options.maxFrame` gives a finite positive maximum.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createFrameDecoder, encode } from 'oxwire'
 * import { detect, telemetry } from 'oxwire/protocols'
 * const frame = encode(telemetry, { seq: 1, timestamp: 0, payload: { type: 'heartbeat', uptime: 1, status: 0 } })
 * assert.ok(frame._tag === 'Right')
 * const stream = Uint8Array.of(0xee, ...frame.right, ...frame.right.subarray(0, 5))
 * const decoder = createFrameDecoder(detect)
 * // Chunks may split frames anywhere.
 * const events = [...decoder.push(stream.subarray(0, 7)), ...decoder.push(stream.subarray(7)), ...decoder.end()]
 * assert.deepEqual(events.map((e) => e.type), ['skipped', 'frame', 'truncated'])
 * assert.equal(events[1]?.type === 'frame' && events[1].value.protocol, 'tlm')
 * ```
 * @category Streams
 */
export function createFrameDecoder<A>(grammar: Codec<A>, options: FrameDecoderOptions = {}): FrameDecoder<A> {
  return new StreamFrameDecoder(grammar, options)
}

// Store slack bounds: enough that small chunks rarely reallocate, never so
// much that a huge `maxFrame` makes every reallocation huge.
const MIN_SLACK = 4096
const MAX_SLACK = 65536

// Frames to decode cleanly after any waste before a candidate is decoded
// ahead of its checksum again (see `run`): a peer that mixes false headers
// into valid frames gets at most one full decode attempt per this many
// frames it sends, the checksum-first path for the rest.
const TRUST_AFTER_FRAMES = 64

class StreamFrameDecoder<A> implements FrameDecoder<A> {
  /** The grammar's default-path decoder: interpreted for the first few frames, then generated code. */
  private readonly decodeFrame: DecoderTier
  private readonly maxFrame: number
  private readonly scan: Scanner
  /** Tells whether a frame may start at a position, from the grammar's leading bytes. */
  private readonly mayStart: ((bytes: Uint8Array, pos: number, end: number) => boolean) | undefined
  /** The alternatives' decoders when the grammar is a `oneOf`, to tell whether one committed. */
  private readonly alternatives: readonly DecodeFn[] | undefined
  private readonly store: ByteStore
  private readonly checks: readonly (FrameCheck | undefined)[] | undefined
  private readonly windows: readonly (WindowCrc | undefined)[] | undefined
  private wastedBytes = 0
  private wastedWork = 0
  /** Stream offset of `store.start`. */
  private base = 0
  /** Held bytes needed before the frame at `store.start` is worth trying again. */
  private need = 0
  /** Stream offset of the frame that the last run left waiting for more bytes, or -1. */
  private waitingAt = -1
  private ended = false
  /**
   * True while `store.start` is where the last frame ended. Not at the
   * start of the stream: the first candidate of a connection is checked
   * first, so a peer that only sends false headers never gets a decode.
   */
  private inSync = false
  /** Frames still to decode before decoding ahead of the checksum is trusted again. */
  private distrust = 0

  constructor(grammar: Codec<A>, options: FrameDecoderOptions) {
    const bounds = sizeBounds(grammar)
    if (bounds.min === 0) throw new RangeError('createFrameDecoder: the grammar can match zero bytes, which would yield frames forever')
    const maxFrame = options.maxFrame ?? bounds.max
    if (!Number.isSafeInteger(maxFrame) || maxFrame < 1) {
      throw new RangeError(`createFrameDecoder: maxFrame must be a positive integer (got ${maxFrame}); grammars of unbounded size need the option`)
    }
    this.maxFrame = maxFrame
    this.decodeFrame = decoderTier(grammar.node)
    this.scan = scannerFor(firstBytes(grammar))
    this.mayStart = startMatcher(grammar)
    const root = analysisOf(grammar).framing
    this.alternatives = root.tag === 'oneOf' ? root.alternatives.map((a) => decoderOf(a.inner.node)) : undefined
    this.store = new ByteStore(Math.min(Math.max(maxFrame, MIN_SLACK), MAX_SLACK))
    this.checks = frameChecks(grammar)
    this.windows = this.checks?.map((c) => (c === undefined ? undefined : WindowCrc.for(c.checksum.algorithm)))
  }

  get waste(): DecoderWaste {
    return { bytes: this.wastedBytes, work: this.wastedWork }
  }

  get buffered(): number {
    return this.store.size
  }

  get offset(): number {
    return this.base
  }

  push(chunk: Uint8Array): FrameEvent<A>[] {
    if (this.ended) throw new Error('FrameDecoder: push after end')
    this.store.append(chunk)
    if (this.store.size < this.need) return []
    return this.run(false)
  }

  end(): FrameEvent<A>[] {
    if (this.ended) return []
    this.ended = true
    return absorbIntoTruncated(this.run(true))
  }

  /** Decodes what is held; with `final`, nothing more will arrive. */
  private run(final: boolean): FrameEvent<A>[] {
    const events: FrameEvent<A>[] = []
    const store = this.store
    // Bounded by `end`, so indexOf never searches the unwritten tail.
    const bytes = store.bytes.subarray(0, store.end)
    const end = store.end
    const first = store.start
    // Stream offset of index i: offset + i. Plain locals, not closures: a
    // run is made per chunk, and closures cost an allocation each (and a
    // `__name` call each under tsx).
    const offset = this.base - first
    let pos = first
    // Start of the garbage being passed over, or -1.
    let skipFrom = -1
    // Where the last frame ended: a candidate there is most likely a frame.
    let synced = this.inSync ? first : -1
    let cut = -1
    const state = new DecodeState(bytes, first, end)
    this.need = 0
    for (;;) {
      if (pos === synced && this.distrust === 0 && pos < end) {
        // Right after a frame, in a stream that has been clean for a while:
        // decode at once. A frame that decodes is one that the scan, the
        // leading-bytes test and the whole-frame check would all have let
        // through (its checksum is checked by the decoder), so it is the
        // same event without their cost, and a valid frame costs one
        // checksum instead of two. Anything else takes the usual way from
        // the same position (once: `synced` is dropped), so the events do
        // not change. Frames back to back are decoded in this one loop:
        // between two of them there is nothing to do but report the first
        // (no garbage is open here, and `distrust` is 0).
        const tier = this.decodeFrame
        for (;;) {
          state.pos = pos
          state.limit = end
          state.regions = 0
          state.committed = false
          state.error = undefined
          const value = tier.next()(state) as A
          const next = state.pos
          if (state.error !== undefined || next <= pos) break
          events.push({ type: 'frame', value, offset: offset + pos, length: next - pos, bytes: bytes.subarray(pos, next) })
          pos = next
          if (pos >= end) break
        }
        synced = pos
        if (pos >= end) continue
        // A frame cut by the end of the chunk: if the usual way waits for
        // the rest of it here, it is decoded first again when that arrives.
        // (Read back through a cast: the decoder assigned it, which TypeScript cannot see.)
        if ((state.error as DecodeError | undefined)?.kind === 'incomplete') cut = pos
        synced = -1
      }
      const candidate = this.scan(bytes, pos, end)
      if (candidate > pos) {
        if (skipFrom < 0) skipFrom = pos
        pos = candidate
      }
      if (pos >= end) break
      // Most false starts fail the fixed leading bytes: rejecting them here
      // spares a decode attempt and the error it would build.
      if (this.mayStart !== undefined && !this.mayStart(bytes, pos, end)) {
        if (skipFrom < 0) skipFrom = pos
        pos += 1
        continue
      }
      if (this.checks !== undefined) {
        const check = runChecks(this.checks, bytes, pos, end, this.maxFrame, final, this.windows)
        if (check > 0) {
          this.need = check
          break
        }
        if (check === BAD) {
          if (verdict.check?.commits === true) {
            skipFrom = this.closeSkip(events, skipFrom, pos, offset)
            events.push(this.malformed(verdictError(), bytes, pos, offset + pos))
            this.wastedBytes += 1
            this.distrust = TRUST_AFTER_FRAMES
          } else if (skipFrom < 0) skipFrom = pos
          this.wastedWork += verdict.covered
          pos += 1
          continue
        }
      }
      const value = this.decodeAt(state, pos, end)
      const length = state.pos - pos
      // Read back through a cast: the decoder assigned it, which TypeScript cannot see.
      const outcome = state.error as DecodeError | undefined
      if (outcome === undefined && length > 0) {
        skipFrom = this.closeSkip(events, skipFrom, pos, offset)
        pos = this.frame(events, value, bytes, pos, length, offset + pos)
        synced = pos
        continue
      }
      // `needed` does not depend on where the cursor started; the waiting
      // case, common at chunk ends, needs nothing else.
      const incomplete = outcome?.kind === 'incomplete'
      const atLeast = end - pos + ((incomplete ? outcome.needed : undefined) ?? 1)
      if (incomplete && atLeast <= this.maxFrame && !final) {
        // A waiting frame is decoded again from its first byte when more
        // arrives. Where `needed` is exact that happens once; where it is
        // not (a terminator, `many`), a peer that drips bytes would make
        // each byte cost a decode of everything before it. An attempt that
        // still comes up short re-read those bytes for nothing: it counts
        // as waste, so a connection's budget bounds it.
        const at = offset + pos
        if (this.waitingAt === at) this.wastedWork += end - pos
        this.waitingAt = at
        this.need = atLeast
        break
      }
      // Only one byte goes, whatever the failure: a false marker in garbage
      // must not swallow a real frame that starts inside what it claimed.
      if (!this.committed(state, outcome ?? emptyFrame(), bytes, pos, end)) {
        if (skipFrom < 0) skipFrom = pos
        this.wastedWork += examined(outcome, pos)
        pos += 1
        continue
      }
      // A broken frame is rare: decode it again from its own first byte, so
      // that the reported error's offsets count from there.
      const error = this.attempt(bytes.subarray(pos, end))
      skipFrom = this.closeSkip(events, skipFrom, pos, offset)
      if (error.kind !== 'incomplete') events.push(this.malformed(error, bytes, pos, offset + pos))
      else if (atLeast > this.maxFrame) events.push(this.malformed(tooLong(error, atLeast, this.maxFrame), bytes, pos, offset + pos))
      else events.push({ type: 'truncated', error, offset: offset + pos, length: 1, bytes: bytes.subarray(pos, end) })
      this.wastedBytes += 1
      // Decoded twice: once here, once from its own first byte.
      this.wastedWork += 2 * examined(outcome, pos)
      this.distrust = TRUST_AFTER_FRAMES
      pos += 1
    }
    this.closeSkip(events, skipFrom, pos, offset)
    // Waiting for the rest of a frame that began right after the last one
    // keeps the stream in step; at most two decodes of it in all (the next
    // push comes when the bytes waited for are there).
    this.inSync = pos === synced || (pos === cut && this.need > 0)
    this.base = offset + pos
    store.releaseTo(pos)
    return events
  }

  /** Decodes a candidate at `pos` with the one cursor of a pass (no allocation per frame). */
  private decodeAt(state: DecodeState, pos: number, end: number): A {
    state.pos = pos
    state.limit = end
    state.regions = 0
    state.committed = false
    state.error = undefined
    return this.decodeFrame.next()(state) as A
  }

  /** Reports the garbage in [from, to) as skipped, if any (from >= 0); returns -1, the new `from`. */
  private closeSkip(events: FrameEvent<A>[], from: number, to: number, offset: number): number {
    if (from < 0) return -1
    events.push({ type: 'skipped', offset: offset + from, length: to - from })
    this.wastedBytes += to - from
    this.wastedWork += to - from
    this.distrust = TRUST_AFTER_FRAMES
    return -1
  }

  /** Reports a decoded frame and returns where the next one may start. */
  private frame(events: FrameEvent<A>[], value: A, bytes: Uint8Array, pos: number, length: number, offset: number): number {
    events.push({ type: 'frame', value, offset, length, bytes: bytes.subarray(pos, pos + length) })
    if (this.distrust > 0) this.distrust--
    return pos + length
  }

  private attempt(frame: Uint8Array): DecodeError {
    const state = new DecodeState(frame)
    this.decodeFrame.next()(state)
    return state.error ?? emptyFrame()
  }

  // Past a marker the failure is this frame's; before it, these bytes were
  // not a frame at all. A `oneOf` resets the cursor's flag on the way out,
  // but its error kind tells, except for `incomplete`, where each
  // alternative is asked again (rare: only at the end or above maxFrame).
  private committed(state: DecodeState, error: DecodeError, bytes: Uint8Array, pos: number, end: number): boolean {
    if (state.committed) return true
    if (this.alternatives === undefined || error.kind === 'no-match') return false
    if (error.kind !== 'incomplete') return true
    const frame = bytes.subarray(pos, end)
    return this.alternatives.some((alternative) => {
      const probe = new DecodeState(frame)
      alternative(probe)
      return probe.committed
    })
  }

  private malformed(error: DecodeError, bytes: Uint8Array, pos: number, offset: number): MalformedFrame {
    return { type: 'malformed', error, offset, length: 1, bytes: bytes.subarray(pos, Math.min(bytes.length, pos + this.maxFrame)) }
  }
}

// How far a failed attempt read, as its error says (at least one byte).
function examined(error: DecodeError | undefined, pos: number): number {
  return error === undefined ? 1 : Math.max(1, error.offset - pos)
}

function tooLong(incomplete: IncompleteError, atLeast: number, maxFrame: number): DecodeError {
  return {
    kind: 'invalid',
    offset: incomplete.offset,
    path: incomplete.path,
    message: `frame needs at least ${atLeast} byte(s), more than the maximum frame of ${maxFrame}`,
    expected: `at most ${maxFrame} byte(s)`,
    found: `at least ${atLeast} byte(s)`,
  }
}

function emptyFrame(): DecodeError {
  return { kind: 'invalid', offset: 0, path: [], message: 'the grammar matched zero bytes', expected: 'at least one byte', found: '0 bytes' }
}

// At the end of the stream, a truncated frame takes in the skipped bytes and
// further truncated frames after it: they are all part of the cut-off tail.
function absorbIntoTruncated<A>(events: FrameEvent<A>[]): FrameEvent<A>[] {
  const out: FrameEvent<A>[] = []
  for (const event of events) {
    const last = out[out.length - 1]
    if (last?.type === 'truncated' && (event.type === 'skipped' || event.type === 'truncated')) {
      const length = last.length + event.length
      out[out.length - 1] = { ...last, length, bytes: last.bytes.subarray(0, length) }
    } else out.push(event)
  }
  return out
}
