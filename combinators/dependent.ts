import { codec, type Codec, type TypeOf } from '../src/grammar/codec.js'
import type { BitsNode } from '../src/grammar/node.js'
import { WIDEST_NUMBER_FIELD } from '../src/analysis/bit-layout.js'
import { Expression } from './expression.js'
import { ownEntries, requireCodec, requireFieldName, requireFunction, requireString } from './validate.js'

// `any` only in constraints: each case keeps its own inferred type.
type AnyCodec = Codec<any>
type CaseValue<C> = { [K in keyof C]-?: TypeOf<Exclude<C[K], undefined>> }[keyof C]

/**
 * Options of {@link dependent} and {@link dependentOpen}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { dependent, struct, tagged, u8, type DependentOptions } from 'oxwire/combinators'
 * const options: DependentOptions = { name: 'opcode' }
 * const op = dependent(u8, { 1: tagged('op', 'nop', struct({})) }, () => 1, options)
 * const unknown = decode(op, Uint8Array.of(9))
 * assert.ok(unknown._tag === 'Left')
 * assert.deepEqual(unknown.left.path, ['opcode'])
 * ```
 * @category Regions
 */
export interface DependentOptions {
  /** Name of the head in error paths and descriptions (default `'tag'`). */
  readonly name?: string
}

/**
 * Decodes a head, then the body grammar its value selects; on encode the
 * head is derived from the body value with `headOf` (scodec's `consume`).
 * The head need not stand next to the part it governs: the cases can hold
 * fields in between, as TLM's type byte governs a payload eight bytes on.
 * The head is absent from the value; keep it in the body value (as a
 * discriminant) so that `headOf` can find it. A head with no case is
 * `invalid`; see {@link dependentOpen} to accept such heads.
 *
 * The head may also be an {@link Expression} of fields decoded earlier
 * (Kaitai's `switch-on`), such as `ref('protocol')` for an IPv4 payload:
 * it reads no bytes, and on encode the field it names, if `derived`, is
 * set from `headOf`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { dependent, struct, tagged, u8, u16be } from 'oxwire/combinators'
 * const shape = dependent(u8, {
 *   1: tagged('kind', 'circle', struct({ r: u16be })),
 *   2: tagged('kind', 'rect', struct({ w: u16be, h: u16be })),
 * }, (v) => (v.kind === 'circle' ? 1 : 2), { name: 'kind' })
 * assert.deepEqual(decode(shape, Uint8Array.of(1, 0, 5)), right({ kind: 'circle', r: 5 }))
 * assert.deepEqual(encode(shape, { kind: 'rect', w: 2, h: 3 }), right(Uint8Array.of(2, 0, 2, 0, 3)))
 * const unknown = decode(shape, Uint8Array.of(3))
 * assert.ok(unknown._tag === 'Left' && unknown.left.kind === 'invalid')
 * assert.deepEqual(unknown.left.path, ['kind'])
 * ```
 * @category Regions
 */
export function dependent<K extends string | number, const C extends { readonly [P in K]: AnyCodec }>(
  head: Codec<K> | Expression,
  cases: C,
  headOf: (value: CaseValue<C>) => K,
  options?: DependentOptions,
): Codec<CaseValue<C>>
/**
 * A `bits` group as the head: a group whose value is one field (the rest
 * constants), such as a version nibble and a type nibble, selects the case
 * by that field. `headOf` gives the field's value.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { bitConstant, bits, dependent, struct, tagged, u8, u16be, uint } from 'oxwire/combinators'
 * const head = bits({ version: bitConstant(4, 1), type: uint(4) })
 * const message = dependent(head, { 1: tagged('kind', 'short', struct({ n: u8 })), 2: tagged('kind', 'long', struct({ n: u16be })) },
 *   (v) => (v.kind === 'short' ? 1 : 2), { name: 'type' })
 * assert.deepEqual(decode(message, Uint8Array.of(0x12, 0x01, 0x00)), right({ kind: 'long', n: 256 }))
 * assert.deepEqual(encode(message, { kind: 'short' as const, n: 7 }), right(Uint8Array.of(0x11, 7)))
 * ```
 * @category Regions
 */
export function dependent<const N extends string, K extends number, const C extends { readonly [P in K]: AnyCodec }>(
  head: Codec<{ [P in N]: K }>,
  cases: C,
  headOf: (value: CaseValue<C>) => K,
  options?: DependentOptions,
): Codec<CaseValue<C>>
export function dependent(head: AnyCodec | Expression, cases: Readonly<Record<string, AnyCodec>>, headOf: (value: never) => unknown, options: DependentOptions = {}): AnyCodec {
  return node(head, cases, undefined, headOf as (value: unknown) => unknown, options)
}

/**
 * Like {@link dependent}, but a head with no case is read by the grammar
 * that `otherwise` gives for it, e.g. an unknown TLV tag kept as raw bytes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { dependentOpen, imap, struct, tagged, u8, utf8, varBytes } from 'oxwire/combinators'
 * const tlv = dependentOpen(u8, { 1: tagged('tag', 'name', struct({ text: utf8(varBytes(u8)) })) },
 *   (code) => imap(varBytes(u8), (bytes) => ({ tag: 'other' as const, code, bytes }), (v) => v.bytes),
 *   (v) => (v.tag === 'name' ? 1 : v.code))
 * assert.deepEqual(decode(tlv, Uint8Array.of(1, 2, 0x68, 0x69)), right({ tag: 'name', text: 'hi' }))
 * assert.deepEqual(decode(tlv, Uint8Array.of(7, 1, 0xff)), right({ tag: 'other', code: 7, bytes: Uint8Array.of(0xff) }))
 * ```
 * @category Regions
 */
export function dependentOpen<K extends string | number, const C extends { readonly [P in K]?: AnyCodec }, O>(
  head: Codec<K> | Expression,
  cases: C,
  otherwise: (head: K) => Codec<O>,
  headOf: (value: CaseValue<C> | O) => K,
  options?: DependentOptions,
): Codec<CaseValue<C> | O>
/**
 * A `bits` group as the head, as for {@link dependent}: its one number
 * field selects the case, and a value with no case goes to `otherwise`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { bitConstant, bits, dependentOpen, imap, rest, struct, u8, uint } from 'oxwire/combinators'
 * const message = dependentOpen(bits({ version: bitConstant(4, 1), type: uint(4) }), { 1: struct({ n: u8 }) },
 *   (type) => imap(rest, (data) => ({ type, data }), (v: { data: Uint8Array }) => v.data),
 *   (v) => ('n' in v ? 1 : v.type))
 * assert.deepEqual(decode(message, Uint8Array.of(0x17, 0xaa)), right({ type: 7, data: Uint8Array.of(0xaa) }))
 * ```
 * @category Regions
 */
export function dependentOpen<const N extends string, K extends number, const C extends { readonly [P in K]?: AnyCodec }, O>(
  head: Codec<{ [P in N]: K }>,
  cases: C,
  otherwise: (head: K) => Codec<O>,
  headOf: (value: CaseValue<C> | O) => K,
  options?: DependentOptions,
): Codec<CaseValue<C> | O>
export function dependentOpen(
  head: AnyCodec | Expression,
  cases: Readonly<Record<string, AnyCodec | undefined>>,
  otherwise: (head: never) => AnyCodec,
  headOf: (value: never) => unknown,
  options: DependentOptions = {},
): AnyCodec {
  return node(head, cases, otherwise as (head: unknown) => Codec<unknown>, headOf as (value: unknown) => unknown, options)
}

function node<A>(
  head: AnyCodec | Expression,
  cases: Readonly<Record<string, AnyCodec | undefined>>,
  otherwise: ((head: unknown) => Codec<unknown>) | undefined,
  headOf: (value: unknown) => unknown,
  options: DependentOptions,
): Codec<A> {
  const combinator = otherwise === undefined ? 'dependent' : 'dependentOpen'
  let headGrammar: AnyCodec = head instanceof Expression ? codec({ tag: 'expr', expr: head.expr }) : head
  requireCodec(combinator, 'head', headGrammar)
  const bitsField = headGrammar.node.tag === 'bits' ? bitsHeadField(combinator, headGrammar.node) : undefined
  if (bitsField !== undefined) headGrammar = bitsHead(headGrammar, bitsField)
  requireFunction(combinator, 'headOf', headOf)
  if (otherwise !== undefined) requireFunction(combinator, 'otherwise', otherwise)
  if (options.name !== undefined) requireString(combinator, 'options.name', options.name)
  const defined: Record<string, AnyCodec> = {}
  for (const [key, grammar] of ownEntries(combinator, 'cases', cases)) {
    if (grammar === undefined) continue
    requireCodec(combinator, `case ${JSON.stringify(key)}`, grammar)
    Object.defineProperty(defined, key, { value: grammar, enumerable: true })
  }
  const headName = options.name ?? (head instanceof Expression && head.expr.op === 'ref' ? head.expr.name : bitsField ?? 'tag')
  return codec({ tag: 'dependent', headName, head: headGrammar, cases: defined, otherwise, headOf })
}

// The one field of a bits head that carries a value: the case key.
function bitsHeadField(combinator: string, node: BitsNode): string {
  const valued = node.fields.filter(([, f]) => f.kind !== 'constant')
  const [only] = valued
  if (valued.length !== 1 || only === undefined || only[1].kind === 'flag' || only[1].kind === 'constant' || only[1].derived === true || only[1].width > WIDEST_NUMBER_FIELD) {
    throw new RangeError(
      `${combinator}: a bits head must hold exactly one number field (up to ${WIDEST_NUMBER_FIELD} bits, not derived) besides constants; ` +
        `for a field of a wider group, put the group in a struct and use ref('field') as the head`,
    )
  }
  return only[0]
}

// The group read as its one field's number (and written back from it).
function bitsHead(group: AnyCodec, name: string): AnyCodec {
  return codec({
    tag: 'map',
    inner: group,
    decode: (v) => (v as Record<string, unknown>)[name],
    encode: (k) => ({ [name]: k }),
  })
}

/**
 * Adds a constant discriminant property to an object-valued codec's value
 * (and drops it again on encode).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right, type TypeOf } from 'oxwire'
 * import { struct, tagged, u32be } from 'oxwire/combinators'
 * const heartbeat = tagged('type', 'heartbeat', struct({ uptime: u32be }))
 * const value: TypeOf<typeof heartbeat> = { type: 'heartbeat', uptime: 9 }
 * assert.deepEqual(decode(heartbeat, Uint8Array.of(0, 0, 0, 9)), right(value))
 * assert.deepEqual(encode(heartbeat, value), right(Uint8Array.of(0, 0, 0, 9)))
 * ```
 * @category Regions
 */
export function tagged<const Key extends string, const T extends string, A extends object>(
  key: Key,
  tag: T,
  inner: Codec<A>,
): Codec<{ readonly [P in Key]: T } & A> {
  requireFieldName('tagged', key)
  requireString('tagged', 'tag', tag)
  requireCodec('tagged', 'inner', inner)
  const decode = (a: A) => ({ [key]: tag, ...a })
  const encode = (b: Record<string, unknown>) => {
    const { [key]: _, ...rest } = b
    return rest
  }
  // The discriminant says what the two functions do, for the compiler.
  return codec({ tag: 'map', inner, decode: decode as (v: unknown) => unknown, encode: encode as (v: unknown) => unknown, discriminant: { key, value: tag } })
}

/**
 * A tag followed by the variant it selects; the decoded value carries the
 * tag's name under `key`, and encoding writes the variant's tag.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { enumeration, struct, taggedUnion, u8 } from 'oxwire/combinators'
 * const kind = enumeration(u8, { on: 1, off: 2 })
 * const event = taggedUnion(kind, 'type', { on: struct({ level: u8 }), off: struct({}) })
 * assert.deepEqual(decode(event, Uint8Array.of(1, 9)), right({ type: 'on', level: 9 }))
 * assert.deepEqual(encode(event, { type: 'off' }), right(Uint8Array.of(2)))
 * ```
 * @category Regions
 */
export function taggedUnion<K extends string, const Key extends string, const V extends { readonly [P in K]: AnyCodec }>(
  tag: Codec<K>,
  key: Key,
  variants: V,
): Codec<{ [P in keyof V]: { readonly [Q in Key]: P } & TypeOf<V[P]> }[keyof V]> {
  requireCodec('taggedUnion', 'tag', tag)
  requireFieldName('taggedUnion', key)
  const cases: Record<string, AnyCodec> = {}
  for (const [name, variant] of ownEntries('taggedUnion', 'variants', variants)) {
    Object.defineProperty(cases, name, { value: tagged(key, name, variant as Codec<object>), enumerable: true })
  }
  return dependent(tag, cases as never, (v: Record<string, unknown>) => v[key] as K, { name: key }) as never
}
