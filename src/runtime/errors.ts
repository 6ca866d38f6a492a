/**
 * One step of the path from the root value to a failing field: a struct key
 * or an array index.
 * @category Errors
 */
export type PathSegment = string | number

/** Fields every decode error carries. @category Errors */
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
 * @category Errors
 */
export interface NoMatchError extends DecodeErrorBase {
  /** Discriminant. */
  readonly kind: 'no-match'
  /** Each alternative's name and why it did not match, in trial order. */
  readonly alternatives: readonly NoMatchAlternative[]
}

/** One alternative of a failed `oneOf` and its own error. @category Errors */
export interface NoMatchAlternative {
  /** The alternative's name. */
  readonly name: string
  /** Why it did not match. */
  readonly error: DecodeError
}

/**
 * The grammar was complete but input bytes were left over.
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
 * @category Errors
 */
export function isDecodeError(error: DecodeError | EncodeError): error is DecodeError {
  return 'offset' in error
}
