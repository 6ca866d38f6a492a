/**
 * An expression over fields decoded earlier: a field's size, count,
 * presence or case is computed from it (Kaitai's `size: total_length -
 * ihl * 4`). Expressions are data, not functions, so that every interpreter
 * can read them: decode evaluates them, encode solves them for the fields
 * they name (deriving `totalLength` from the payload's size), `describe`
 * prints them and the compiler turns them into code.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { Expr } from 'oxwire'
 * import { ref } from 'oxwire/combinators'
 * const payload: Expr = ref('totalLength').minus(ref('ihl').times(4)).expr
 * assert.deepEqual(payload, {
 *   op: 'sub',
 *   left: { op: 'ref', name: 'totalLength' },
 *   right: { op: 'mul', left: { op: 'ref', name: 'ihl' }, right: { op: 'literal', value: 4 } },
 * })
 * ```
 * @category Grammar nodes
 */
export type Expr =
  | {
      /** Discriminant: the value of a field decoded earlier. */ readonly op: 'ref'
      /** The field's name in an enclosing struct (or a bit field's name). */ readonly name: string
    }
  | {
      /** Discriminant: a constant. */ readonly op: 'literal'
      /** The constant. */ readonly value: number | boolean
    }
  | {
      /** Discriminant: arithmetic (`div` is exact) or a comparison or a logical connective. */
      readonly op: BinaryOp
      /** Left operand. */ readonly left: Expr
      /** Right operand. */ readonly right: Expr
    }
  | {
      /** Discriminant: logical negation. */ readonly op: 'not'
      /** The negated expression. */ readonly operand: Expr
    }

/**
 * The binary operators of {@link Expr}. `div` is exact division: decoding
 * fails when the quotient is not a whole number. `mod` is the remainder
 * with the divisor's sign (floor modulo, as Kaitai Struct's `%`): `−5 mod
 * 4` is 3, which is how padding to a multiple of 4 is written.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { BinaryOp } from 'oxwire'
 * import { ref } from 'oxwire/combinators'
 * const { expr } = ref('flags').atLeast(2)
 * const op: BinaryOp | undefined = expr.op === 'ge' ? expr.op : undefined
 * assert.equal(op, 'ge')
 * ```
 * @category Grammar nodes
 */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'and' | 'or'
