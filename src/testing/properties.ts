import fc, { type Arbitrary, type IProperty } from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import type { Codec } from '../grammar/codec.js'
import { decode, decodePrefix, encode } from '../api.js'
import { formatError } from '../runtime/format.js'
import { arbitraryFrame, framesOf, type Frame } from './frame.js'
import { arbitraryMutation, mutate, truncations, type Mutation } from './mutate.js'
import { lengthFields, pointPastEnd } from './length-fields.js'
import { analysisOf } from '../analysis/index.js'
import type { ArbitraryOptions } from './options.js'
import { assertWellFormedDecodeError, assertWellFormedEncodeError } from './well-formed-error.js'
import { anyBytes, anyValue } from './any-input.js'
import { asPlainData } from './plain-data.js'

/**
 * Options of the ready-made properties: those of {@link arbitrary}, plus
 * how many runs fast-check makes and, optionally, the values to test.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import fc from 'fast-check'
 * import { struct, u8, u16be } from 'oxwire/combinators'
 * import { checkGrammar, type PropertyOptions } from 'oxwire/testing'
 * const header = struct({ id: u16be, flags: u8 })
 * // A seed replays a failure fast-check reported; `values` narrows what is tried.
 * const options: PropertyOptions<{ readonly id: number; readonly flags: number }> = { numRuns: 30, seed: 42, values: fc.record({ id: fc.constant(0xffff), flags: fc.nat(255) }) }
 * assert.doesNotThrow(() => checkGrammar(header, options))
 * ```
 * @category Testing
 */
export interface PropertyOptions<A = unknown> extends ArbitraryOptions {
  /** Runs per property (default 100). */
  readonly numRuns?: number
  /** Seed, to replay a failure fast-check reported. */
  readonly seed?: number
  /**
   * The values to test, instead of those {@link arbitrary} derives from the
   * grammar (then the other arbitrary options do not apply). Each must
   * encode: a test's own corner cases, or a narrower range it is about.
   */
  readonly values?: Arbitrary<A>
}

/**
 * A valid frame and how to damage it.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import fc from 'fast-check'
 * import { u8, varBytes } from 'oxwire/combinators'
 * import { grammarProperties, type DamagedFrame } from 'oxwire/testing'
 * const blob = varBytes(u8)
 * const damaged: DamagedFrame<Uint8Array> = { value: Uint8Array.of(9), bytes: Uint8Array.of(1, 9), mutation: { kind: 'truncate', length: 1 } }
 * // The corruption property holds for this case: the truncated frame is a typed error.
 * assert.doesNotThrow(() => fc.assert(grammarProperties(blob).corruption, { examples: [[damaged]], numRuns: 10 }))
 * ```
 * @category Testing
 */
export interface DamagedFrame<A> extends Frame<A> {
  /** The damage to apply to `bytes`. */
  readonly mutation: Mutation
}

/**
 * The named properties of a grammar, for `fc.assert` or any fast-check runner.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import fc from 'fast-check'
 * import { many, struct, u8, u16be, varBytes } from 'oxwire/combinators'
 * import { grammarProperties, type GrammarProperties } from 'oxwire/testing'
 * const properties: GrammarProperties<{ id: number; body: Uint8Array }> = grammarProperties(struct({ id: u16be, body: varBytes(u8) }))
 * fc.assert(properties.roundTrip, { numRuns: 30 })
 * if (properties.truncation !== undefined) fc.assert(properties.truncation, { numRuns: 30 })
 * // A grammar that ends with its input has no truncation law: a prefix may be a valid value.
 * assert.equal(grammarProperties(many(u8)).truncation, undefined)
 * ```
 * @category Testing
 */
export interface GrammarProperties<A> {
  /** value → bytes → value gives the value back (`Object.is` on numbers: -0 and NaN included). */
  readonly roundTrip: IProperty<[A]>
  /** bytes → value → bytes gives the bytes back: the encoding is canonical. */
  readonly bytesRoundTrip: IProperty<[Frame<A>]>
  /**
   * A damaged frame (byte change, truncation, inserted garbage, length field
   * pointed past the end) decodes to a typed error, or to a value that
   * encodes to exactly the damaged bytes (up to the payload bits of a NaN);
   * decoding never throws.
   */
  readonly corruption: IProperty<[DamagedFrame<A>]>
  /**
   * Every strict prefix of a frame is `incomplete`, by `decode` and by
   * `decodePrefix`, and any `needed` count is a true lower bound; undefined
   * for a grammar that does not say where it ends (`rest` or `many` outside
   * a region).
   */
  readonly truncation: IProperty<[Frame<A>]> | undefined
  /** Every length or count field pointed past the end of the input gives an error. */
  readonly lengthPastEnd: IProperty<[Frame<A>]>
  /**
   * Any bytes (random ones, and frames with a few bytes overwritten, cut or
   * extended) decode, by `decode` and by `decodePrefix`, to a well-formed
   * error (see {@link assertWellFormedDecodeError}) or to a value; never
   * throw; `decodePrefix` reads no more than it is given; and a value
   * `decode` returns encodes back to exactly those bytes (up to the payload
   * bits of a NaN).
   */
  readonly anyBytes: IProperty<[Uint8Array]>
  /**
   * Encoding any JavaScript value (valid ones, and anything at all: wrong
   * types, null prototypes, bigints, typed arrays) gives bytes or a
   * well-formed encode error; it never throws.
   */
  readonly anyValue: IProperty<[unknown]>
}

/**
 * The ready-made properties of a grammar, by name.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import fc from 'fast-check'
 * import { struct, u8, u16be } from 'oxwire/combinators'
 * import { grammarProperties } from 'oxwire/testing'
 * const { roundTrip, bytesRoundTrip, lengthPastEnd } = grammarProperties(struct({ id: u16be, count: u8 }))
 * for (const property of [roundTrip, bytesRoundTrip, lengthPastEnd]) assert.doesNotThrow(() => fc.assert(property as fc.IProperty<unknown[]>, { numRuns: 30 }))
 * ```
 * @category Testing
 */
export function grammarProperties<A>(grammar: Codec<A>, options: PropertyOptions<NoInfer<A>> = {}): GrammarProperties<A> {
  const frames = options.values === undefined ? arbitraryFrame(grammar, options) : framesOf(grammar, options.values)
  return {
    roundTrip: fc.property(frames.map((f) => f.value), (value) => roundTrip(grammar, value)),
    bytesRoundTrip: fc.property(frames, (frame) => bytesRoundTrip(grammar, frame.bytes)),
    corruption: fc.property(
      frames.chain((frame) => arbitraryMutation(grammar, frame.value, frame.bytes).map((mutation) => ({ ...frame, mutation }))),
      (damaged) => rejectsOrReencodes(grammar, mutate(grammar, damaged.value, damaged.bytes, damaged.mutation)),
    ),
    truncation: analysisOf(grammar).kind.selfDelimiting ? fc.property(frames, (frame) => truncations(frame.bytes).forEach((bytes) => incomplete(grammar, bytes, frame.bytes.length))) : undefined,
    lengthPastEnd: fc.property(frames, (frame) => {
      for (const field of lengthFields(grammar, frame.value)) {
        const bytes = pointPastEnd(frame.bytes, field)
        if (bytes !== undefined) rejects(grammar, bytes, `${field.kind} field at offset ${field.offset} pointed past the end`)
      }
    }),
    anyBytes: fc.property(anyBytes(frames), (bytes) => {
      const prefix = decodePrefix(grammar, bytes)
      if (prefix._tag === 'Left') assertWellFormedDecodeError(prefix.left, bytes)
      else if (prefix.right.bytesRead > bytes.length) throw new Error(`decodePrefix read ${prefix.right.bytesRead} of ${bytes.length} byte(s)`)
      rejectsOrReencodes(grammar, bytes)
    }),
    anyValue: fc.property(anyValue(frames.map((f) => f.value)), (value) => {
      const result = encode(grammar, value as A)
      if (result._tag === 'Left') assertWellFormedEncodeError(result.left)
    }),
  }
}

function runs<A>(options: PropertyOptions<A>): fc.Parameters<unknown> {
  // The failing check's own message (which law, which bytes) belongs in the report.
  return { numRuns: options.numRuns ?? 100, includeErrorInReport: true, ...(options.seed === undefined ? {} : { seed: options.seed }) }
}

/**
 * Asserts both round trips (value → bytes → value, bytes → value → bytes)
 * on random valid values; throws fast-check's report on failure.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { imap, u8 } from 'oxwire/combinators'
 * import { checkRoundTrip } from 'oxwire/testing'
 * import { telemetry } from 'oxwire/protocols'
 * assert.doesNotThrow(() => checkRoundTrip(telemetry, { numRuns: 30 }))
 * // A mapping whose two directions disagree fails the law, with fast-check's report.
 * const offByOne = imap(u8, (n) => n + 1, (v) => v)
 * assert.throws(() => checkRoundTrip(offByOne, { numRuns: 100 }))
 * ```
 * @category Testing
 */
export function checkRoundTrip<A>(grammar: Codec<A>, options: PropertyOptions<NoInfer<A>> = {}): void {
  const properties = grammarProperties(grammar, options)
  fc.assert(properties.roundTrip, runs(options))
  fc.assert(properties.bytesRoundTrip, runs(options))
}

/**
 * Asserts that damaged frames (byte changes, truncations, inserted garbage,
 * length fields pointed past the end) and random bytes give well-formed
 * errors, or values that re-encode to exactly the damaged bytes; that
 * decoding never throws; and that encoding any value gives bytes or a
 * well-formed error.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { checkRejectsCorruption } from 'oxwire/testing'
 * import { telemetry } from 'oxwire/protocols'
 * assert.doesNotThrow(() => checkRejectsCorruption(telemetry, { numRuns: 30 }))
 * ```
 * @category Testing
 */
export function checkRejectsCorruption<A>(grammar: Codec<A>, options: PropertyOptions<NoInfer<A>> = {}): void {
  const properties = grammarProperties(grammar, options)
  fc.assert(properties.corruption, runs(options))
  fc.assert(properties.lengthPastEnd, runs(options))
  fc.assert(properties.anyBytes, runs(options))
  fc.assert(properties.anyValue, runs(options))
}

/**
 * Asserts that every strict prefix of a valid frame is `incomplete`.
 * @throws Error when the grammar does not say where it ends (`rest` or
 *   `many` outside a sized region), for which the claim is false.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { rest, struct, u8 } from 'oxwire/combinators'
 * import { checkIncompleteOnTruncation } from 'oxwire/testing'
 * import { telemetry } from 'oxwire/protocols'
 * assert.doesNotThrow(() => checkIncompleteOnTruncation(telemetry, { numRuns: 30 }))
 * // `rest` ends with the input, so a prefix can be valid: the check refuses such a grammar.
 * assert.throws(() => checkIncompleteOnTruncation(struct({ kind: u8, data: rest })), /ends with the input/)
 * ```
 * @category Testing
 */
export function checkIncompleteOnTruncation<A>(grammar: Codec<A>, options: PropertyOptions<NoInfer<A>> = {}): void {
  const truncation = grammarProperties(grammar, options).truncation
  if (truncation === undefined) throw new Error('checkIncompleteOnTruncation: the grammar ends with the input (rest or many outside a region), so a prefix can be a valid value')
  fc.assert(truncation, runs(options))
}

/**
 * All the ready-made properties of a grammar, in one line: the law suite
 * (scodec's `CodecSuite` laws) our own combinator tests run. Round trips,
 * corruption, length fields past the end, any bytes, any value, and
 * truncation when the grammar says where it ends.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { range, struct, u8, u16be, varBytes } from 'oxwire/combinators'
 * import { checkGrammar } from 'oxwire/testing'
 * const reading = struct({ sensor: u16be, level: range(u8, 0, 100), note: varBytes(u8) })
 * assert.doesNotThrow(() => checkGrammar(reading, { numRuns: 50 }))
 * ```
 * @category Testing
 */
export function checkGrammar<A>(grammar: Codec<A>, options: PropertyOptions<NoInfer<A>> = {}): void {
  const properties = grammarProperties(grammar, options)
  for (const property of [properties.roundTrip, properties.bytesRoundTrip, properties.corruption, properties.lengthPastEnd, properties.anyBytes, properties.anyValue]) {
    fc.assert(property as IProperty<unknown[]>, runs(options))
  }
  if (properties.truncation !== undefined) fc.assert(properties.truncation, runs(options))
}

function roundTrip<A>(grammar: Codec<A>, value: A): void {
  const bytes = encode(grammar, value)
  if (bytes._tag === 'Left') throw new Error(`value does not encode: ${formatError(bytes.left)}`)
  const decoded = decode(grammar, bytes.right)
  if (decoded._tag === 'Left') throw new Error(`encoding does not decode: ${formatError(decoded.left, bytes.right)}`)
  if (!isDeepStrictEqual(decoded.right, asPlainData(value))) throw new Error(`decoded ${fc.stringify(decoded.right)}, encoded ${fc.stringify(value)}`)
}

function bytesRoundTrip<A>(grammar: Codec<A>, bytes: Uint8Array): void {
  const decoded = decode(grammar, bytes)
  if (decoded._tag === 'Left') throw new Error(`frame does not decode: ${formatError(decoded.left, bytes)}`)
  const again = encode(grammar, decoded.right)
  if (again._tag === 'Left') throw new Error(`decoded value does not encode: ${formatError(again.left)}`)
  if (!isDeepStrictEqual(again.right, bytes)) throw new Error(`re-encoding gives ${fc.stringify(again.right)}, not ${fc.stringify(bytes)}`)
}

// A throw from decode needs no wrapper: fast-check reports it as the
// property's failure, with the input that caused it.
function rejectsOrReencodes<A>(grammar: Codec<A>, bytes: Uint8Array): void {
  const decoded = decode(grammar, bytes)
  if (decoded._tag === 'Left') {
    assertWellFormedDecodeError(decoded.left, bytes)
    return
  }
  const again = encode(grammar, decoded.right)
  if (again._tag === 'Right' && isDeepStrictEqual(again.right, bytes)) return
  // A float NaN is read with whatever payload bits the damage left, and
  // written canonically: the same value, other bytes. That is allowed.
  if (again._tag === 'Right' && holdsNaN(decoded.right)) {
    const reread = decode(grammar, again.right)
    if (reread._tag === 'Right' && isDeepStrictEqual(reread.right, decoded.right)) return
  }
  throw new Error(`damaged frame ${fc.stringify(bytes)} decoded to ${fc.stringify(decoded.right)}, which does not encode back to it`)
}

function holdsNaN(value: unknown): boolean {
  if (typeof value === 'number') return Number.isNaN(value)
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return false
  return Object.values(value).some(holdsNaN)
}

function incomplete<A>(grammar: Codec<A>, bytes: Uint8Array, whole: number): void {
  for (const decoded of [decode(grammar, bytes), decodePrefix(grammar, bytes)]) {
    if (decoded._tag === 'Right' || decoded.left.kind !== 'incomplete') {
      throw new Error(`prefix of ${bytes.length} of ${whole} byte(s) gave ${fc.stringify(decoded)}, not incomplete`)
    }
    const needed = decoded.left.needed
    if (needed !== undefined && needed > whole - bytes.length) throw new Error(`prefix of ${bytes.length} of ${whole} byte(s) claims ${needed} more byte(s) are needed`)
  }
}

function rejects<A>(grammar: Codec<A>, bytes: Uint8Array, what: string): void {
  const decoded = decode(grammar, bytes)
  if (decoded._tag === 'Right') throw new Error(`${what}, yet the frame decoded to ${fc.stringify(decoded.right)}`)
}
