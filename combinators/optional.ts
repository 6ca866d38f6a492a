import { codec, type Codec } from '../src/grammar/codec.js'
import { Expression } from './expression.js'

declare const optionalField: unique symbol

/**
 * A codec whose field is optional in the enclosing struct's value type.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right, type TypeOf } from 'oxwire'
 * import { derived, optional, ref, struct, u8, u16be, type OptionalCodec } from 'oxwire/combinators'
 * const id: OptionalCodec<number> = optional(ref('hasId').equals(1), u16be)
 * const frame = struct({ hasId: derived(u8), id })
 * const absent: TypeOf<typeof frame> = {} // `id` is an optional key
 * assert.deepEqual(decode(frame, Uint8Array.of(0)), right({ ...absent, id: undefined }))
 * ```
 * @category References
 */
export interface OptionalCodec<A> extends Codec<A | undefined> {
  /** @internal */
  readonly [optionalField]: true
}

// Zero bytes, no value: what an absent field reads and writes.
const absent: Codec<undefined> = codec({ tag: 'constant', inner: codec({ tag: 'bytes', size: 0 }), value: new Uint8Array(0), bytes: new Uint8Array(0) })

/**
 * A field present when an expression of earlier fields holds (Kaitai's
 * `if:`), such as gzip's file name when the FNAME flag is set. In a struct
 * the key is optional (`fname?: string | undefined`); a decoded value has
 * it as `undefined` when absent. On encode, a `derived` flag the expression
 * names is set from whether the value has the field.
 *
 * @throws TypeError when `present` is not an {@link Expression}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { bits, derived, flag, optional, ref, struct, u8, u16be, uint } from 'oxwire/combinators'
 * const frame = struct({ flags: bits({ spare: uint(7), hasId: derived(flag) }), id: optional(ref('hasId'), u16be), data: u8 })
 * assert.deepEqual(decode(frame, Uint8Array.of(1, 0, 9, 5)), right({ flags: { spare: 0 }, id: 9, data: 5 }))
 * assert.deepEqual(encode(frame, { flags: { spare: 0 }, data: 5 }), right(Uint8Array.of(0, 5)))
 * ```
 * @category References
 */
export function optional<A>(present: Expression, inner: Codec<A>): OptionalCodec<A> {
  if (!(present instanceof Expression)) throw new TypeError('optional: the condition must be an Expression (see ref)')
  const head = codec({ tag: 'expr', expr: present.expr })
  return codec({
    tag: 'dependent',
    headName: present.expr.op === 'ref' ? present.expr.name : 'present',
    head,
    cases: { true: inner, false: absent },
    otherwise: undefined,
    headOf: (value: unknown) => value !== undefined,
  }) as OptionalCodec<A>
}
