import { codec, type Codec } from '../src/grammar/codec.js'
import type { BitField } from '../src/grammar/node.js'
import { ownEntries, requireFieldName, requireInteger } from './validate.js'

declare const bitValue: unique symbol

/**
 * One field of {@link bits}: its layout and the type of its value.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { bits, flag, uint, type BitSpec } from 'oxwire/combinators'
 * const version: BitSpec<number> = uint(4)
 * const urgent: BitSpec<boolean> = flag
 * assert.deepEqual(decode(bits({ version, urgent, rest: uint(3) }), Uint8Array.of(0x4a)), right({ version: 4, urgent: true, rest: 2 }))
 * ```
 * @category Bits
 */
export interface BitSpec<A> {
  /** Layout of the field. */
  readonly field: BitField
  /** @internal */
  readonly [bitValue]?: A
}

/**
 * An unsigned field of `width` bits (1..32).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { bits, uint } from 'oxwire/combinators'
 * const nibbles = bits({ high: uint(4), low: uint(4) })
 * assert.deepEqual(decode(nibbles, Uint8Array.of(0x4f)), right({ high: 4, low: 15 }))
 * ```
 * @category Bits
 */
export function uint(width: number): BitSpec<number> {
  requireInteger('uint', 'width', width, 1, 32)
  return { field: { kind: 'uint', width } }
}

/**
 * A one-bit boolean field.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { bits, flag, uint } from 'oxwire/combinators'
 * const flags = bits({ syn: flag, ack: flag, unused: uint(6) })
 * assert.deepEqual(encode(flags, { syn: true, ack: false, unused: 0 }), right(Uint8Array.of(0x80)))
 * ```
 * @category Bits
 */
export const flag: BitSpec<boolean> = { field: { kind: 'flag', width: 1 } }

/**
 * A field that must hold `value`: checked on decode, written on encode,
 * absent from the value. With `marker: true` it is part of a protocol's
 * detection marker (see `marker`).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { bitConstant, bits, uint } from 'oxwire/combinators'
 * const header = bits({ version: bitConstant(4, 4), ihl: uint(4) })
 * assert.deepEqual(decode(header, Uint8Array.of(0x45)), right({ ihl: 5 }))
 * const v6 = decode(header, Uint8Array.of(0x65))
 * assert.ok(v6._tag === 'Left' && v6.left.kind === 'invalid')
 * ```
 * @category Bits
 */
export function bitConstant(width: number, value: number, options: { readonly marker?: boolean } = {}): BitSpec<void> {
  requireInteger('bitConstant', 'width', width, 1, 32)
  requireInteger('bitConstant', 'value', value)
  if (value >= 2 ** width) throw new RangeError('bitConstant: value does not fit its width')
  return { field: { kind: 'constant', width, value, marker: options.marker ?? false } }
}

type BitsValue<F> = {
  [K in keyof F as F[K] extends BitSpec<void> ? never : K]: F[K] extends BitSpec<infer A> ? A : never
}

/**
 * Bit fields packed into 1 to 4 whole bytes. Bit order is explicit: fields
 * are listed from the most significant bit of the first byte down, and
 * multi-byte groups are big-endian, as protocol diagrams draw them.
 * @throws RangeError when the widths do not add up to whole bytes (8..32 bits).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { bitConstant, bits, flag } from 'oxwire/combinators'
 * // 0x2 in the high nibble, then a reserved zero bit, then three flags
 * const header = bits({ version: bitConstant(4, 2), reserved: bitConstant(1, 0), urgent: flag, retransmit: flag, ack: flag })
 * assert.deepEqual(decode(header, Uint8Array.of(0x25)), right({ urgent: true, retransmit: false, ack: true }))
 * ```
 * @category Bits
 */
export function bits<const F extends Record<string, BitSpec<unknown>>>(
  fields: F,
): [keyof BitsValue<F>] extends [never] ? Codec<void> : Codec<{ [K in keyof BitsValue<F>]: BitsValue<F>[K] }> {
  const entries = ownEntries('bits', 'fields', fields).map(([name, spec]) => {
    requireFieldName('bits', name)
    const field = typeof spec === 'object' && spec !== null ? (spec as { field?: unknown }).field : undefined
    if (typeof field !== 'object' || field === null) throw new TypeError(`bits: field ${JSON.stringify(name)} must be uint(n), flag or bitConstant(...)`)
    return [name, field as BitField] as const
  })
  const width = entries.reduce((total, [, field]) => total + field.width, 0)
  if (width % 8 !== 0 || width < 8 || width > 32) throw new RangeError(`bits: widths add up to ${width}, not 8, 16, 24 or 32`)
  return codec({ tag: 'bits', fields: entries, size: width / 8 }) as never
}
