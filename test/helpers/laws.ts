/**
 * The shared codec test helper (after scodec's `roundtrip` and construct's
 * `common.py`): exact-bytes round trips, expected failures, and the four
 * fast-check laws every codec must keep.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { expect } from 'vitest'
import type { Codec } from '../../src/grammar/codec.js'
import { decode, decodePrefix, encode } from '../../src/api.js'
import type { DecodeError, EncodeError, PathSegment } from '../../src/runtime/errors.js'
import { formatError } from '../../src/runtime/format.js'

/**
 * Bytes from hex text; spaces, newlines and `|` separators are ignored so
 * fixtures can be laid out by field: `fromHex('5a a5 | 01 | 02')`.
 */
export function fromHex(text: string): Uint8Array {
  const digits = text.replace(/[\s|]/g, '')
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`fromHex: not whole hex bytes: ${text}`)
  const out = new Uint8Array(digits.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16)
  return out
}

/** Bytes as lower-case hex pairs separated by spaces. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')
}

type BytesLike = string | Uint8Array
const asBytes = (input: BytesLike): Uint8Array => (typeof input === 'string' ? fromHex(input) : input)

function rightOf<L, R>(result: E.Either<L, R>, what: string, input?: Uint8Array): R {
  if (E.isLeft(result)) {
    const left = result.left as unknown as DecodeError | EncodeError
    throw new Error(`${what} failed:\n${formatError(left, input)}`)
  }
  return result.right
}

/** Encodes `value`, failing the test with a readable error if it cannot. */
export function encoded<A>(codec: Codec<A>, value: NoInfer<A>): Uint8Array {
  return rightOf(encode(codec, value), 'encode')
}

/**
 * The basic two-way check: `value` encodes (to exactly `expectedHex` when
 * given), the bytes decode back to an equal value (`toEqual`, which tells
 * -0 from 0 and treats NaN as equal to NaN), and `decodePrefix` reports
 * every byte read even when more bytes follow. Returns the encoding.
 */
export function roundtrip<A>(codec: Codec<A>, value: NoInfer<A>, expectedHex?: BytesLike): Uint8Array {
  const bytes = encoded(codec, value)
  if (expectedHex !== undefined) expect(toHex(bytes)).toBe(toHex(asBytes(expectedHex)))
  expect(rightOf(decode(codec, bytes), 'decode', bytes)).toEqual(value)
  const padded = new Uint8Array(bytes.length + 1)
  padded.set(bytes)
  padded[bytes.length] = 0xee
  const prefix = decodePrefix(codec, padded)
  // A codec that reads to the end of its region takes the extra byte too.
  if (E.isRight(prefix) && prefix.right.bytesRead === bytes.length) expect(prefix.right.value).toEqual(value)
  else expect(rightOf(decodePrefix(codec, bytes), 'decodePrefix', bytes).bytesRead).toBe(bytes.length)
  return bytes
}

/** `input` decodes fully to `value`, and re-encodes to the same bytes. */
export function decodesTo<A>(codec: Codec<A>, input: BytesLike, value: NoInfer<A>): void {
  const bytes = asBytes(input)
  expect(rightOf(decode(codec, bytes), 'decode', bytes)).toEqual(value)
  expect(rightOf(decodePrefix(codec, bytes), 'decodePrefix', bytes).bytesRead).toBe(bytes.length)
}

/** `value` encodes to exactly `expectedHex`. */
export function encodesTo<A>(codec: Codec<A>, value: NoInfer<A>, expectedHex: BytesLike): void {
  expect(toHex(encoded(codec, value))).toBe(toHex(asBytes(expectedHex)))
}

/** Encoding `value` fails with `kind` (and at `path` when given). Returns the error. */
export function encodeFails<A>(codec: Codec<A>, value: unknown, kind: EncodeError['kind'], path?: readonly PathSegment[]): EncodeError {
  const result = encode(codec, value as A)
  if (E.isRight(result)) throw new Error(`expected encode to fail with ${kind}, got ${toHex(result.right)}`)
  expect(result.left.kind, result.left.message).toBe(kind)
  if (path !== undefined) expect(result.left.path).toEqual(path)
  expect(result.left.message.length).toBeGreaterThan(0)
  return result.left
}

/** What a failing decode is expected to report; only the given fields are compared. */
export type ExpectedDecodeError = { readonly kind: DecodeError['kind'] } & Partial<{ readonly offset: number; readonly path: readonly PathSegment[]; readonly needed: number | undefined }>

/**
 * Decoding `input` fails as `expected` (by default with {@link decode};
 * pass `prefix: true` to use {@link decodePrefix}). Returns the error so
 * the caller can check kind-specific fields.
 */
export function decodeFails<A>(codec: Codec<A>, input: BytesLike, expected: ExpectedDecodeError, options: { readonly prefix?: boolean } = {}): DecodeError {
  const bytes = asBytes(input)
  const result: E.Either<DecodeError, unknown> = options.prefix === true ? decodePrefix(codec, bytes) : decode(codec, bytes)
  if (E.isRight(result)) throw new Error(`expected decode of ${toHex(bytes)} to fail with ${expected.kind}`)
  const error = result.left
  expect(error.kind, formatError(error, bytes)).toBe(expected.kind)
  if (expected.offset !== undefined) expect(error.offset, formatError(error, bytes)).toBe(expected.offset)
  if (expected.path !== undefined) expect(error.path, formatError(error, bytes)).toEqual(expected.path)
  if ('needed' in expected) expect(error.kind === 'incomplete' ? error.needed : 'not incomplete').toBe(expected.needed)
  expect(error.message.length).toBeGreaterThan(0)
  return error
}

/** Options of the law runners. */
export interface LawOptions<A> {
  /** Runs per property (default 100). */
  readonly numRuns?: number
  /**
   * Whether a strict prefix of an encoding must be `incomplete` (default
   * true). False for grammars that end by reading to the end of the input
   * (`rest`, `many` at top level), where a prefix is a shorter valid value.
   */
  readonly prefixes?: boolean
  /**
   * Values whose decoded bytes need not re-encode identically (NaN, whose
   * payload bits may change); the re-encode law skips inputs decoding to them.
   */
  readonly nonCanonical?: (value: A) => boolean
}

// Modest: every combinator runs four laws, and the suite shares two cores.
const DEFAULT_RUNS = 100

const DECODE_KINDS = new Set(['incomplete', 'invalid', 'checksum', 'no-match', 'trailing'])
const ENCODE_KINDS = new Set(['range', 'type', 'length', 'tag', 'invalid'])

/** Checks the shape every decode error must have, recursively through no-match. */
export function checkDecodeError(error: DecodeError, input: Uint8Array): void {
  expect(DECODE_KINDS.has(error.kind), error.kind).toBe(true)
  expect(Number.isInteger(error.offset) && error.offset >= 0 && error.offset <= input.length, `offset ${error.offset} of ${input.length}`).toBe(true)
  expect(Array.isArray(error.path)).toBe(true)
  expect(typeof error.message).toBe('string')
  if (error.kind === 'incomplete' && error.needed !== undefined) expect(Number.isInteger(error.needed) && error.needed > 0, `needed ${error.needed}`).toBe(true)
  if (error.kind === 'no-match') for (const alt of error.alternatives) checkDecodeError(alt.error, input)
}

/** Law 1: `decode(encode(x))` equals `x`, with every byte used. */
export function decodeAfterEncodeLaw<A>(codec: Codec<A>, values: fc.Arbitrary<A>, options: LawOptions<A> = {}): void {
  fc.assert(
    fc.property(values, (value) => {
      const bytes = encoded(codec, value)
      expect(rightOf(decode(codec, bytes), 'decode', bytes)).toEqual(value)
    }),
    { numRuns: options.numRuns ?? DEFAULT_RUNS },
  )
}

/**
 * Inputs for the byte-side laws: random bytes, and valid encodings with a
 * few bytes overwritten (random bytes alone rarely get past a magic number).
 */
function candidateBytes<A>(codec: Codec<A>, values: fc.Arbitrary<A>): fc.Arbitrary<Uint8Array> {
  const mutated = fc
    .tuple(values, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }), fc.nat())
    .map(([value, edits, cut]) => {
      const result = encode(codec, value)
      const bytes = E.isRight(result) ? result.right.slice() : new Uint8Array(0)
      for (const [at, b] of edits) if (bytes.length > 0) bytes[at % bytes.length] = b
      // Sometimes also cut or extend, to reach length and trailing checks.
      if (cut % 4 === 0) return bytes.subarray(0, cut % (bytes.length + 1))
      if (cut % 4 === 1) return Uint8Array.of(...bytes, cut % 256)
      return bytes
    })
  return fc.oneof(fc.uint8Array({ maxLength: 48 }), mutated)
}

/** Law 2: for every `b` that decodes, `encode(decode(b))` equals `b`. */
export function encodeAfterDecodeLaw<A>(codec: Codec<A>, values: fc.Arbitrary<A>, options: LawOptions<A> = {}): void {
  fc.assert(
    fc.property(candidateBytes(codec, values), (bytes) => {
      const result = decode(codec, bytes)
      if (E.isLeft(result)) return
      if (options.nonCanonical?.(result.right) === true) return
      expect(toHex(encoded(codec, result.right))).toBe(toHex(bytes))
    }),
    { numRuns: options.numRuns ?? DEFAULT_RUNS },
  )
}

// Cut points checked per encoding: all of them for short ones, a spread for
// long ones (the byte-level decoders are the same at every offset).
const MAX_CUTS = 24

/**
 * Law 3: every strict prefix of a valid encoding is `incomplete`, never a
 * malformed packet, and any `needed` it reports is a true lower bound.
 * Long encodings are checked at a sample of cut points.
 */
export function prefixIncompleteLaw<A>(codec: Codec<A>, values: fc.Arbitrary<A>, options: LawOptions<A> = {}): void {
  fc.assert(
    fc.property(values, (value) => {
      const bytes = encoded(codec, value)
      const cuts = Math.min(bytes.length, MAX_CUTS)
      for (let i = 0; i < cuts; i++) {
        const cut = bytes.length <= MAX_CUTS ? i : Math.floor((i * bytes.length) / cuts)
        const part = bytes.slice(0, cut)
        const results: E.Either<DecodeError, unknown>[] = [decode(codec, part), decodePrefix(codec, part)]
        for (const result of results) {
          if (E.isRight(result)) throw new Error(`prefix of ${cut} byte(s) of ${toHex(bytes)} decoded`)
          const error = result.left
          expect(error.kind, `prefix of ${cut}/${bytes.length}: ${formatError(error, part)}`).toBe('incomplete')
          if (error.kind === 'incomplete' && error.needed !== undefined) {
            expect(error.needed, `prefix of ${cut}/${bytes.length}`).toBeLessThanOrEqual(bytes.length - cut)
          }
        }
      }
    }),
    { numRuns: options.numRuns ?? DEFAULT_RUNS },
  )
}

/**
 * Law 4: decoding any bytes returns an Either (it never throws) with a
 * well-formed error or a value; `bytesRead` stays within the input; and
 * encoding any JavaScript value returns an Either too.
 */
export function totalityLaw<A>(codec: Codec<A>, values: fc.Arbitrary<A>, options: LawOptions<A> = {}): void {
  fc.assert(
    fc.property(candidateBytes(codec, values), (bytes) => {
      const full = decode(codec, bytes)
      if (E.isLeft(full)) checkDecodeError(full.left, bytes)
      const prefix = decodePrefix(codec, bytes)
      if (E.isLeft(prefix)) checkDecodeError(prefix.left, bytes)
      else expect(prefix.right.bytesRead).toBeLessThanOrEqual(bytes.length)
    }),
    { numRuns: options.numRuns ?? DEFAULT_RUNS },
  )
  fc.assert(
    fc.property(fc.oneof(fc.anything({ maxDepth: 2, withNullPrototype: true, withBigInt: true, withTypedArray: true }), values as fc.Arbitrary<unknown>), (value) => {
      const result = encode(codec, value as A)
      if (E.isLeft(result)) expect(ENCODE_KINDS.has(result.left.kind)).toBe(true)
    }),
    { numRuns: options.numRuns ?? DEFAULT_RUNS },
  )
}

/** All four laws; call inside a test. */
export function codecLaws<A>(codec: Codec<A>, values: fc.Arbitrary<A>, options: LawOptions<A> = {}): void {
  decodeAfterEncodeLaw(codec, values, options)
  encodeAfterDecodeLaw(codec, values, options)
  if (options.prefixes !== false) prefixIncompleteLaw(codec, values, options)
  totalityLaw(codec, values, options)
}
