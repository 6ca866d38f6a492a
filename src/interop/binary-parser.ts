import { codec, type Codec } from '../grammar/codec.js'
import type { DecodeState } from '../runtime/decode-state.js'
import { analyse, isParserNode } from './binary-parser-shape.js'
import { generatedParser } from './binary-parser-code.js'

/**
 * What oxwire needs of a binary-parser 2 `Parser` in its types: a `parse`
 * method. At run time {@link fromBinaryParser} also reads the builder's
 * fields and its code generation; oxwire does not depend on binary-parser.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Parser } from 'binary-parser'
 * import type { BinaryParserLike } from 'oxwire/interop'
 * const header: BinaryParserLike<unknown> = new Parser().uint8('version')
 * assert.deepEqual(header.parse(Uint8Array.of(2)), { version: 2 })
 * ```
 * @category Interop
 */
export interface BinaryParserLike<A> {
  /** Parses from the start of the buffer; throws on some bad input. */
  parse(buffer: Uint8Array): A
}

/**
 * Options of {@link fromBinaryParser}; all are optional.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Parser } from 'binary-parser'
 * import { decode } from 'oxwire'
 * import { fromBinaryParser, type FromBinaryParserOptions } from 'oxwire/interop'
 * const datagram: FromBinaryParserOptions = { name: 'beacon', trailing: 'ignore' }
 * const beacon = fromBinaryParser(new Parser().uint8('id'), datagram)
 * assert.deepEqual(decode(beacon, Uint8Array.of(7, 0, 0)), { _tag: 'Right', right: { id: 7 } })
 * ```
 * @category Interop
 */
export interface FromBinaryParserOptions {
  /** Name in error messages and descriptions (default `'binary-parser'`). */
  readonly name?: string
  /**
   * Smallest and largest frame in bytes. Each defaults to what the
   * definition tells: fixed sizes are added up, lengths read from the input
   * count as 0 to unbounded (`max: Infinity`). A stream decoder needs a
   * finite largest frame: give `max` here, or `maxFrame` to the decoder.
   */
  readonly size?: {
    /** Fewest bytes. */ readonly min?: number
    /** Most bytes; `Infinity` for no limit. */ readonly max?: number
  }
  /**
   * The frame's whole length from its first bytes (a header's length
   * field), or undefined while too few bytes have arrived to tell. The
   * parser then sees exactly the frame's bytes, and short input is
   * `incomplete` with the exact number of bytes missing. Needed in streams
   * for parsers that read to the end of their input or jump (see
   * {@link fromBinaryParser}).
   */
  readonly frameLength?: (bytes: Uint8Array) => number | undefined
  /**
   * Leading bytes that identify the protocol. They are checked before the
   * parser runs and act as a `marker`: once they match, a failure is this
   * protocol's (committed), so `oneOf` reports it instead of trying on.
   */
  readonly magic?: ArrayLike<number>
  /**
   * Bytes of its frame that binary-parser leaves unread:
   * - `'reject'` (default): an error of kind `trailing`. A parser that
   *   tells where it ends never leaves any: its frame ends where it stopped,
   *   and what follows is the next grammar's input.
   * - `'ignore'`: accepted, as `parser.parse` accepts them. The frame is
   *   then all the input the adapter is given (the rest of the input, of
   *   its sized region, or `frameLength` bytes), so use it for whole
   *   datagrams or files, last in a region, or with `frameLength`.
   */
  readonly trailing?: 'reject' | 'ignore'
}

/**
 * Uses an existing binary-parser 2 definition as a decode-only oxwire
 * grammar, so that a protocol can move to oxwire one at a time: it works
 * inside `oneOf`, `struct`, stream decoders and `compile`. Every binary-parser
 * feature works as in `parser.parse` (context variables, `$parent`, `$root`,
 * `$index`, `create`, pointers, wrappers, asserts using `this`, named and
 * recursive parsers), because the adapter runs the code binary-parser
 * generates from the definition, unchanged but for one added statement that
 * reports where it stopped.
 *
 * **A value is only ever what `parser.parse(frame)` returns, where `frame`
 * is exactly the bytes the adapter consumed.** Where the frame ends:
 * - with `frameLength`: that many bytes; the parser must use all of them
 *   (see `trailing`);
 * - for a parser whose reads all lie before the offset it ends at (no
 *   pointer, backward seek, `readUntil`, greedy string or named parser the
 *   adapter cannot see): where it stopped. It runs on the input available
 *   (at most `size.max` bytes) and, since it neither looks at the length of
 *   its input nor reads past where it stops, it computes what it would on
 *   exactly those bytes;
 * - otherwise the frame is all the input the adapter is given, and bytes
 *   the parser leaves unread are governed by `trailing`.
 *
 * How the outcome is told:
 * - the parser read past the end of its frame (a `RangeError` from its
 *   reads, or an offset past the end where binary-parser cut a buffer or
 *   string short): `incomplete` at the end of the input, with the bytes
 *   known to be missing; `invalid` inside a sized region, past `size.max`,
 *   or past a `frameLength`. A greedy string's end, one byte past the input
 *   in binary-parser, is the input's end;
 * - any other exception (a failed `assert`, an unknown `choice` tag, a user
 *   function that throws): `invalid`, with binary-parser's message;
 * - `magic` mismatch: `invalid`, not committed; too few bytes: `incomplete`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Parser } from 'binary-parser'
 * import { decode, decodePrefix } from 'oxwire'
 * import { fromBinaryParser } from 'oxwire/interop'
 * const ping = new Parser().uint16be('magic').uint8('length').buffer('data', { length: 'length' })
 * const legacyPing = fromBinaryParser<{ magic: number; length: number; data: Uint8Array }>(ping)
 * const bytes = Uint8Array.of(0xc0, 0xde, 2, 0xaa, 0xbb)
 * assert.deepEqual(decode(legacyPing, bytes), { _tag: 'Right', right: ping.parse(bytes) })
 * // It says where it ends, so the bytes after it are the next frame's.
 * const two = decodePrefix(legacyPing, Uint8Array.of(...bytes, 0xc0))
 * assert.equal(two._tag === 'Right' && two.right.bytesRead, 5)
 * // A cut frame is incomplete: binary-parser would return a short buffer.
 * const cut = decode(legacyPing, bytes.subarray(0, 4))
 * assert.equal(cut._tag === 'Left' && cut.left.kind, 'incomplete')
 * ```
 * @throws TypeError when `parser` is not a binary-parser 2 `Parser`, its
 *   class overrides `parse`, it changed after its first parse, or it has an
 *   array that could loop without end (items of 0 bytes and no fixed count);
 *   the message names the feature and what to do instead.
 * @throws RangeError when `size` is not `0 <= min <= max` in whole bytes,
 *   or `trailing` is not `'reject'` or `'ignore'`.
 * @category Interop
 */
export function fromBinaryParser<A = unknown>(parser: BinaryParserLike<unknown>, options: FromBinaryParserOptions = {}): Codec<A> {
  const name = options.name ?? 'binary-parser'
  if (!isParserNode(parser)) throw new TypeError(`${name}: fromBinaryParser needs a binary-parser 2 Parser; got ${parser === null ? 'null' : typeof parser}`)
  const { run, runReportingThrow, constructorFn, box, atThrow } = generatedParser(parser, name)
  const shape = analyse(parser)
  if (shape.unbounded.length > 0) throw new TypeError(`${name}: ${shape.unbounded[0]}; give it a fixed item count (length: N) or items of at least one byte`)
  const trailing = options.trailing ?? 'reject'
  if (trailing !== 'reject' && trailing !== 'ignore') throw new RangeError(`${name}: trailing must be 'reject' or 'ignore' (got ${String(trailing)})`)
  // The parser's reads bound its frame only when the frame is what it
  // reads: not when it jumps or reads to the end, nor with trailing bytes
  // accepted.
  const framedByReads = shape.open.length === 0 && trailing === 'reject'
  const min = options.size?.min ?? shape.min
  const max = options.size?.max ?? (framedByReads ? shape.max : Infinity)
  if (!(Number.isSafeInteger(min) && min >= 0 && (max === Infinity || Number.isSafeInteger(max)) && min <= max)) {
    throw new RangeError(`${name}: size must be whole bytes with 0 <= min <= max (got ${min}..${max})`)
  }
  const magic = Uint8Array.from(options.magic ?? [])
  const frameLength = options.frameLength
  // The frame ends where the parser stops only when it provably reads
  // nothing past that point and never looks at the input's length.
  const endsWhereItStops = frameLength === undefined && framedByReads
  const { greedy, toEnd } = shape

  /** The input ended before the frame did (or the frame passes its limits). */
  const needMore = (s: DecodeState, start: number, available: number, needed: number | undefined): undefined => {
    if (available >= max) {
      s.failInvalid(`${name}: the frame does not end within its maximum of ${max} byte(s)`, `at most ${max} byte(s)`, undefined, start)
    } else if (s.regions === 0 && s.limit === s.end) {
      s.failIncomplete(needed, `${name}: the frame needs more than the ${available} byte(s) at offset ${start}`, start + available)
    } else {
      s.failInvalid(`${name}: the frame needs more than the ${available} byte(s) before its region ends`, needed === undefined ? undefined : `${available + needed} byte(s)`, `${available} byte(s)`, start)
    }
    return undefined
  }

  /** The parser wanted more bytes than its frame of `n`. */
  const pastFrame = (s: DecodeState, start: number, n: number, available: number, needed: number | undefined): undefined => {
    if (frameLength !== undefined || n < available) {
      s.failInvalid(`${name}: the parser reads past the end of its ${n}-byte frame`, `${n} byte(s)`, needed === undefined ? 'more' : `${n + needed} byte(s)`, start)
      return undefined
    }
    return needMore(s, start, available, needed)
  }

  /** The parser threw on `frame`: a read cut short by the end of the frame, or a broken rule. */
  const failed = (s: DecodeState, start: number, n: number, available: number, frame: Uint8Array, thrown: unknown): undefined => {
    // Where the generated code can report its offset at a throw (run again,
    // off the hot path), a read cut short by the end of the frame is told
    // from a broken rule even when a user function (an assert, a wrapper)
    // threw on the short value.
    if (atThrow) {
      box.buffer = undefined
      try {
        runReportingThrow(frame, constructorFn)
      } catch (again) {
        thrown = again
      }
    }
    const ranOut = isOutOfBounds(thrown) ? !atThrow || box.buffer === frame : atThrow && box.buffer === frame && box.offset > n
    if (ranOut) return pastFrame(s, start, n, available, atThrow && box.offset > n ? box.offset - n : undefined)
    s.failInvalid(`${name}: ${thrown instanceof Error ? thrown.message : String(thrown)}`, undefined, undefined, start)
    return undefined
  }

  const decode = (s: DecodeState): A | undefined => {
    const start = s.pos
    if (magic.length > 0 && !matchMagic(s, magic, name)) return undefined
    const available = s.limit - start
    let n: number
    if (frameLength !== undefined) {
      const known = frameLength(s.bytes.subarray(start, s.limit))
      if (known === undefined) return needMore(s, start, available, undefined)
      if (!Number.isSafeInteger(known) || known < min || known > max) {
        s.failInvalid(`${name}: frame length ${known} is outside ${min}..${max}`, `${min}..${max}`, String(known), start)
        return undefined
      }
      if (known > available) return needMore(s, start, available, known - available)
      n = known
    } else if (available < min) {
      return needMore(s, start, available, min - available)
    } else if (endsWhereItStops) {
      n = Math.min(available, max)
    } else if (available > max) {
      s.failInvalid(`${name}: its frame is all the ${available} byte(s) of input, more than its maximum of ${max}`, `at most ${max} byte(s)`, `${available} byte(s)`, start)
      return undefined
    } else {
      n = available
    }
    const frame = start === 0 && n === s.bytes.length ? s.bytes : s.bytes.subarray(start, start + n)
    let value: unknown
    try {
      value = run(frame, constructorFn)
    } catch (thrown) {
      return failed(s, start, n, available, frame, thrown)
    }
    let used = box.offset
    // binary-parser's greedy string leaves the offset one past the input.
    if (greedy && used === n + 1) used = n
    if (used > n) return pastFrame(s, start, n, available, used - n)
    if (used < 0) {
      s.failInvalid(`${name}: the parser ended at offset ${used}, before its start`, undefined, undefined, start)
      return undefined
    }
    if (used < n && !endsWhereItStops) {
      // A readUntil-'eof' buffer takes the rest of the frame but leaves
      // binary-parser's offset where the buffer starts.
      if (toEnd) used = n
      else if (trailing === 'reject') {
        const remaining = n - used
        s.fail({
          kind: 'trailing',
          offset: start + used,
          path: [],
          remaining,
          message: `${name}: binary-parser left ${remaining} byte(s) of its ${n}-byte frame unread (pass trailing: 'ignore' to accept them as parser.parse does)`,
        })
        return undefined
      }
      used = n
    }
    if (used < min) {
      s.failInvalid(`${name}: the parser used ${used} byte(s), fewer than its minimum of ${min}`, `at least ${min} byte(s)`, `${used} byte(s)`, start)
      return undefined
    }
    s.pos = start + used
    return value as A
  }

  return codec({
    tag: 'custom',
    name,
    decode,
    encode: (s) => s.fail('invalid', `${name} is decode-only: it comes from a binary-parser definition`),
    size: { min: Math.max(min, magic.length), max },
  })
}

/** A read past the end of a DataView (V8, SpiderMonkey and JavaScriptCore wordings). */
function isOutOfBounds(thrown: unknown): boolean {
  return thrown instanceof RangeError && /outside the bounds|out of bounds|out-of-range/i.test(thrown.message)
}

/** Checks the magic bytes; once they match, failures are committed. */
function matchMagic(s: DecodeState, magic: Uint8Array, name: string): boolean {
  const start = s.pos
  for (let i = 0; i < magic.length; i++) {
    if (start + i >= s.limit) {
      s.pos = start + i
      s.has(magic.length - i)
      s.pos = start
      return false
    }
    if (s.bytes[start + i] !== magic[i]) {
      s.failInvalid(`${name}: expected magic ${Array.from(magic, (b) => b.toString(16).padStart(2, '0')).join(' ')}`, undefined, undefined, start + i)
      return false
    }
  }
  s.committed = true
  return true
}
