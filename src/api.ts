import * as E from 'fp-ts/lib/Either.js'
import type { Either } from 'fp-ts/lib/Either.js'
import type { Codec } from './grammar/codec.js'
import type { Node } from './grammar/node.js'
import type { DecodeFn } from './interpret/decoder.js'
import { DecodeState } from './runtime/decode-state.js'
import { EncodeState } from './runtime/encode-state.js'
import type { DecodeError, EncodeError } from './runtime/errors.js'
import { decoderTier, encoderTier } from './compile/tiered.js'
import { showValue } from './interpret/show-value.js'
import { FAIL, statelessEnd, THREW } from './compile/runtime.js'

/**
 * A decoded value and how many input bytes it took.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodePrefix, isRight, type Decoded } from 'oxwire'
 * import { u8 } from 'oxwire/combinators'
 * const result = decodePrefix(u8, Uint8Array.of(7, 8))
 * assert.ok(isRight(result))
 * const decoded: Decoded<number> = result.right
 * assert.deepEqual(decoded, { value: 7, bytesRead: 1 })
 * ```
 * @category Core
 */
export interface Decoded<A> {
  /** The decoded value. */
  readonly value: A
  /** Bytes used from the start of the input. */
  readonly bytesRead: number
}

/**
 * Decodes a value from the start of `bytes`, allowing bytes after it.
 *
 * Byte fields of the result are views of `bytes`, not copies: copy them if
 * the input buffer will be reused.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodePrefix, right } from 'oxwire'
 * import { u16be } from 'oxwire/combinators'
 * assert.deepEqual(decodePrefix(u16be, Uint8Array.of(1, 2, 3)), right({ value: 258, bytesRead: 2 }))
 * const short = decodePrefix(u16be, Uint8Array.of(1))
 * assert.ok(short._tag === 'Left' && short.left.kind === 'incomplete')
 * ```
 * @category Core
 */
export function decodePrefix<A>(codec: Codec<A>, bytes: Uint8Array): Either<DecodeError, Decoded<A>> {
  const out = run(codec.node, bytes, false)
  if (!(out instanceof StatePath)) return E.right({ value: out as A, bytesRead: statelessEnd.pos })
  const { state, value } = out
  if (state.error !== undefined) return E.left(state.error)
  return E.right({ value: value as A, bytesRead: state.pos })
}

/**
 * Decodes a value that must use every byte of `bytes`; leftovers are an
 * error of kind `trailing`. Never throws on any input.
 *
 * A grammar runs on the interpreter for its first few uses and on
 * generated code after (cached per grammar), with the same results; see
 * `compile` to generate it ahead of time and `interpreted` to never do.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { u16be } from 'oxwire/combinators'
 * assert.deepEqual(decode(u16be, Uint8Array.of(1, 2)), right(258))
 * const extra = decode(u16be, Uint8Array.of(1, 2, 3))
 * assert.ok(extra._tag === 'Left' && extra.left.kind === 'trailing' && extra.left.remaining === 1)
 * const short = decode(u16be, Uint8Array.of(1))
 * assert.ok(short._tag === 'Left' && short.left.kind === 'incomplete' && short.left.needed === 1)
 * ```
 * @category Core
 */
export function decode<A>(codec: Codec<A>, bytes: Uint8Array): Either<DecodeError, A> {
  const out = run(codec.node, bytes, true)
  if (!(out instanceof StatePath)) return E.right(out as A)
  const { state, value } = out
  if (state.error !== undefined) return E.left(state.error)
  if (state.pos !== bytes.length) {
    const remaining = bytes.length - state.pos
    return E.left({ kind: 'trailing', offset: state.pos, path: [], message: `${remaining} byte(s) left after the value`, remaining })
  }
  return E.right(value as A)
}

/** What the decoder over a state left: its state (error, end) and value. */
class StatePath {
  constructor(
    readonly state: DecodeState,
    readonly value: unknown,
  ) {}
}

/**
 * The default path of `decode` (`whole`) and `decodePrefix`: generated
 * code first, without a state, giving the value (its end in
 * `statelessEnd.pos`); on any failure, or bytes left over where `whole`,
 * the interpreter runs over a state and makes the error, exactly as where
 * nothing is compiled. Before promotion, the tier's function over a state.
 */
function run(node: Node, bytes: Uint8Array, whole: boolean): unknown {
  const tier = decoderTier(node)
  const stateless = tier.nextStateless()
  let decodeFn: DecodeFn
  if (stateless === undefined) decodeFn = tier.current
  else {
    const value = stateless(bytes, 0, bytes.length)
    if (value !== FAIL && value !== THREW && (!whole || statelessEnd.pos === bytes.length)) return value
    decodeFn = tier.fallback
  }
  const state = new DecodeState(bytes)
  return new StatePath(state, decodeFn(state))
}

// Encoding reuses buffers; a pool (not one shared buffer) keeps it correct
// when a user's mapping function encodes something itself.
const pool: EncodeState[] = []

/**
 * Encodes a value; derived fields (constants, lengths, counts, tags,
 * checksums) are computed. The result is a fresh array that the caller owns.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { u16be } from 'oxwire/combinators'
 * assert.deepEqual(encode(u16be, 258), right(Uint8Array.of(1, 2)))
 * const tooBig = encode(u16be, 70000)
 * assert.ok(tooBig._tag === 'Left' && tooBig.left.kind === 'range')
 * assert.deepEqual(tooBig.left.path, [])
 * ```
 * @category Core
 */
export function encode<A>(codec: Codec<A>, value: A): Either<EncodeError, Uint8Array> {
  const state = pool.pop() ?? new EncodeState()
  state.reset()
  try {
    encoderTier(codec.node).next()(state, value)
  } catch (thrown) {
    // The value is the caller's and may be anything, e.g. an object whose
    // getters throw: encode still answers with an Either.
    state.fail('invalid', `encoding threw: ${showValue(thrown)}`)
  }
  const error = state.error
  const result = error === undefined ? state.bytes.slice(0, state.pos) : undefined
  pool.push(state)
  return result === undefined ? E.left(error as EncodeError) : E.right(result)
}
