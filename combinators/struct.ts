import { codec, type Codec, type TypeOf } from '../src/grammar/codec.js'
import { ownEntries, requireCodec, requireFieldName } from './validate.js'

declare const inlined: unique symbol

/**
 * A struct-valued codec whose fields merge into the enclosing struct.
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

/** The decoded value of `struct(fields)`. @category Structure */
export type StructValue<F extends Record<string, AnyCodec>> = Simplify<
  {
    [K in keyof F as IsInline<F[K]> extends true ? never : IsVoid<F[K]> extends true ? never : K]: TypeOf<F[K]>
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
 *
 * @example
 * ```ts
 * const header = struct({ magic: constant(u16be, 0x5aa5), seq: u16be, flags: u8 })
 * decode(header, Uint8Array.of(0x5a, 0xa5, 0, 7, 1)) // right({ seq: 7, flags: 1 })
 * ```
 * @category Structure
 */
export function struct<const F extends Record<string, AnyCodec>>(fields: F): Codec<StructValue<F>> {
  const entries = ownEntries('struct', 'fields', fields).map(([name, field]) => {
    requireFieldName('struct', name)
    requireCodec('struct', `field ${JSON.stringify(name)}`, field)
    return [name, field] as const
  })
  return codec({ tag: 'struct', fields: entries })
}

/**
 * Lets an object-valued codec's fields stand in the enclosing struct, as if
 * written there: useful when a sized region or a dependent part holds
 * several of the struct's fields. The key it is given in the struct is not
 * used in the value or in error paths.
 *
 * @example
 * ```ts
 * const record = struct({
 *   sync: constant(u8, 0xb5),
 *   body: inline(sized(u16le, struct({ id: u32le, value: u16le }))),
 * })
 * type R = TypeOf<typeof record> // { id: number; value: number }
 * ```
 * @category Structure
 */
export function inline<A extends object>(inner: Codec<A>): InlineCodec<A> {
  requireCodec('inline', 'inner', inner)
  return codec({ tag: 'inline', inner }) as InlineCodec<A>
}
