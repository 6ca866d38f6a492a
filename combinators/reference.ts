import { codec, type Codec } from '../src/grammar/codec.js'
import { sizeBounds } from '../src/analysis/index.js'
import { WIDEST_NUMBER_FIELD } from '../src/analysis/bit-layout.js'
import { producesNoValue } from '../src/analysis/void-value.js'
import type { BitSpec } from './bits.js'
import { Expression, type ExpressionValue } from './expression.js'

/**
 * A grammar of zero bytes whose value is an expression of earlier fields
 * (Kaitai's value instances). In a struct it adds a computed property to
 * the value, which encoding checks against the fields it names. Its type
 * follows the expression: `number` for arithmetic, `boolean` for
 * comparisons and connectives, and for a bare {@link ref} the type given
 * to it (`number` unless given, as `ref<boolean>('hasName')`).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right, type TypeOf } from 'oxwire'
 * import { computed, ref, struct, u8 } from 'oxwire/combinators'
 * const header = struct({ words: u8, bytes: computed(ref('words').times(4)), long: computed(ref('words').greaterThan(4)) })
 * const value: TypeOf<typeof header> = { words: 5, bytes: 20, long: true }
 * assert.deepEqual(decode(header, Uint8Array.of(5)), right(value))
 * ```
 * @category References
 */
export function computed<T extends ExpressionValue>(expression: Expression<T>): Codec<T> {
  if (!(expression instanceof Expression)) throw new TypeError('computed: expected an Expression (see ref)')
  return codec<T>({ tag: 'expr', expr: expression.expr })
}

/**
 * A field left out of the value and computed on encode from the fields
 * that refer to it: a length, a count, a flag that says another field is
 * present, a type code that selects a case. Decoding reads it (later fields
 * see it through {@link ref}). Works on a codec (`derived(u16be)`) or on a
 * bit field (`derived(uint(4))`, `derived(flag)`) of a `bits` group. The
 * field must have a fixed size and stand directly in a struct.
 *
 * @throws RangeError when the codec's size is not fixed, or it has no value.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { array, derived, ref, struct, u8, u16be } from 'oxwire/combinators'
 * const readings = struct({ count: derived(u8), values: array(ref('count'), u16be) })
 * assert.deepEqual(encode(readings, { values: [1, 2] }), right(Uint8Array.of(2, 0, 1, 0, 2)))
 * ```
 * @category References
 */
export function derived<A>(inner: Codec<A>): Codec<void>
export function derived<A>(inner: BitSpec<A>): BitSpec<void>
export function derived<A>(inner: Codec<A> | BitSpec<A>): Codec<void> | BitSpec<void> {
  if ('field' in inner) {
    if (inner.field.kind === 'constant') throw new RangeError('derived: a constant bit field is already absent from the value')
    // Expressions compute with numbers: a field they solve must hold one.
    if (inner.field.width > WIDEST_NUMBER_FIELD) throw new RangeError(`derived: a bit field of ${inner.field.width} bits decodes to a bigint, which references cannot compute; at most ${WIDEST_NUMBER_FIELD} bits`)
    return { field: { ...inner.field, derived: true } }
  }
  if (typeof inner !== 'object' || inner === null || !('node' in inner)) throw new TypeError('derived: expected a codec or a bit field')
  const { min, max } = sizeBounds(inner)
  if (min !== max) throw new RangeError(`derived: the field must have a fixed size, not ${min}..${max} byte(s)`)
  if (producesNoValue(inner.node)) throw new RangeError('derived: the codec has no value to derive')
  return codec({ tag: 'derived', inner })
}
