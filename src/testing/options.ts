import type { Arbitrary, SizeForArbitrary } from 'fast-check'
import type { Codec, Grammar } from '../grammar/codec.js'

/**
 * A grammar and the arbitrary to use for it instead of a derived one; make
 * one with {@link override} to have its types checked.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import fc from 'fast-check'
 * import { custom, struct } from 'oxwire/combinators'
 * import { arbitrary, override, type Override } from 'oxwire/testing'
 * const zero = custom<number>({ name: 'zero', size: { min: 0, max: 0 }, decode: () => 0, encode: () => {} })
 * const overrides: Override[] = [override(zero, fc.constant(0))] // a custom codec has no derived arbitrary
 * assert.deepEqual(fc.sample(arbitrary(struct({ z: zero }), { overrides }), 3), [{ z: 0 }, { z: 0 }, { z: 0 }])
 * ```
 * @category Testing
 */
export type Override = readonly [Grammar, Arbitrary<unknown>]

/**
 * Pairs a grammar with the arbitrary to use for it: needed for a `custom`
 * codec, and useful for a refinement whose predicate rejects most values.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import fc from 'fast-check'
 * import { refine, struct, u16be } from 'oxwire/combinators'
 * import { arbitrary, override } from 'oxwire/testing'
 * const even = refine(u16be, (n) => n % 2 === 0, 'must be even')
 * const ids = arbitrary(struct({ id: even }), { overrides: [override(even, fc.nat(32767).map((n) => n * 2))] })
 * assert.ok(fc.sample(ids, 20).every(({ id }) => id % 2 === 0))
 * ```
 * @category Testing
 */
export function override<A>(grammar: Codec<A>, arb: Arbitrary<A>): Override {
  return [grammar, arb]
}

/**
 * Options of {@link arbitrary} and the properties built on it.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import fc from 'fast-check'
 * import { many, sized, u8, u16be, varBytes } from 'oxwire/combinators'
 * import { arbitrary, type ArbitraryOptions } from 'oxwire/testing'
 * const options: ArbitraryOptions = { maxItems: 2, size: 'max' }
 * const lists = fc.sample(arbitrary(sized(u16be, many(varBytes(u8))), options), { numRuns: 50, seed: 1 })
 * assert.ok(lists.every((items) => items.length <= 2))
 * ```
 * @category Testing
 */
export interface ArbitraryOptions {
  /**
   * Arbitraries for grammars (found by identity anywhere in the tree) to use
   * instead of deriving them. A `custom` codec has no derivation and needs
   * one; the arbitrary must give valid values of that grammar.
   */
  readonly overrides?: Iterable<Override>
  /**
   * Also generate NaN for floats (default false). NaN decodes to NaN, so a
   * round trip compares equal under `Object.is`, but `NaN !== NaN` and its
   * payload bits need not survive.
   */
  readonly nan?: boolean
  /**
   * Most items in a repetition whose items vary in size (default 8); the
   * room of the enclosing region is shared among them. Repetitions of
   * fixed-size items are limited by their region only.
   */
  readonly maxItems?: number
  /**
   * How deep values of a recursive grammar (`lazy`) go (default 3): past
   * it, repetitions take their fewest items and choices their cases that do
   * not recurse, so generation ends.
   */
  readonly maxDepth?: number
  /**
   * fast-check's size for repetitions, byte strings and text (default: the
   * global setting, `'small'` unless configured); `'max'` reaches values
   * that fill their regions.
   */
  readonly size?: SizeForArbitrary
}
