import { codec, type Codec, type NamedCodec } from '../src/grammar/codec.js'
import type { NamedNode } from '../src/grammar/node.js'
import { freezeNode } from '../src/grammar/freeze.js'
import { requireCodec, requireString } from './validate.js'

/**
 * Gives a codec a name, under which `oneOf` reports it. Decoding and
 * encoding are unchanged.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { constant, marker, named, oneOf, struct, u8, u16be } from 'oxwire/combinators'
 * const ping = named('ping', struct({ magic: marker(constant(u8, 0x01)), id: u16be }))
 * assert.equal(ping.name, 'ping')
 * assert.deepEqual(decode(oneOf(ping), Uint8Array.of(1, 0, 7)), right({ protocol: 'ping', value: { id: 7 } }))
 * ```
 * @category Detection
 */
export function named<const N extends string, A>(name: N, inner: Codec<A>): NamedCodec<N, A> {
  requireString('named', 'name', name)
  requireCodec('named', 'inner', inner)
  return Object.freeze({ node: freezeNode({ tag: 'named', name, inner }), name })
}

// `any` only in a constraint: each alternative keeps its own inferred type.
type AnyNamed = NamedCodec<string, any>

/**
 * What `oneOf` decodes to: which alternative matched, and its value.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { constant, marker, named, oneOf, struct, u8, type OneOfValue } from 'oxwire/combinators'
 * const alternatives = [named('a', struct({ m: marker(constant(u8, 1)), x: u8 })), named('b', struct({ m: marker(constant(u8, 2)) }))] as const
 * // { protocol: 'a'; value: { x: number } } | { protocol: 'b'; value: {} }
 * const expected: OneOfValue<typeof alternatives> = { protocol: 'a', value: { x: 3 } }
 * assert.deepEqual(decode(oneOf(...alternatives), Uint8Array.of(1, 3)), right(expected))
 * ```
 * @category Detection
 */
export type OneOfValue<Alts extends readonly AnyNamed[]> = {
  [I in keyof Alts]: Alts[I] extends NamedCodec<infer N, infer A> ? Matched<N, A> : never
}[number]

/**
 * Which alternative of a `oneOf` matched, and its value.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { constant, marker, named, oneOf, struct, u8, type Matched } from 'oxwire/combinators'
 * const result = decode(oneOf(named('ping', struct({ m: marker(constant(u8, 1)), id: u8 }))), Uint8Array.of(1, 4))
 * assert.ok(result._tag === 'Right')
 * const matched: Matched<'ping', { id: number }> = result.right
 * assert.equal(matched.protocol, 'ping')
 * ```
 * @category Detection
 */
export interface Matched<N extends string, A> {
  /** The matching alternative's name. */
  readonly protocol: N
  /** Its decoded value. */
  readonly value: A
}

/**
 * Tries the alternatives in order and says which one matched.
 * - An alternative that fails before passing its `marker` did not apply:
 *   the next one is tried.
 * - Once past its marker, an alternative's failure is the answer
 *   (committed), e.g. a CRC mismatch, not "no match".
 * - If none matched and one ran out of input, the answer is `incomplete`.
 * - Otherwise the error is `no-match`, with each alternative's error.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { oneOf } from 'oxwire/combinators'
 * import { eventRecord, telemetry } from 'oxwire/protocols'
 * const detect = oneOf(telemetry, eventRecord)
 * const frame = encode(telemetry, { seq: 1, timestamp: 1700000000, payload: { type: 'heartbeat', uptime: 60, status: 0 } })
 * assert.ok(frame._tag === 'Right')
 * const found = decode(detect, frame.right)
 * assert.equal(found._tag === 'Right' && found.right.protocol, 'tlm')
 * const garbage = decode(detect, Uint8Array.of(0x00, 0x01, 0x02, 0x03))
 * assert.ok(garbage._tag === 'Left' && garbage.left.kind === 'no-match')
 * ```
 * @category Detection
 */
export function oneOf<const Alts extends readonly AnyNamed[]>(...alternatives: Alts): Codec<OneOfValue<Alts>> {
  if (alternatives.length === 0) throw new RangeError('oneOf: needs at least one alternative')
  alternatives.forEach((a, i) => {
    requireCodec('oneOf', `alternative ${i}`, a)
    if (a.node.tag !== 'named') throw new TypeError(`oneOf: alternative ${i} must be named (named('name', codec))`)
  })
  const names = new Set(alternatives.map((a) => a.name))
  if (names.size !== alternatives.length) throw new RangeError('oneOf: alternatives need distinct names')
  return codec({ tag: 'oneOf', alternatives: alternatives.map((a) => a.node as NamedNode) })
}
