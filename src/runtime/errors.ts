/**
 * One step of the path from the root value to a failing field: a struct key
 * or an array index.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, type PathSegment } from 'oxwire'
 * import { array, range, struct, u8 } from 'oxwire/combinators'
 * const digits = struct({ items: array(2, range(u8, 0, 9)) })
 * const result = decode(digits, Uint8Array.of(1, 42))
 * assert.ok(result._tag === 'Left')
 * const path: readonly PathSegment[] = result.left.path
 * assert.deepEqual(path, ['items', 1])
 * ```
 * @category Errors
 */
export type PathSegment = string | number

/**
 * Fields every decode error carries.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, type DecodeErrorBase } from 'oxwire'
 * import { struct, u8, u16be } from 'oxwire/combinators'
 * const result = decode(struct({ kind: u8, length: u16be }), Uint8Array.of(1, 0))
 * assert.ok(result._tag === 'Left')
 * const { offset, path }: DecodeErrorBase = result.left
 * assert.deepEqual({ offset, path }, { offset: 1, path: ['length'] })
 * ```
 * @category Errors
 */
export interface DecodeErrorBase {
  /** Byte offset in the input where the problem was found. */
  readonly offset: number
  /** Struct keys and array indices from the root to the failing field. */
  readonly path: readonly PathSegment[]
  /** A sentence for people; programs should read the other fields. */
  readonly message: string
}

/**
 * The input ended before the grammar was complete. A stream decoder waits
 * for more bytes on this, and only on this.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, type IncompleteError } from 'oxwire'
 * import { u32be } from 'oxwire/combinators'
 * const result = decode(u32be, Uint8Array.of(1))
 * assert.ok(result._tag === 'Left' && result.left.kind === 'incomplete')
 * const error: IncompleteError = result.left
 * assert.equal(error.needed, 3)
 * ```
 * @category Errors
 */
export interface IncompleteError extends DecodeErrorBase {
  /** Discriminant. */
  readonly kind: 'incomplete'
  /** At least this many more bytes are needed, when known. */
  readonly needed: number | undefined
}

/**
 * A rule of the grammar was broken (wrong constant, unknown enumeration
 * code, out of range, bad UTF-8, region not used exactly, ...).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, type InvalidError } from 'oxwire'
 * import { constant, u8 } from 'oxwire/combinators'
 * const result = decode(constant(u8, 0x5a), Uint8Array.of(0x00))
 * assert.ok(result._tag === 'Left' && result.left.kind === 'invalid')
 * const error: InvalidError = result.left
 * assert.equal(error.offset, 0)
 * ```
 * @category Errors
 */
export interface InvalidError extends DecodeErrorBase {
  /** Discriminant. */
  readonly kind: 'invalid'
  /** What the grammar allows, when it can be said briefly. */
  readonly expected: string | undefined
  /** What the input held. */
  readonly found: string | undefined
}

/**
 * A checksum did not match the bytes it covers.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, type ChecksumError } from 'oxwire'
 * import { bytes, checksummed, sum8, u8 } from 'oxwire/combinators'
 * const result = decode(checksummed(bytes(2), sum8, u8), Uint8Array.of(1, 2, 0))
 * assert.ok(result._tag === 'Left' && result.left.kind === 'checksum')
 * const error: ChecksumError = result.left
 * assert.deepEqual([error.expected, error.found], [3, 0])
 * ```
 * @category Errors
 */
export interface ChecksumError extends DecodeErrorBase {
  /** Discriminant. */
  readonly kind: 'checksum'
  /** The algorithm's catalogue name. */
  readonly algorithm: string
  /** The checksum computed over the covered bytes. */
  readonly expected: number
  /** The checksum the input carried. */
  readonly found: number
}

/**
 * No alternative of a `oneOf` matched; each alternative's own error is kept.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, type NoMatchError } from 'oxwire'
 * import { constant, named, oneOf, u8 } from 'oxwire/combinators'
 * const either = oneOf(named('one', constant(u8, 1)), named('two', constant(u8, 2)))
 * const result = decode(either, Uint8Array.of(3))
 * assert.ok(result._tag === 'Left' && result.left.kind === 'no-match')
 * const error: NoMatchError = result.left
 * assert.deepEqual(error.alternatives.map((a) => a.name), ['one', 'two'])
 * ```
 * @category Errors
 */
export interface NoMatchError extends DecodeErrorBase {
  /** Discriminant. */
  readonly kind: 'no-match'
  /** Each alternative's name and why it did not match, in trial order. */
  readonly alternatives: readonly NoMatchAlternative[]
}

/**
 * One alternative of a failed `oneOf` and its own error.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, type NoMatchAlternative } from 'oxwire'
 * import { constant, named, oneOf, u8 } from 'oxwire/combinators'
 * const result = decode(oneOf(named('one', constant(u8, 1)), named('two', constant(u8, 2))), Uint8Array.of(3))
 * assert.ok(result._tag === 'Left' && result.left.kind === 'no-match')
 * const first: NoMatchAlternative | undefined = result.left.alternatives[0]
 * assert.equal(first?.error.kind, 'invalid')
 * ```
 * @category Errors
 */
export interface NoMatchAlternative {
  /** The alternative's name. */
  readonly name: string
  /** Why it did not match. */
  readonly error: DecodeError
}

/**
 * The grammar was complete but input bytes were left over.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, type TrailingError } from 'oxwire'
 * import { u8 } from 'oxwire/combinators'
 * const result = decode(u8, Uint8Array.of(1, 2, 3))
 * assert.ok(result._tag === 'Left' && result.left.kind === 'trailing')
 * const error: TrailingError = result.left
 * assert.deepEqual([error.offset, error.remaining], [1, 2])
 * ```
 * @category Errors
 */
export interface TrailingError extends DecodeErrorBase {
  /** Discriminant. */
  readonly kind: 'trailing'
  /** How many bytes were left. */
  readonly remaining: number
}

/**
 * Why decoding failed. `kind` tells "need more bytes" (`incomplete`) apart
 * from every kind of malformed input.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, type DecodeError } from 'oxwire'
 * import { u16be } from 'oxwire/combinators'
 * function why(error: DecodeError): string {
 *   return error.kind === 'incomplete' ? 'wait for more bytes' : 'drop the frame'
 * }
 * const result = decode(u16be, Uint8Array.of(1))
 * assert.ok(result._tag === 'Left')
 * assert.equal(why(result.left), 'wait for more bytes')
 * ```
 * @category Errors
 */
export type DecodeError = IncompleteError | InvalidError | ChecksumError | NoMatchError | TrailingError

/**
 * Why a value could not be encoded.
 * - `range`: a number outside what its field holds;
 * - `type`: a value of the wrong JavaScript type;
 * - `length`: a sequence or region of the wrong size, or too long for its prefix;
 * - `tag`: a name that no enumeration or union case knows;
 * - `invalid`: a refinement rejected the value.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, type EncodeError } from 'oxwire'
 * import { struct, u8 } from 'oxwire/combinators'
 * const result = encode(struct({ id: u8 }), { id: 300 })
 * assert.ok(result._tag === 'Left')
 * const error: EncodeError = result.left
 * assert.deepEqual([error.kind, error.path], ['range', ['id']])
 * ```
 * @category Errors
 */
export interface EncodeError {
  /** Discriminant. */
  readonly kind: 'range' | 'type' | 'length' | 'tag' | 'invalid'
  /** Struct keys and array indices from the root to the failing field. */
  readonly path: readonly PathSegment[]
  /** A sentence for people. */
  readonly message: string
}

/**
 * Tells whether an error is a decode error (as opposed to an encode error).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, isDecodeError } from 'oxwire'
 * import { u8 } from 'oxwire/combinators'
 * const decodeFailure = decode(u8, new Uint8Array(0))
 * const encodeFailure = encode(u8, -1)
 * assert.ok(decodeFailure._tag === 'Left' && isDecodeError(decodeFailure.left))
 * assert.ok(encodeFailure._tag === 'Left' && !isDecodeError(encodeFailure.left))
 * ```
 * @category Errors
 */
export function isDecodeError(error: DecodeError | EncodeError): error is DecodeError {
  return 'offset' in error
}
