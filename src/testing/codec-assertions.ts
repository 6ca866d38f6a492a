/**
 * Assertions on exact examples, after scodec's `CodecSuite` (`roundtrip`,
 * `shouldDecodeFullyTo`, `encodeError`): each states one claim about one
 * value or one input and throws an `AssertionError` (from node:assert)
 * that prints the bytes and the formatted error when it does not hold, so
 * they work under any test runner.
 */
import assert from 'node:assert/strict'
import type { Codec } from '../grammar/codec.js'
import { decode, decodePrefix, encode } from '../api.js'
import type { Either } from '../runtime/either.js'
import type { DecodeError, EncodeError, PathSegment } from '../runtime/errors.js'
import { formatError } from '../runtime/format.js'
import { fromHex, toHex } from './hex.js'
import { asPlainData } from './plain-data.js'
import { assertWellFormedDecodeError, assertWellFormedEncodeError } from './well-formed-error.js'

/**
 * Bytes, or hex text as {@link fromHex} reads it.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u16be } from 'oxwire/combinators'
 * import { assertDecodesTo, type BytesLike } from 'oxwire/testing'
 * const inputs: BytesLike[] = ['01 02', Uint8Array.of(1, 2)]
 * for (const input of inputs) assertDecodesTo(u16be, input, 0x0102)
 * assert.equal(inputs.length, 2)
 * ```
 * @category Testing
 */
export type BytesLike = string | Uint8Array

const asBytes = (input: BytesLike): Uint8Array => (typeof input === 'string' ? fromHex(input) : input)

function rightOf<R>(result: Either<DecodeError | EncodeError, R>, what: string, input?: Uint8Array): R {
  if (result._tag === 'Left') assert.fail(`${what} failed:\n${formatError(result.left, input)}`)
  return result.right
}

/**
 * Asserts that `value` encodes (to exactly `expected` when given), that the
 * bytes decode back to a deeply equal value (`-0` and `0` differ, NaN
 * equals NaN; a null-prototype object equals the plain one decoding gives), and that `decodePrefix` reports every byte read even when
 * more bytes follow. Returns the encoding.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { struct, u8, u16be } from 'oxwire/combinators'
 * import { assertRoundTrip } from 'oxwire/testing'
 * const point = struct({ x: u16be, y: u8 })
 * assert.deepEqual(assertRoundTrip(point, { x: 258, y: 3 }, '01 02 | 03'), Uint8Array.of(1, 2, 3))
 * assert.throws(() => assertRoundTrip(point, { x: 258, y: 3 }, '01 02 | 04'))
 * ```
 * @category Testing
 */
export function assertRoundTrip<A>(grammar: Codec<A>, value: NoInfer<A>, expected?: BytesLike): Uint8Array {
  const bytes = rightOf(encode(grammar, value), 'encode')
  if (expected !== undefined) assert.equal(toHex(bytes), toHex(asBytes(expected)), 'encoding')
  assert.deepStrictEqual(rightOf(decode(grammar, bytes), 'decode', bytes), asPlainData(value))
  const padded = new Uint8Array(bytes.length + 1)
  padded.set(bytes)
  padded[bytes.length] = 0xee
  const prefix = decodePrefix(grammar, padded)
  // A grammar that reads to the end of its input takes the extra byte too.
  if (prefix._tag === 'Right' && prefix.right.bytesRead === bytes.length) assert.deepStrictEqual(prefix.right.value, asPlainData(value))
  else assert.equal(rightOf(decodePrefix(grammar, bytes), 'decodePrefix', bytes).bytesRead, bytes.length, 'bytes read by decodePrefix')
  return bytes
}

/**
 * Asserts that `input` decodes fully (every byte read, by `decode` and by
 * `decodePrefix`) to a value deeply equal to `value`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u16le } from 'oxwire/combinators'
 * import { assertDecodesTo } from 'oxwire/testing'
 * assertDecodesTo(u16le, '34 12', 0x1234)
 * assert.throws(() => assertDecodesTo(u16le, '34 12 00', 0x1234), /trailing/)
 * ```
 * @category Testing
 */
export function assertDecodesTo<A>(grammar: Codec<A>, input: BytesLike, value: NoInfer<A>): void {
  const bytes = asBytes(input)
  assert.deepStrictEqual(rightOf(decode(grammar, bytes), 'decode', bytes), asPlainData(value))
  assert.equal(rightOf(decodePrefix(grammar, bytes), 'decodePrefix', bytes).bytesRead, bytes.length, 'bytes read by decodePrefix')
}

/**
 * Asserts that `value` encodes to exactly `expected`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u32be } from 'oxwire/combinators'
 * import { assertEncodesTo } from 'oxwire/testing'
 * assertEncodesTo(u32be, 1, '00 00 00 01')
 * assert.throws(() => assertEncodesTo(u32be, 1, '01 00 00 00'))
 * ```
 * @category Testing
 */
export function assertEncodesTo<A>(grammar: Codec<A>, value: NoInfer<A>, expected: BytesLike): void {
  assert.equal(toHex(rightOf(encode(grammar, value), 'encode')), toHex(asBytes(expected)), 'encoding')
}

/**
 * Asserts that encoding `value` (any value: the point is often one of the
 * wrong type) fails with an error of `kind`, at `path` when given, that is
 * well formed. Returns the error for further checks.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { struct, u8 } from 'oxwire/combinators'
 * import { assertEncodeFails } from 'oxwire/testing'
 * const error = assertEncodeFails(struct({ n: u8 }), { n: 256 }, 'range', ['n'])
 * assert.match(error.message, /255/)
 * ```
 * @category Testing
 */
export function assertEncodeFails<A>(grammar: Codec<A>, value: unknown, kind: EncodeError['kind'], path?: readonly PathSegment[]): EncodeError {
  const result = encode(grammar, value as A)
  if (result._tag === 'Right') assert.fail(`expected encode to fail with ${kind}, got ${toHex(result.right)}`)
  assert.equal(result.left.kind, kind, result.left.message)
  if (path !== undefined) assert.deepStrictEqual(result.left.path, path)
  assertWellFormedEncodeError(result.left)
  return result.left
}

/**
 * What a failing decode is expected to report; only the given fields are
 * compared (`needed: undefined` claims that no count is given).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u32be } from 'oxwire/combinators'
 * import { assertDecodeFails, type ExpectedDecodeError } from 'oxwire/testing'
 * const short: ExpectedDecodeError = { kind: 'incomplete', offset: 0, needed: 2 }
 * assert.equal(assertDecodeFails(u32be, '00 01', short).kind, 'incomplete')
 * ```
 * @category Testing
 */
export interface ExpectedDecodeError {
  /** The error's kind. */
  readonly kind: DecodeError['kind']
  /** Byte offset of the error in the input. */
  readonly offset?: number
  /** Field path of the error. */
  readonly path?: readonly PathSegment[]
  /** How many more bytes an `incomplete` error says are needed (`undefined`: not known). */
  readonly needed?: number | undefined
}

/**
 * Asserts that decoding `input` fails as `expected` (with `decode`, or with
 * `decodePrefix` when `prefix` is true) and that the error is well formed.
 * Returns the error for checks of its kind's own fields.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { constant, struct, u8 } from 'oxwire/combinators'
 * import { assertDecodeFails } from 'oxwire/testing'
 * const frame = struct({ magic: constant(u8, 0x5a), n: u8 })
 * assertDecodeFails(frame, '5b 01', { kind: 'invalid', offset: 0, path: ['magic'] })
 * assertDecodeFails(frame, '5a 01 02', { kind: 'trailing', offset: 2 })
 * assert.equal(assertDecodeFails(frame, '5a 01 02', { kind: 'trailing' }, { prefix: false }).offset, 2)
 * assert.throws(() => assertDecodeFails(frame, '5a 01 02', { kind: 'trailing' }, { prefix: true }))
 * ```
 * @category Testing
 */
export function assertDecodeFails<A>(grammar: Codec<A>, input: BytesLike, expected: ExpectedDecodeError, options: { readonly prefix?: boolean } = {}): DecodeError {
  const bytes = asBytes(input)
  const result = options.prefix === true ? decodePrefix(grammar, bytes) : decode(grammar, bytes)
  if (result._tag === 'Right') assert.fail(`expected decode of ${toHex(bytes)} to fail with ${expected.kind}`)
  const error = result.left
  const report = formatError(error, bytes)
  assert.equal(error.kind, expected.kind, report)
  if (expected.offset !== undefined) assert.equal(error.offset, expected.offset, report)
  if (expected.path !== undefined) assert.deepStrictEqual(error.path, expected.path, report)
  if ('needed' in expected) assert.equal(error.kind === 'incomplete' ? error.needed : 'not incomplete', expected.needed, report)
  assertWellFormedDecodeError(error, bytes)
  return error
}
