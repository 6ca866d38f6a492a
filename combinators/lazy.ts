import { codec, type Codec } from '../src/grammar/codec.js'
import { requireFunction, requireInteger, requireString } from './validate.js'

/**
 * Options of {@link lazy}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, type Codec } from 'oxwire'
 * import { array, lazy, struct, u8 } from 'oxwire/combinators'
 * interface Tree { readonly children: Tree[] }
 * const tree: Codec<Tree> = struct({ children: array(u8, lazy(() => tree, { name: 'tree', maxDepth: 3 })) })
 * assert.equal(decode(tree, Uint8Array.of(1, 1, 0))._tag, 'Right') // two levels
 * const deep = decode(tree, Uint8Array.of(1, 1, 1, 1, 0)) // deeper than maxDepth: an error, not a stack overflow
 * assert.ok(deep._tag === 'Left' && deep.left.kind === 'invalid')
 * ```
 * @category Recursion
 */
export interface LazyOptions {
  /** Name in layouts and error messages (default `'lazy'`). */
  readonly name?: string
  /**
   * Deepest nesting of lazy grammars that decode and encode go into
   * (default 64): deeper input is an `invalid` decode error, not a stack
   * overflow.
   */
  readonly maxDepth?: number
}

/** Nesting that real formats reach and the stack survives with room to spare. */
const DEFAULT_MAX_DEPTH = 64
/** Past this a deep input could exhaust the stack before the bound is met. */
const MOST_MAX_DEPTH = 1000

/**
 * A grammar given by a function, called on first use: how a grammar refers
 * to itself, such as a tree whose nodes hold nodes, or TLVs nested in TLVs.
 * Every interpreter follows it: decode and encode (to at most `maxDepth`
 * levels: a hostile input nested deeper gets an `invalid` error, not a
 * stack overflow), size bounds and leading bytes (a cycle makes them
 * unbounded and open), `arbitrary` (recursion ends after a few levels),
 * `compile` (which calls the interpreter for it), `layout` (a reference
 * row instead of recursing) and the Wireshark dissector (which refuses it).
 *
 * @throws TypeError when `get` is not a function.
 * @throws RangeError when `maxDepth` is not an integer in 1..1000.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, type Codec, right } from 'oxwire'
 * import { array, lazy, struct, u8 } from 'oxwire/combinators'
 * // The type of a recursive grammar is declared, as any recursive type is.
 * interface Tree { readonly value: number; readonly children: Tree[] }
 * const tree: Codec<Tree> = struct({ value: u8, children: array(u8, lazy(() => tree, { name: 'tree' })) })
 * const bytes = Uint8Array.of(1, 2, 2, 0, 3, 1, 4, 0)
 * assert.deepEqual(decode(tree, bytes), right({ value: 1, children: [{ value: 2, children: [] }, { value: 3, children: [{ value: 4, children: [] }] }] }))
 * assert.deepEqual(encode(tree, { value: 9, children: [] }), right(Uint8Array.of(9, 0)))
 * ```
 * @category Recursion
 */
export function lazy<A>(get: () => Codec<A>, options: LazyOptions = {}): Codec<A> {
  requireFunction('lazy', 'get', get)
  if (typeof options !== 'object' || options === null) throw new TypeError('lazy: options must be an object')
  if (options.name !== undefined) requireString('lazy', 'options.name', options.name)
  if (options.maxDepth !== undefined) requireInteger('lazy', 'options.maxDepth', options.maxDepth, 1, MOST_MAX_DEPTH)
  return codec({ tag: 'lazy', name: options.name ?? 'lazy', resolve: get, maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH })
}
