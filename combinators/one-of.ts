import { codec, type Codec, type NamedCodec } from '../src/grammar/codec.js'
import type { NamedNode } from '../src/grammar/node.js'
import { freezeNode } from '../src/grammar/freeze.js'
import { requireCodec, requireString } from './validate.js'

/**
 * Gives a codec a name, under which `oneOf` reports it. Decoding and
 * encoding are unchanged.
 * @example
 * ```ts
 * const ping = named('ping', struct({ magic: marker(constant(u8, 0x01)), id: u16be }))
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

/** What `oneOf` decodes to: which alternative matched, and its value. @category Detection */
export type OneOfValue<Alts extends readonly AnyNamed[]> = {
  [I in keyof Alts]: Alts[I] extends NamedCodec<infer N, infer A> ? Matched<N, A> : never
}[number]

/** Which alternative of a `oneOf` matched, and its value. @category Detection */
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
 *
 * @example
 * ```ts
 * const detect = oneOf(telemetry, eventRecord)
 * decode(detect, bytes) // right({ protocol: 'tlm', value: { seq: 1, ... } })
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
