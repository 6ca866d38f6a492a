import type { Grammar, Node } from './node.js'
import { freezeNode } from './freeze.js'

export type { Grammar } from './node.js'

declare const valueType: unique symbol

/**
 * A grammar whose decoded value has type `A`. It is a plain value: build it
 * once from combinators and hand it to {@link decode}, {@link encode} or any
 * other interpreter.
 *
 * @example
 * ```ts
 * import { struct, u8, u16be } from 'oxwire/combinators'
 * const point = struct({ x: u16be, y: u16be, colour: u8 })
 * type Point = TypeOf<typeof point> // { x: number; y: number; colour: number }
 * ```
 * @category Core
 */
export interface Codec<A> extends Grammar {
  // Phantom, never set at run time; a function type makes `A` invariant,
  // which is right for something that both produces and consumes `A`.
  /** @internal */
  readonly [valueType]?: (value: A) => A
}

/**
 * A codec with a name, as `oneOf` reports which alternative matched.
 * @category Core
 */
export interface NamedCodec<N extends string, A> extends Codec<A> {
  /** The alternative's name, reported by `oneOf`. */
  readonly name: N
}

/**
 * The decoded value type of a codec.
 *
 * @example
 * ```ts
 * type Frame = TypeOf<typeof telemetry>
 * ```
 * @category Core
 */
export type TypeOf<C> = C extends Codec<infer A> ? A : never

/**
 * Wraps a node as a typed codec. Combinators use this; users rarely need it.
 * @category Core
 */
export function codec<A>(node: Node): Codec<A> {
  return Object.freeze({ node: freezeNode(node) })
}
