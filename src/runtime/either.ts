import * as E from 'fp-ts/lib/Either.js'

/**
 * The result of `decode`, `decodePrefix` and `encode`: fp-ts's `Either`,
 * re-exported so that code using oxwire needs no import of fp-ts of its own
 * (a strict package manager hides a dependency's dependencies).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, isRight, type Either, type DecodeError } from 'oxwire'
 * import { u8 } from 'oxwire/combinators'
 * const result: Either<DecodeError, number> = decode(u8, Uint8Array.of(7))
 * assert.ok(isRight(result) && result.right === 7)
 * ```
 * @category Results
 */
export type Either<L, R> = E.Either<L, R>

/**
 * True when a result is a success (`right`), narrowing it.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, isRight } from 'oxwire'
 * import { u16be } from 'oxwire/combinators'
 * const result = decode(u16be, Uint8Array.of(1, 2))
 * assert.ok(isRight(result))
 * assert.equal(result.right, 258)
 * ```
 * @category Results
 */
export const isRight: <L, R>(result: Either<L, R>) => result is E.Right<R> = E.isRight

/**
 * True when a result is a failure (`left`), narrowing it.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, isLeft } from 'oxwire'
 * import { u16be } from 'oxwire/combinators'
 * const result = decode(u16be, Uint8Array.of(1))
 * assert.ok(isLeft(result))
 * assert.equal(result.left.kind, 'incomplete')
 * ```
 * @category Results
 */
export const isLeft: <L, R>(result: Either<L, R>) => result is E.Left<L> = E.isLeft

/**
 * A success, as `decode` returns it; for comparing results in tests.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { u8 } from 'oxwire/combinators'
 * assert.deepEqual(decode(u8, Uint8Array.of(255)), right(255))
 * ```
 * @category Results
 */
export const right: <L = never, R = never>(value: R) => Either<L, R> = E.right

/**
 * A failure, as `decode` returns it.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { isLeft, left } from 'oxwire'
 * assert.ok(isLeft(left('no')))
 * ```
 * @category Results
 */
export const left: <L = never, R = never>(error: L) => Either<L, R> = E.left
