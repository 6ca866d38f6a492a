import { codec, type Codec, type TypeOf } from '../src/grammar/codec.js'
import type { OptionalCodec } from './optional.js'
import { ownEntries, requireCodec, requireFieldName } from './validate.js'
import { analysisOf } from '../src/analysis/index.js'

declare const inlined: unique symbol

/**
 * A struct-valued codec whose fields merge into the enclosing struct.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { inline, sized, struct, u8, type InlineCodec } from 'oxwire/combinators'
 * const body: InlineCodec<{ id: number }> = inline(sized(1, struct({ id: u8 })))
 * assert.deepEqual(decode(struct({ kind: u8, body }), Uint8Array.of(1, 2)), right({ kind: 1, id: 2 }))
 * ```
 * @category Structure
 */
export interface InlineCodec<A> extends Codec<A> {
  /** @internal */
  readonly [inlined]: true
}

// `any` only in a constraint: each field keeps its own inferred type.
type AnyCodec = Codec<any>
type Simplify<T> = { [K in keyof T]: T[K] } & {}
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never
type IsVoid<C> = [TypeOf<C>] extends [void] ? true : false
// Checked through the brand alone: `InlineCodec<unknown>` would not match,
// since codecs are invariant in their value type.
type IsInline<C> = C extends { readonly [inlined]: true } ? true : false

type IsOptional<C> = C extends OptionalCodec<any> ? true : false

/**
 * The decoded value of `struct(fields)`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { constant, struct, u8, u16be, type StructValue } from 'oxwire/combinators'
 * const fields = { magic: constant(u8, 0xaa), seq: u16be }
 * // Constants stand for no value, so the value is just { seq: number }.
 * const value: StructValue<typeof fields> = { seq: 7 }
 * assert.deepEqual(decode(struct(fields), Uint8Array.of(0xaa, 0, 7)), right(value))
 * ```
 * @category Structure
 */
export type StructValue<F extends Record<string, AnyCodec>> = Simplify<
  {
    [K in keyof F as IsInline<F[K]> extends true ? never : IsVoid<F[K]> extends true ? never : IsOptional<F[K]> extends true ? never : K]: TypeOf<F[K]>
  } & {
    [K in keyof F as IsOptional<F[K]> extends true ? K : never]?: TypeOf<F[K]>
  } & InlineValues<F>
>

// Each inline value is boxed before the union-to-intersection step, so that
// an inline value that is itself a union (a `dependent`) stays a union.
type Box<A> = { readonly boxed: A }
type InlineValues<F> = [InlineBoxes<F>] extends [never] ? unknown : UnionToIntersection<InlineBoxes<F>> extends Box<infer A> ? A : never
type InlineBoxes<F> = { [K in keyof F]: IsInline<F[K]> extends true ? Box<TypeOf<F[K]>> : never }[keyof F]

/**
 * Named fields in wire order (the key order of `fields`). Fields that stand
 * for no value (constants, markers) are checked and written but left out of
 * the value; {@link inline} fields merge their properties into it.
 * Errors inside a field carry its key in their path.
 * @throws TypeError when a field is chosen by true/false on a bare
 *   reference to an earlier field that decodes to a number
 *   (`optional(ref('has'), ...)` with `has: u8`): no number is `true`; write
 *   `ref('has').notEquals(0)`.
 * @throws RangeError when two fields are verified `checksum` fields: each
 *   would cover the other's bytes, so no encoding satisfies both (put one in
 *   an {@link inline} struct to narrow the region it covers).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { constant, struct, u8, u16be } from 'oxwire/combinators'
 * const header = struct({ magic: constant(u16be, 0x5aa5), seq: u16be, flags: u8 })
 * assert.deepEqual(decode(header, Uint8Array.of(0x5a, 0xa5, 0, 7, 1)), right({ seq: 7, flags: 1 }))
 * assert.deepEqual(encode(header, { seq: 7, flags: 1 }), right(Uint8Array.of(0x5a, 0xa5, 0, 7, 1)))
 * ```
 * @category Structure
 */
export function struct<const F extends Record<string, AnyCodec>>(fields: F): Codec<StructValue<F>> {
  const entries = ownEntries('struct', 'fields', fields).map(([name, field]) => {
    requireFieldName('struct', name)
    requireCodec('struct', `field ${JSON.stringify(name)}`, field)
    return [name, field] as const
  })
  // Both would cover the whole struct, each with the other's stored bytes:
  // circular. Those with policy report/ignore may hold given values, so
  // a capture still decodes; encoding says so if it must compute both.
  const verified = entries.filter(([, f]) => f.node.tag === 'checksumField' && f.node.policy === 'verify').map(([name]) => name)
  if (verified.length > 1) {
    throw new RangeError(`struct: checksum fields ${verified[0]} and ${verified[1]} both cover the whole struct, each with the other's bytes, so no bytes satisfy both; put one in an inline struct to narrow its region`)
  }
  requireBooleanPresence(entries)
  return codec({ tag: 'struct', fields: entries })
}

/**
 * A part chosen by true/false on a bare reference to an earlier field
 * (`optional(ref('has'), ...)`) never finds its case when that field
 * decodes to a number: `1` is not `true`. Said here rather than as a
 * decode error of every frame; `ref('has').notEquals(0)` is what such a
 * grammar means.
 */
function requireBooleanPresence(entries: readonly (readonly [string, AnyCodec])[]): void {
  entries.forEach(([name, field], at) => {
    const node = analysisOf(field).unnamed
    if (node.tag !== 'dependent' || node.otherwise !== undefined) return
    const expr = node.head.node.tag === 'expr' ? node.head.node.expr : undefined
    if (expr?.op !== 'ref' || !Object.keys(node.cases).every((key) => key === 'true' || key === 'false')) return
    const named = entries.slice(0, at).find(([key]) => key === expr.name)
    if (named !== undefined && analysisOf(named[1]).kind.integral) {
      throw new TypeError(`struct: field ${JSON.stringify(name)} is present when ${expr.name} is true, but ${expr.name} decodes to a number, never true or false; write ref(${JSON.stringify(expr.name)}).notEquals(0)`)
    }
  })
}

/**
 * Lets an object-valued codec's fields stand in the enclosing struct, as if
 * written there: useful when a sized region or a dependent part holds
 * several of the struct's fields. The key it is given in the struct is not
 * used in the value or in error paths.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right, type TypeOf } from 'oxwire'
 * import { constant, inline, sized, struct, u8, u16le, u32le } from 'oxwire/combinators'
 * const record = struct({
 *   sync: constant(u8, 0xb5),
 *   body: inline(sized(u16le, struct({ id: u32le, value: u16le }))),
 * })
 * const value: TypeOf<typeof record> = { id: 1, value: 2 }
 * assert.deepEqual(decode(record, Uint8Array.of(0xb5, 6, 0, 1, 0, 0, 0, 2, 0)), right(value))
 * ```
 * @category Structure
 */
export function inline<A extends object>(inner: Codec<A>): InlineCodec<A> {
  requireCodec('inline', 'inner', inner)
  return codec({ tag: 'inline', inner }) as InlineCodec<A>
}
