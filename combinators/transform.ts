import { codec, type Codec } from '../src/grammar/codec.js'
import { requireCodec, requireFunction, requireString, requireValueOf } from './validate.js'

/**
 * A two-way transformation: `decode` turns the inner value into the outer
 * one, `encode` turns it back. They must be inverses for round trips to hold.
 * An exception thrown by either becomes a typed error, never a throw.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { i16le, imap } from 'oxwire/combinators'
 * const celsius = imap(i16le, (hundredths) => hundredths / 100, (c) => Math.round(c * 100))
 * assert.deepEqual(decode(celsius, Uint8Array.of(0x0a, 0x09)), right(23.14))
 * assert.deepEqual(encode(celsius, -0.5), right(Uint8Array.of(0xce, 0xff)))
 * ```
 * @category Transform
 */
export function imap<A, B>(inner: Codec<A>, decode: (a: A) => B, encode: (b: B) => A): Codec<B> {
  requireCodec('imap', 'inner', inner)
  requireFunction('imap', 'decode', decode)
  requireFunction('imap', 'encode', encode)
  return codec({ tag: 'map', inner, decode: decode as (v: unknown) => unknown, encode: encode as (v: unknown) => unknown })
}

/**
 * The same as {@link imap}: a map over a codec has to know its way back.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { map, u8 } from 'oxwire/combinators'
 * const percent = map(u8, (n) => n / 100, (p) => Math.round(p * 100))
 * assert.deepEqual(decode(percent, Uint8Array.of(25)), right(0.25))
 * ```
 * @category Transform
 */
export const map: typeof imap = imap

/**
 * Accepts only values for which `check` holds, on decode (`invalid` error)
 * and on encode (`invalid` error), with `message` saying what is required.
 * A type guard narrows the value type.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { refine, u8 } from 'oxwire/combinators'
 * const even = refine(u8, (n) => n % 2 === 0, 'must be even')
 * assert.deepEqual(decode(even, Uint8Array.of(4)), right(4))
 * const odd = decode(even, Uint8Array.of(3))
 * assert.ok(odd._tag === 'Left' && odd.left.kind === 'invalid' && odd.left.message === 'must be even')
 * ```
 * @category Transform
 */
export function refine<A, B extends A>(inner: Codec<A>, check: (a: A) => a is B, message: string): Codec<B>
export function refine<A>(inner: Codec<A>, check: (a: A) => boolean, message: string): Codec<A>
export function refine<A>(inner: Codec<A>, check: (a: A) => boolean, message: string): Codec<A> {
  requireCodec('refine', 'inner', inner)
  requireFunction('refine', 'check', check)
  requireString('refine', 'message', message)
  return codec({ tag: 'refine', inner, check: check as (v: unknown) => boolean, message })
}

/**
 * An inclusive range on a number or bigint codec. Unlike a refinement, the
 * bounds are known to the other interpreters: size bounds of length
 * prefixes, random values, layout docs.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { range, u16be } from 'oxwire/combinators'
 * const length = range(u16be, 0, 1024)
 * assert.deepEqual(decode(length, Uint8Array.of(0x04, 0x00)), right(1024))
 * const tooLong = decode(length, Uint8Array.of(0x04, 0x01))
 * assert.ok(tooLong._tag === 'Left' && tooLong.left.kind === 'invalid' && tooLong.left.expected === '0..1024')
 * ```
 * @category Transform
 */
export function range<A extends number | bigint>(inner: Codec<A>, min: A, max: A): Codec<A> {
  requireCodec('range', 'inner', inner)
  requireValueOf('range', 'min', inner.node, min)
  requireValueOf('range', 'max', inner.node, max)
  if (min > max) throw new RangeError('range: min is above max')
  return codec({ tag: 'range', inner, min, max })
}
