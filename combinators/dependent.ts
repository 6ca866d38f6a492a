import { codec, type Codec, type TypeOf } from '../src/codec.js'
import { imap } from './transform.js'

// `any` only in constraints: each case keeps its own inferred type.
type AnyCodec = Codec<any>
type CaseValue<C> = { [K in keyof C]: TypeOf<C[K]> }[keyof C]

/** Options of {@link dependent}. @category Regions */
export interface DependentOptions<K, O> {
  /** Name of the head in error paths and descriptions (default `'tag'`). */
  readonly name?: string
  /** Body grammar for head values that have no case (without it they are invalid). */
  readonly otherwise?: (head: K) => Codec<O>
}

/**
 * Decodes a head, then the body grammar its value selects; on encode the
 * head is derived from the body value with `headOf` (scodec's `consume`).
 * The head need not stand next to the part it governs: the cases can hold
 * fields in between, as TLM's type byte governs a payload eight bytes on.
 * The head is absent from the value; keep it in the body value (as a
 * discriminant) so that `headOf` can find it.
 *
 * @example
 * ```ts
 * const shape = dependent(u8, {
 *   1: struct({ kind: constant(u8, 0), r: u16be }),
 *   2: struct({ w: u16be, h: u16be }),
 * }, (v) => ('r' in v ? 1 : 2))
 * ```
 * @category Regions
 */
export function dependent<K extends string | number, const C extends { readonly [P in K]: AnyCodec }>(
  head: Codec<K>,
  cases: C,
  headOf: (value: CaseValue<C>) => K,
  options?: { readonly name?: string },
): Codec<CaseValue<C>>
export function dependent<K extends string | number, const C extends { readonly [P in K]?: AnyCodec }, O>(
  head: Codec<K>,
  cases: C,
  headOf: (value: CaseValue<C> | O) => K,
  options: DependentOptions<K, O> & { readonly otherwise: (head: K) => Codec<O> },
): Codec<CaseValue<C> | O>
export function dependent<K extends string | number, O>(
  head: Codec<K>,
  cases: Readonly<Record<string, AnyCodec>>,
  headOf: (value: never) => K,
  options: DependentOptions<K, O> = {},
): Codec<unknown> {
  return codec({
    tag: 'dependent',
    headName: options.name ?? 'tag',
    head,
    cases,
    otherwise: options.otherwise as ((head: unknown) => Codec<unknown>) | undefined,
    headOf: headOf as (value: unknown) => unknown,
  })
}

/**
 * Adds a constant discriminant property to an object-valued codec's value
 * (and drops it again on encode).
 * @example
 * ```ts
 * const heartbeat = tagged('type', 'heartbeat', struct({ uptime: u32be }))
 * // Codec<{ type: 'heartbeat'; uptime: number }>
 * ```
 * @category Regions
 */
export function tagged<const Key extends string, const T extends string, A extends object>(
  key: Key,
  tag: T,
  inner: Codec<A>,
): Codec<{ readonly [P in Key]: T } & A> {
  return imap(
    inner,
    (a) => ({ [key]: tag, ...a }) as { readonly [P in Key]: T } & A,
    (b) => {
      const { [key]: _, ...rest } = b as Record<string, unknown>
      return rest as A
    },
  )
}

/**
 * A tag followed by the variant it selects; the decoded value carries the
 * tag's name under `key`, and encoding writes the variant's tag.
 * @example
 * ```ts
 * const kind = enumeration(u8, { on: 1, off: 2 })
 * const event = taggedUnion(kind, 'type', { on: struct({ level: u8 }), off: struct({}) })
 * decode(event, Uint8Array.of(1, 9)) // right({ type: 'on', level: 9 })
 * ```
 * @category Regions
 */
export function taggedUnion<K extends string, const Key extends string, const V extends { readonly [P in K]: AnyCodec }>(
  tag: Codec<K>,
  key: Key,
  variants: V,
): Codec<{ [P in keyof V]: { readonly [Q in Key]: P } & TypeOf<V[P]> }[keyof V]> {
  const cases: Record<string, AnyCodec> = {}
  for (const [name, variant] of Object.entries(variants) as [string, Codec<object>][]) cases[name] = tagged(key, name, variant)
  return dependent(tag, cases as never, (v: Record<string, unknown>) => v[key] as K, { name: key }) as never
}
