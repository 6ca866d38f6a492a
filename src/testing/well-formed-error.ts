import type { DecodeError, EncodeError } from '../runtime/errors.js'

const decodeErrorKinds: ReadonlySet<string> = new Set<DecodeError['kind']>(['incomplete', 'invalid', 'checksum', 'no-match', 'trailing'])
const encodeErrorKinds: ReadonlySet<string> = new Set<EncodeError['kind']>(['range', 'type', 'length', 'tag', 'invalid'])

/**
 * Asserts the shape every decode error of `input` must have: a known
 * `kind`, an `offset` within the input, a `path` array, a message, a
 * positive whole `needed` when an `incomplete` error gives one; and the
 * same, recursively, for each alternative of a `no-match`.
 * @throws Error naming what is malformed.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, isLeft } from 'oxwire'
 * import { u16be } from 'oxwire/combinators'
 * import { assertWellFormedDecodeError } from 'oxwire/testing'
 * const input = Uint8Array.of(1)
 * const result = decode(u16be, input)
 * assert.ok(isLeft(result))
 * assertWellFormedDecodeError(result.left, input) // passes: incomplete at offset 0
 * assert.throws(() => assertWellFormedDecodeError({ ...result.left, offset: 9 }, input), /offset 9/)
 * ```
 * @category Testing
 */
export function assertWellFormedDecodeError(error: DecodeError, input: Uint8Array): void {
  const fail = (what: string): never => {
    throw new Error(`malformed decode error (${what}): ${safeJson(error)}`)
  }
  if (!decodeErrorKinds.has(error.kind)) fail(`unknown kind ${String(error.kind)}`)
  if (!Number.isInteger(error.offset) || error.offset < 0 || error.offset > input.length) fail(`offset ${error.offset} outside an input of ${input.length} byte(s)`)
  if (!Array.isArray(error.path)) fail('path is not an array')
  if (typeof error.message !== 'string' || error.message.length === 0) fail('no message')
  if (error.kind === 'incomplete' && error.needed !== undefined && !(Number.isInteger(error.needed) && error.needed > 0)) fail(`needed ${error.needed}`)
  if (error.kind === 'no-match') for (const alternative of error.alternatives) assertWellFormedDecodeError(alternative.error, input)
}

/**
 * Asserts the shape every encode error must have: a known `kind`, a `path`
 * array and a message.
 * @throws Error naming what is malformed.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, isLeft } from 'oxwire'
 * import { u8 } from 'oxwire/combinators'
 * import { assertWellFormedEncodeError } from 'oxwire/testing'
 * const result = encode(u8, 300)
 * assert.ok(isLeft(result))
 * assertWellFormedEncodeError(result.left) // passes: a range error
 * assert.throws(() => assertWellFormedEncodeError({ ...result.left, message: '' }), /no message/)
 * ```
 * @category Testing
 */
export function assertWellFormedEncodeError(error: EncodeError): void {
  const fail = (what: string): never => {
    throw new Error(`malformed encode error (${what}): ${safeJson(error)}`)
  }
  if (!encodeErrorKinds.has(error.kind)) fail(`unknown kind ${String(error.kind)}`)
  if (!Array.isArray(error.path)) fail('path is not an array')
  if (typeof error.message !== 'string' || error.message.length === 0) fail('no message')
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))
  } catch {
    return String(value)
  }
}
