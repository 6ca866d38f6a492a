import type { Grammar, Node } from './node.js'
import { freezeNode } from './freeze.js'

export type { Grammar } from './node.js'

declare const valueType: unique symbol

/**
 * A grammar whose decoded value has type `A`. It is a plain value: build it
 * once from combinators and hand it to {@link decode}, {@link encode} or any
 * other interpreter.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right, type Codec, type TypeOf } from 'oxwire'
 * import { struct, u8, u16be } from 'oxwire/combinators'
 * const point = struct({ x: u16be, y: u16be, colour: u8 })
 * type Point = TypeOf<typeof point> // { x: number; y: number; colour: number }
 * const grammar: Codec<Point> = point
 * assert.deepEqual(decode(grammar, Uint8Array.of(0, 1, 0, 2, 3)), right({ x: 1, y: 2, colour: 3 }))
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { NamedCodec } from 'oxwire'
 * import { named, u8 } from 'oxwire/combinators'
 * const ping: NamedCodec<'ping', number> = named('ping', u8)
 * assert.equal(ping.name, 'ping')
 * ```
 * @category Core
 */
export interface NamedCodec<N extends string, A> extends Codec<A> {
  /** The alternative's name, reported by `oneOf`. */
  readonly name: N
}

/**
 * The decoded value type of a codec.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right, type TypeOf } from 'oxwire'
 * import { telemetry } from 'oxwire/protocols'
 * type Frame = TypeOf<typeof telemetry> // the value type, inferred from the grammar
 * const frame: Frame = { seq: 1, timestamp: 0, payload: { type: 'heartbeat', uptime: 5, status: 0 } }
 * const bytes = encode(telemetry, frame)
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(telemetry, bytes.right), right(frame))
 * ```
 * @category Core
 */
export type TypeOf<C> = C extends Codec<infer A> ? A : never

/**
 * Wraps a node as a typed codec. Combinators use this; users rarely need it.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { codec, decode, right, type Codec } from 'oxwire'
 * // A node written by hand: what combinators do for you.
 * const byte: Codec<number> = codec({ tag: 'int', size: 1, signed: false, littleEndian: false })
 * assert.deepEqual(decode(byte, Uint8Array.of(42)), right(42))
 * assert.ok(Object.isFrozen(byte))
 * ```
 * @category Core
 */
export function codec<A>(node: Node): Codec<A> {
  return Object.freeze({ node: freezeNode(node) })
}
