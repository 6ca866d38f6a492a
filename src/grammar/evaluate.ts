// What expressions over earlier fields mean, as data: evaluate (decode),
// solve for an unknown field (encode), print (layout) and list the fields
// they name. Every interpreter and tool reads them through this one file,
// and `repeatUntil` builds its predicate with it, so it sits with the
// grammar types, below all of them.
import type { BinaryOp, Expr } from './expression.js'

/** A field name not bound in any enclosing scope. */
export const MISSING: unique symbol = Symbol('missing')

/** Finds a field's value by name, or {@link MISSING}. */
export type Lookup = (name: string) => unknown

/**
 * The value of an expression, or a string saying why there is none (an
 * unbound name, a non-number operand, an inexact division).
 */
export function evaluate(expr: Expr, lookup: Lookup): number | boolean | string {
  switch (expr.op) {
    case 'ref': {
      const v = lookup(expr.name)
      if (v === MISSING) return `no field ${expr.name} before this one`
      if (typeof v === 'number' || typeof v === 'boolean') return v
      if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER)) return Number(v)
      return `field ${expr.name} is not a number or boolean`
    }
    case 'literal':
      return expr.value
    case 'not': {
      const v = evaluate(expr.operand, lookup)
      return typeof v === 'string' ? v : !v
    }
    default: {
      const a = evaluate(expr.left, lookup)
      if (typeof a === 'string') return a
      const b = evaluate(expr.right, lookup)
      if (typeof b === 'string') return b
      return apply(expr.op, a, b, expr)
    }
  }
}

function apply(op: BinaryOp, a: number | boolean, b: number | boolean, expr: Expr): number | boolean | string {
  switch (op) {
    case 'and':
      return Boolean(a) && Boolean(b)
    case 'or':
      return Boolean(a) || Boolean(b)
    case 'eq':
      return a === b
    case 'ne':
      return a !== b
    default:
      break
  }
  if (typeof a !== 'number' || typeof b !== 'number') return `${showExpr(expr)} needs numbers`
  switch (op) {
    case 'add':
      return a + b
    case 'sub':
      return a - b
    case 'mul':
      return a * b
    case 'div':
      return b !== 0 && Number.isInteger(a / b) ? a / b : `${showExpr(expr)}: ${a} is not a multiple of ${b}`
    case 'mod':
      return b !== 0 ? (((a % b) + b) % b) + 0 : `${showExpr(expr)}: division by 0`
    case 'lt':
      return a < b
    case 'le':
      return a <= b
    case 'gt':
      return a > b
    case 'ge':
      return a >= b
  }
}

/** The names an expression refers to, in order of first appearance. */
export function refsOf(expr: Expr, out: string[] = []): string[] {
  switch (expr.op) {
    case 'ref':
      if (!out.includes(expr.name)) out.push(expr.name)
      return out
    case 'literal':
      return out
    case 'not':
      return refsOf(expr.operand, out)
    default:
      refsOf(expr.left, out)
      return refsOf(expr.right, out)
  }
}

const SYMBOL: Record<BinaryOp, string> = {
  add: '+', sub: '−', mul: '×', div: '÷', mod: 'mod', eq: '=', ne: '≠', lt: '<', le: '≤', gt: '>', ge: '≥', and: 'and', or: 'or',
}
const RANK: Record<BinaryOp, number> = { or: 1, and: 2, eq: 3, ne: 3, lt: 3, le: 3, gt: 3, ge: 3, add: 4, sub: 4, mul: 5, div: 5, mod: 5 }

/** An expression as people write it: `totalLength − ihl × 4`. */
export function showExpr(expr: Expr, outer = 0): string {
  switch (expr.op) {
    case 'ref':
      return expr.name
    case 'literal':
      return String(expr.value)
    case 'not':
      return `not ${showExpr(expr.operand, 6)}`
    default: {
      const rank = RANK[expr.op]
      // Right operands of − and ÷ need brackets at equal rank.
      const text = `${showExpr(expr.left, rank)} ${SYMBOL[expr.op]} ${showExpr(expr.right, rank + 0.5)}`
      return rank < outer ? `(${text})` : text
    }
  }
}

/** A linear form a × unknown + b, or undefined when the expression is not linear in it. */
interface Linear {
  readonly a: number
  readonly b: number
}

/**
 * Solves `expr = target` for the one field of `unknowns` it names that is
 * not yet known, as encoding derives `ihl` from the options' size. Returns
 * the field and its value; `undefined` when no unknown (or more than one)
 * appears; a string when the equation cannot be solved.
 */
export function solve(expr: Expr, target: number | boolean, lookup: Lookup, isUnknown: (name: string) => boolean): { name: string; value: number | boolean } | string | undefined {
  const names = refsOf(expr).filter(isUnknown)
  if (names.length !== 1) return undefined
  const name = names[0] as string
  if (typeof target === 'boolean') {
    // Presence: the field itself, its negation, or an equality with a constant.
    if (expr.op === 'ref') return { name, value: target }
    if (expr.op === 'not' && expr.operand.op === 'ref') return { name, value: !target }
    if (expr.op === 'eq' && target && expr.left.op === 'ref' && expr.right.op === 'literal') return { name, value: expr.right.value }
    if (expr.op === 'ne' && !target && expr.left.op === 'ref' && expr.right.op === 'literal') return { name, value: expr.right.value }
    // Any other value says "not equal" (a field absent unless a version is 2): 0, or 1 where 0 is the constant.
    const unequal = (v: number | boolean) => (typeof v === 'boolean' ? !v : v === 0 ? 1 : 0)
    if (expr.op === 'eq' && !target && expr.left.op === 'ref' && expr.right.op === 'literal') return { name, value: unequal(expr.right.value) }
    if (expr.op === 'ne' && target && expr.left.op === 'ref' && expr.right.op === 'literal') return { name, value: unequal(expr.right.value) }
    return `cannot solve ${showExpr(expr)} = ${target} for ${name}`
  }
  const form = linear(expr, name, lookup)
  if (typeof form === 'string') return form
  if (form.a === 0) return undefined
  const value = (target - form.b) / form.a
  if (!Number.isSafeInteger(value) || value < 0) return `${showExpr(expr)} = ${target} has no whole non-negative solution for ${name}`
  return { name, value }
}

function linear(expr: Expr, unknown: string, lookup: Lookup): Linear | string {
  switch (expr.op) {
    case 'ref': {
      if (expr.name === unknown) return { a: 1, b: 0 }
      const v = evaluate(expr, lookup)
      return typeof v === 'number' ? { a: 0, b: v } : typeof v === 'string' ? v : `${expr.name} is not a number`
    }
    case 'literal':
      return typeof expr.value === 'number' ? { a: 0, b: expr.value } : 'a boolean in arithmetic'
    case 'add':
    case 'sub':
    case 'mul':
    case 'div': {
      const l = linear(expr.left, unknown, lookup)
      if (typeof l === 'string') return l
      const r = linear(expr.right, unknown, lookup)
      if (typeof r === 'string') return r
      const sign = expr.op === 'sub' ? -1 : 1
      if (expr.op === 'add' || expr.op === 'sub') return { a: l.a + sign * r.a, b: l.b + sign * r.b }
      if (expr.op === 'mul') {
        if (l.a !== 0 && r.a !== 0) return `${showExpr(expr)} is not linear in ${unknown}`
        return { a: l.a * r.b + r.a * l.b, b: l.b * r.b }
      }
      if (r.a !== 0 || r.b === 0) return `${showExpr(expr)} cannot be solved for ${unknown}`
      return { a: l.a / r.b, b: l.b / r.b }
    }
    case 'mod': {
      // Not linear: a remainder is only evaluated, once the fields it names are known.
      const l = linear(expr.left, unknown, lookup)
      if (typeof l === 'string') return l
      const r = linear(expr.right, unknown, lookup)
      if (typeof r === 'string') return r
      if (l.a !== 0 || r.a !== 0 || r.b === 0) return `${showExpr(expr)} cannot be solved for ${unknown}`
      return { a: 0, b: ((l.b % r.b) + r.b) % r.b }
    }
    default:
      return `${showExpr(expr)} is not arithmetic`
  }
}
