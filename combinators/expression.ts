import type { BinaryOp, Expr } from '../src/grammar/expression.js'

/**
 * A number or an {@link Expression}, as the operand of an expression.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { bytes, ref, struct, u8, type Operand } from 'oxwire/combinators'
 * const headerBytes: Operand = 2 // a number or an Expression
 * const packet = struct({ total: u8, kind: u8, data: bytes(ref('total').minus(headerBytes)) })
 * assert.deepEqual(decode(packet, Uint8Array.of(3, 7, 0xee)), right({ total: 3, kind: 7, data: Uint8Array.of(0xee) }))
 * ```
 * @category References
 */
export type Operand = Expression | number | boolean

/**
 * The values an {@link Expression} can have: what oxwire's decoder computes
 * with. A 64-bit field (`u64be`, a bit field past 53 bits) is taken as a
 * number while its value is within ±(2^53 − 1) and fails the decode past
 * that, so no expression has a bigint value.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { computed, ref, struct, u8, type ExpressionValue } from 'oxwire/combinators'
 * const check: ExpressionValue = true
 * assert.deepEqual(decode(struct({ n: u8, big: computed(ref('n').greaterThan(9)) }), Uint8Array.of(10)), right({ n: 10, big: check }))
 * ```
 * @category References
 */
export type ExpressionValue = number | boolean

/**
 * An expression over fields decoded earlier, made with {@link ref}: a size,
 * count, presence or case computed from them, as Kaitai Struct writes
 * `size: total_length - ihl * 4`. Pass it where a grammar wants a length
 * (`sized`, `bytes`), a count (`array`), a head (`dependent`) or a condition
 * (`optional`). On encode, the fields it names that are {@link derived} are
 * solved from the value (one unknown per expression, linear), so values
 * never carry lengths; `div` is exact (decoding fails on a remainder).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { ref } from 'oxwire/combinators'
 * const payloadSize = ref('totalLength').minus(ref('ihl').times(4))
 * assert.equal(payloadSize.expr.op, 'sub')
 * ```
 * @category References
 */
export class Expression<T extends ExpressionValue = ExpressionValue> {
  /** The expression as data, which interpreters read. */
  readonly expr: Expr

  /**
   * Type-level only, never set: the type of the expression's value (`number`
   * for arithmetic, `boolean` for comparisons and connectives), which
   * {@link computed} decodes to. Without a member that mentions `T`,
   * TypeScript would treat every `Expression<T>` as the same type.
   */
  declare readonly valueType?: T

  /** Wraps expression data; use {@link ref} to start one. */
  constructor(expr: Expr) {
    this.expr = expr
  }

  /** This plus `other`. */
  plus(other: Operand): Expression<number> {
    return this.binary('add', other)
  }
  /** This minus `other`. */
  minus(other: Operand): Expression<number> {
    return this.binary('sub', other)
  }
  /** This times `other`. */
  times(other: Operand): Expression<number> {
    return this.binary('mul', other)
  }
  /** This divided by `other`, which must divide it exactly. */
  dividedBy(other: Operand): Expression<number> {
    return this.binary('div', other)
  }
  /**
   * The remainder of this divided by `other`, with the divisor's sign
   * (floor modulo): `ref('length').times(-1).modulo(4)` is the padding to
   * a multiple of 4. Not solved on encode: the fields it names must be
   * known from elsewhere.
   */
  modulo(other: Operand): Expression<number> {
    return this.binary('mod', other)
  }
  /** True when this equals `other`. */
  equals(other: Operand): Expression<boolean> {
    return this.binary('eq', other)
  }
  /** True when this differs from `other`. */
  notEquals(other: Operand): Expression<boolean> {
    return this.binary('ne', other)
  }
  /** True when this is less than `other`. */
  lessThan(other: Operand): Expression<boolean> {
    return this.binary('lt', other)
  }
  /** True when this is at most `other`. */
  atMost(other: Operand): Expression<boolean> {
    return this.binary('le', other)
  }
  /** True when this is more than `other`. */
  greaterThan(other: Operand): Expression<boolean> {
    return this.binary('gt', other)
  }
  /** True when this is at least `other`. */
  atLeast(other: Operand): Expression<boolean> {
    return this.binary('ge', other)
  }
  /** True when both are. */
  and(other: Operand): Expression<boolean> {
    return this.binary('and', other)
  }
  /** True when either is. */
  or(other: Operand): Expression<boolean> {
    return this.binary('or', other)
  }
  /** True when this is false. */
  not(): Expression<boolean> {
    return new Expression<boolean>({ op: 'not', operand: this.expr })
  }

  private binary<R extends ExpressionValue>(op: BinaryOp, other: Operand): Expression<R> {
    return new Expression<R>({ op, left: this.expr, right: operand(other) })
  }
}

function operand(value: Operand): Expr {
  if (value instanceof Expression) return value.expr
  if (typeof value === 'boolean') return { op: 'literal', value }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`expression: operand ${String(value)} is not a finite number, a boolean or an expression`)
  return { op: 'literal', value }
}

/**
 * The value of a field decoded before this point, by its key in an
 * enclosing struct (or a bit field's name in a `bits` group): the start of
 * every {@link Expression}. The field may stand any distance back, also in
 * an enclosing grammar (a TCP segment inside an IPv4 packet sees the
 * packet's fields). A name that no enclosing struct has is an `invalid`
 * decode error. A name alone cannot tell the field's type: it is taken as
 * a number (what lengths, counts and codes are); for a flag, say so with
 * `ref<boolean>('hasName')` where the expression's own value is kept, as by
 * {@link computed}.
 *
 * @throws TypeError when `name` is not a non-empty string.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { bytes, derived, ref, struct, u8 } from 'oxwire/combinators'
 * const record = struct({ length: derived(u8), kind: u8, data: bytes(ref('length')) })
 * assert.deepEqual(decode(record, Uint8Array.of(2, 7, 0xaa, 0xbb)), right({ kind: 7, data: Uint8Array.of(0xaa, 0xbb) }))
 * assert.deepEqual(encode(record, { kind: 7, data: Uint8Array.of(1, 2, 3) }), right(Uint8Array.of(3, 7, 1, 2, 3)))
 * ```
 * @category References
 */
export function ref(name: string): Expression<number>
/**
 * A field's value, typed as `T`: `ref<boolean>('hasName')` for a flag.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { bits, computed, flag, ref, struct, uint } from 'oxwire/combinators'
 * const copy = struct({ head: bits({ on: flag, spare: uint(7) }), on: computed(ref<boolean>('on')) })
 * assert.deepEqual(decode(copy, Uint8Array.of(0x80)), right({ head: { on: true, spare: 0 }, on: true }))
 * ```
 */
export function ref<T extends ExpressionValue>(name: string): Expression<T>
export function ref(name: string): Expression {
  if (typeof name !== 'string' || name === '') throw new TypeError('ref: name must be a non-empty string')
  return new Expression({ op: 'ref', name })
}
