import { codec, type Codec } from '../grammar/codec.js'
import type { DecodeState } from '../runtime/decode-state.js'

/**
 * What oxwire needs of a binary-parser 2 `Parser`: its `parse` method (and
 * its class, to wrap it). oxwire does not depend on binary-parser.
 * @category Interop
 */
export interface BinaryParserLike<A> {
  /** Parses from the start of the buffer; throws on bad or short input. */
  parse(buffer: Uint8Array): A
}

/** Options of {@link fromBinaryParser}. @category Interop */
export interface FromBinaryParserOptions {
  /** Name in error messages (default `'binary-parser'`). */
  readonly name?: string
  /** Smallest and largest frame in bytes; `max` must be finite for stream decoders and is what tells "too long" from "incomplete". */
  readonly size: {
    /** Fewest bytes. */ readonly min: number
    /** Most bytes. */ readonly max: number
  }
  /**
   * The frame's whole length from its first bytes (a header's length
   * field), or undefined while too few bytes have arrived to tell. With it,
   * the parser sees exactly the frame's bytes and short input is always
   * `incomplete` with the number of bytes missing. Without it, see the
   * limits under {@link fromBinaryParser}.
   */
  readonly frameLength?: (bytes: Uint8Array) => number | undefined
  /**
   * Leading bytes that identify the protocol. They are checked before the
   * parser runs and act as a `marker`: once they match, a failure is this
   * protocol's (committed), so `oneOf` reports it instead of trying on.
   */
  readonly magic?: ArrayLike<number>
}

/**
 * Uses an existing binary-parser 2 definition as a decode-only oxwire
 * grammar, so a protocol can move to oxwire one at a time: it works inside
 * `oneOf`, `struct`, stream decoders and `compile`. Encoding it fails with
 * an `invalid` encode error. Decoded values are what the parser returns
 * (its buffers are views of the input).
 *
 * How the outcome is told:
 * - `magic` mismatch: `invalid` (not committed); too few bytes to compare: `incomplete`.
 * - With `frameLength`: a length outside `size` is `invalid`; a frame longer
 *   than the input is `incomplete` with the exact `needed`; the parser must
 *   then use exactly that many bytes, else `invalid`.
 * - Without `frameLength`, the parser runs on what is there (at most
 *   `size.max` bytes). binary-parser throws a `RangeError` when it reads past
 *   the end, and reads buffers and strings short without throwing; both are
 *   taken as `incomplete` (needed unknown, or the bytes it skipped past)
 *   while fewer than `size.max` bytes are there, `invalid` after.
 *   A parser that reads to the end of its input (`readUntil: 'eof'`,
 *   greedy arrays) cannot know where its frame ends: give `frameLength`.
 * - Any other exception (a failed `assert`, an unknown `choice`) is `invalid`.
 * - Inside a sized region, running out is `invalid`, as for any grammar.
 *
 * @example
 * ```ts
 * import { Parser } from 'binary-parser'
 * const ping = new Parser().uint16be('magic').uint8('length').buffer('data', { length: 'length' })
 * const legacyPing = named('ping', fromBinaryParser(ping, {
 *   size: { min: 3, max: 258 },
 *   magic: [0xc0, 0xde],
 *   frameLength: (b) => (b.length < 3 ? undefined : 3 + b[2]!),
 * }))
 * const anyFrame = oneOf(telemetry, eventRecord, legacyPing)
 * decode(anyFrame, bytes) // right({ protocol: 'ping', value: { magic: 49374, length: 1, data: ... } })
 * ```
 * @throws RangeError when `size` is not `0 <= min <= max` (max may not be NaN).
 * @category Interop
 */
export function fromBinaryParser<A>(parser: BinaryParserLike<A>, options: FromBinaryParserOptions): Codec<A> {
  const { size, frameLength } = options
  const name = options.name ?? 'binary-parser'
  if (!(size.min >= 0 && size.min <= size.max)) throw new RangeError(`fromBinaryParser: size must be 0 <= min <= max (got ${size.min}..${size.max})`)
  const magic = Uint8Array.from(options.magic ?? [])
  // Nest the user's parser and save the offset after it: binary-parser
  // does not say how much it read.
  const ParserClass = Object.getPrototypeOf(parser).constructor as new () => WrappingParser
  const wrapped = new ParserClass().nest('value', { type: parser }).saveOffset('consumed')

  const decode = (s: DecodeState): A | undefined => {
    const start = s.pos
    if (!matchMagic(s, magic)) return undefined
    const available = s.limit - start
    let n: number
    let input: Uint8Array
    if (frameLength !== undefined) {
      const known = frameLength(s.bytes.subarray(start, s.limit))
      if (known === undefined) return ranOut(s, start, available, undefined, size.max)
      if (!Number.isSafeInteger(known) || known < size.min || known > size.max) {
        s.failInvalid(`${name}: frame length ${known} is outside ${size.min}..${size.max}`, `${size.min}..${size.max}`, String(known), start)
        return undefined
      }
      if (known > available) {
        s.pos = start
        s.has(known)
        return undefined
      }
      n = known
      input = s.bytes.subarray(start, start + n)
    } else {
      n = Math.min(available, size.max)
      input = s.bytes.subarray(start, start + n)
    }
    let parsed: { value: A; consumed: number }
    try {
      parsed = wrapped.parse(input) as { value: A; consumed: number }
    } catch (thrown) {
      if (thrown instanceof RangeError && frameLength === undefined) return ranOut(s, start, available, undefined, size.max)
      s.failInvalid(`${name}: ${thrown instanceof Error ? thrown.message : 'parse failed'}`, undefined, undefined, start)
      return undefined
    }
    const consumed = parsed.consumed
    if (frameLength === undefined && consumed > n) return ranOut(s, start, available, consumed - available, size.max)
    if ((frameLength !== undefined && consumed !== n) || consumed < size.min) {
      s.failInvalid(`${name}: the parser used ${consumed} of ${frameLength !== undefined ? n : 'at least ' + size.min} byte(s)`, `${n} byte(s) used`, String(consumed), start)
      return undefined
    }
    s.pos = start + consumed
    return parsed.value
  }

  return codec({
    tag: 'custom',
    name,
    decode,
    encode: (s) => s.fail('invalid', `${name} is decode-only: it comes from a binary-parser definition`),
    size: { min: Math.max(size.min, magic.length), max: size.max },
  })
}

interface WrappingParser {
  nest(name: string, options: { type: unknown }): WrappingParser
  saveOffset(name: string): WrappingParser
  parse(buffer: Uint8Array): unknown
}

/** Checks the magic bytes; once they match, failures are committed. */
function matchMagic(s: DecodeState, magic: Uint8Array): boolean {
  const start = s.pos
  for (let i = 0; i < magic.length; i++) {
    if (start + i >= s.limit) {
      s.pos = start + i
      s.has(magic.length - i)
      s.pos = start
      return false
    }
    if (s.bytes[start + i] !== magic[i]) {
      s.failInvalid(`expected magic ${Array.from(magic, (b) => b.toString(16).padStart(2, '0')).join(' ')}`, undefined, undefined, start + i)
      return false
    }
  }
  if (magic.length > 0) s.committed = true
  return true
}

/**
 * The input ended before the frame did: `incomplete` at the end of the
 * input (unless the frame would pass `max`), `invalid` inside a region.
 */
function ranOut(s: DecodeState, start: number, available: number, needed: number | undefined, max: number): undefined {
  if (available >= max) {
    s.failInvalid(`frame does not end within its maximum of ${max} byte(s)`, `at most ${max} byte(s)`, undefined, start)
    return undefined
  }
  s.pos = start + available
  if (s.regions === 0 && s.limit === s.end) s.failIncomplete(needed, `frame needs more than the ${available} byte(s) at offset ${start}`, start)
  else s.has(needed ?? 1)
  s.pos = start
  return undefined
}
