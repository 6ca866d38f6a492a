import { codec, type Codec } from '../src/grammar/codec.js'
import { analysisOf, sizeBoundsNow } from '../src/analysis/index.js'
import { Expression } from './expression.js'
import type { Expr } from '../src/grammar/expression.js'
import type { Node } from '../src/grammar/node.js'
// The one evaluator of expressions (grammar data, below every interpreter): a
// predicate given as an expression must mean what it means everywhere.
import { evaluate, MISSING } from '../src/grammar/evaluate.js'
import { requireCodec, requireCountOrCodec, requireFunction, requireInteger } from './validate.js'

/**
 * A sequence of items: a fixed count, a count prefix that is computed on
 * encode, or an {@link Expression} of earlier fields (`ref('byteCount').dividedBy(2)`). A count read from the wire is checked against the bytes left
 * before any item is decoded, so a lying count costs nothing.
 * @throws RangeError when the count comes from the wire and an item can
 *   take zero bytes (the count would then be unbounded work).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { array, u8, u16be } from 'oxwire/combinators'
 * const readings = array(u8, u16be) // a count byte, then that many u16be
 * assert.deepEqual(decode(readings, Uint8Array.of(2, 0, 1, 0, 2)), right([1, 2]))
 * assert.deepEqual(encode(readings, [3]), right(Uint8Array.of(1, 0, 3)))
 * const short = encode(array(2, u8), [1])
 * assert.ok(short._tag === 'Left' && short.left.kind === 'length')
 * ```
 * @category Repetition
 */
export function array<A>(count: number | Codec<number> | Expression, item: Codec<A>): Codec<A[]> {
  if (count instanceof Expression) count = codec<number>({ tag: 'expr', expr: count.expr })
  requireCountOrCodec('array', 'count', count)
  requireCodec('array', 'item', item)
  // An item holding a recursive grammar still being built cannot be sized
  // yet: decoding then refuses an item of no bytes instead.
  if (typeof count !== 'number' && sizeBoundsNow(item)?.min === 0) throw new RangeError('array: an item of zero bytes needs a fixed count')
  return codec({ tag: 'array', count, item })
}

/**
 * Items one after another until the enclosing region ends (zero items is
 * fine). An item that consumes no bytes is an error, so it cannot loop.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { many, sized, u8, u16be } from 'oxwire/combinators'
 * assert.deepEqual(decode(sized(u8, many(u16be)), Uint8Array.of(4, 0, 1, 0, 2)), right([1, 2]))
 * ```
 * @category Repetition
 */
export function many<A>(item: Codec<A>): Codec<A[]> {
  requireCodec('many', 'item', item)
  return codec({ tag: 'many', item })
}

/**
 * Options of {@link repeatUntil}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { repeatUntil, u8, type RepeatUntilOptions } from 'oxwire/combinators'
 * const options: RepeatUntilOptions = { maxItems: 3 }
 * const text = repeatUntil(u8, (b) => b === 0, options) // a zero-terminated string of at most 3 bytes
 * assert.equal(decode(text, Uint8Array.of(0x68, 0x69, 0))._tag, 'Right')
 * const tooLong = decode(text, Uint8Array.of(0x68, 0x69, 0x69, 0))
 * assert.ok(tooLong._tag === 'Left' && tooLong.left.kind === 'invalid')
 * ```
 * @category Repetition
 */
export interface RepeatUntilOptions {
  /**
   * Most items read before the predicate must have held; one more is
   * `invalid`. Without it, the input bounds the repetition (every item must
   * take at least one byte).
   */
  readonly maxItems?: number
}

/**
 * Items read one after another until `until` holds for the last one read,
 * that item included (Kaitai's `repeat-until`): a list ended by a
 * terminator record, a chain of blocks whose last one is marked. Encoding
 * checks that `until` holds for the last item and for no earlier one (an
 * `invalid` encode error otherwise), so that the bytes decode back to the
 * same list. An item that takes no bytes is `invalid`, and so is an item
 * past `maxItems`: the work is bounded by the input and the option.
 *
 * @throws TypeError when `until` is not a function.
 * @throws RangeError when `maxItems` is not a positive integer.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { repeatUntil, struct, u8 } from 'oxwire/combinators'
 * // Records until one of type 0, which ends the list (and is part of it).
 * const records = repeatUntil(struct({ type: u8, value: u8 }), (r) => r.type === 0)
 * assert.deepEqual(decode(records, Uint8Array.of(1, 10, 2, 20, 0, 0)), right([{ type: 1, value: 10 }, { type: 2, value: 20 }, { type: 0, value: 0 }]))
 * assert.equal(decode(records, Uint8Array.of(1, 10))._tag, 'Left') // incomplete: no terminator yet
 * assert.equal(encode(records, [{ type: 1, value: 1 }])._tag, 'Left') // the last item must end the list
 * ```
 * @category Repetition
 */
export function repeatUntil<A>(item: Codec<A>, until: (item: A) => boolean, options?: RepeatUntilOptions): Codec<A[]>
/**
 * The predicate as an {@link Expression} over the item's fields, as Kaitai
 * writes `repeat-until: _.type == 0`: a name is a field of the item just
 * read, and `ref('_')` the item itself (a number item). Every interpreter
 * runs it as the function form; tools that cannot run JavaScript (the
 * Wireshark dissector) read it as data, so prefer this form where the
 * predicate can be said in it. A name the item has no number or boolean
 * for makes the decode `invalid`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { ref, repeatUntil, struct, u8 } from 'oxwire/combinators'
 * const records = repeatUntil(struct({ type: u8, value: u8 }), ref('type').equals(0))
 * assert.deepEqual(decode(records, Uint8Array.of(1, 10, 0, 0)), right([{ type: 1, value: 10 }, { type: 0, value: 0 }]))
 * const text = repeatUntil(u8, ref('_').equals(0), { maxItems: 8 })
 * assert.deepEqual(decode(text, Uint8Array.of(0x68, 0x69, 0)), right([0x68, 0x69, 0]))
 * ```
 */
export function repeatUntil<A>(item: Codec<A>, until: Expression, options?: RepeatUntilOptions): Codec<A[]>
export function repeatUntil<A>(item: Codec<A>, until: ((item: A) => boolean) | Expression, options: RepeatUntilOptions = {}): Codec<A[]> {
  requireCodec('repeatUntil', 'item', item)
  if (!(until instanceof Expression)) requireFunction('repeatUntil', 'until', until)
  if (typeof options !== 'object' || options === null) throw new TypeError('repeatUntil: options must be an object')
  if (options.maxItems !== undefined) requireInteger('repeatUntil', 'options.maxItems', options.maxItems, 1)
  const maxItems = options.maxItems ?? Infinity
  if (until instanceof Expression) return codec({ tag: 'repeatUntil', item, until: itemPredicate(until.expr, namePaths(item.node)), maxItems, untilExpr: until.expr })
  return codec({ tag: 'repeatUntil', item, until: until as (item: unknown) => boolean, maxItems })
}

// Where each name stands in a struct item's value, as names are found in
// scope elsewhere: a field by its key, a bit field by its own name inside
// its group (`last` in `{ head: { last, kind } }`), through inline structs.
function namePaths(node: Node, paths: Map<string, readonly string[]> = new Map(), prefix: readonly string[] = []): Map<string, readonly string[]> {
  const top = analysisOf(node).unnamed
  if (top.tag !== 'struct') return paths
  for (const [key, grammar] of top.fields) {
    const child = analysisOf(grammar.node).unnamed
    if (child.tag === 'inline') namePaths(child.inner.node, paths, prefix)
    else if (child.tag === 'bits') {
      for (const [name, field] of child.fields) if (field.kind !== 'constant' && field.derived !== true && !paths.has(name)) paths.set(name, [...prefix, key, name])
    }
    if (!paths.has(key)) paths.set(key, [...prefix, key])
  }
  return paths
}

// An expression over an item's fields as a predicate on the item. The
// decoder turns what it throws into an `invalid` error at the item.
function itemPredicate(expr: Expr, paths: ReadonlyMap<string, readonly string[]>): (item: unknown) => boolean {
  return (item) => {
    const lookup = (name: string): unknown => {
      if (name === '_') return item
      let v: unknown = item
      for (const step of paths.get(name) ?? [name]) {
        if (typeof v !== 'object' || v === null || !Object.hasOwn(v, step)) return MISSING
        v = (v as Record<string, unknown>)[step]
      }
      return v
    }
    const v = evaluate(expr, lookup)
    if (typeof v === 'string') throw new RangeError(v)
    // Truth as in JavaScript, as for `optional`.
    return Boolean(v)
  }
}
