import { codec, type Codec } from '../src/grammar/codec.js'
import type { BitField } from '../src/grammar/node.js'
import { WIDEST_NUMBER_FIELD } from '../src/analysis/bit-layout.js'
import { ownEntries, requireFieldName, requireInteger, requireString } from './validate.js'

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
 * Bit widths whose fields decode to a bigint (wider than a number holds exactly).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { bits, uint, type BigBitWidth } from 'oxwire/combinators'
 * const width: BigBitWidth = 56 // wider than 53 bits: the field decodes to a bigint
 * const stamp = bits({ flags: uint(8), ticks: uint(width) })
 * assert.deepEqual(decode(stamp, Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 2)), right({ flags: 1, ticks: 2n }))
 * ```
 * @category Bits
 */
export type BigBitWidth = 54 | 55 | 56 | 57 | 58 | 59 | 60 | 61 | 62 | 63 | 64

/**
 * The value type of a number bit field `W` bits wide: `number` up to 53
 * bits, `bigint` above; either when the width is not a literal type.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { BitNumber } from 'oxwire/combinators'
 * const small: BitNumber<12> = 4095 // up to 53 bits: a number
 * const large: BitNumber<64> = 2n ** 63n // above: a bigint
 * assert.equal(typeof small, 'number')
 * assert.equal(typeof large, 'bigint')
 * ```
 * @category Bits
 */
export type BitNumber<W extends number> = number extends W ? number | bigint : W extends BigBitWidth ? bigint : number

/**
 * An unsigned field of `width` bits (1..64). Up to 53 bits it decodes to a
 * number, wider to a bigint (the type follows a literal width).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { bits, uint } from 'oxwire/combinators'
 * const word = bits({ high: uint(4), wide: uint(60) })
 * assert.deepEqual(decode(word, Uint8Array.of(0xa0, 0, 0, 0, 0, 0, 0, 0x2a)), right({ high: 10, wide: 42n }))
 * ```
 * @category Bits
 */
export function uint<const W extends number>(width: W): BitSpec<BitNumber<W>> {
  requireInteger('uint', 'width', width, 1, 64)
  return { field: { kind: 'uint', width } }
}

/**
 * A signed field of `width` bits (1..64), two's complement within its
 * width: `int(4)` holds -8..7. Up to 53 bits it decodes to a number, wider
 * to a bigint.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { bits, int } from 'oxwire/combinators'
 * const delta = bits({ dx: int(4), dy: int(4) })
 * assert.deepEqual(decode(delta, Uint8Array.of(0xf7)), right({ dx: -1, dy: 7 }))
 * assert.deepEqual(encode(delta, { dx: -8, dy: -2 }), right(Uint8Array.of(0x8e)))
 * assert.equal(encode(delta, { dx: 8, dy: 0 })._tag, 'Left') // 8 does not fit int(4)
 * ```
 * @category Bits
 */
export function int<const W extends number>(width: W): BitSpec<BitNumber<W>> {
  requireInteger('int', 'width', width, 1, 64)
  return { field: { kind: 'int', width } }
}

/**
 * A one-bit boolean field.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { bits, flag, uint } from 'oxwire/combinators'
 * assert.deepEqual(decode(bits({ on: flag, level: uint(7) }), Uint8Array.of(0x85)), right({ on: true, level: 5 }))
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
  requireInteger('bitConstant', 'width', width, 1, WIDEST_NUMBER_FIELD)
  requireInteger('bitConstant', 'value', value)
  if (value >= 2 ** width) throw new RangeError('bitConstant: value does not fit its width')
  return { field: { kind: 'constant', width, value, marker: options.marker ?? false } }
}

type BitsValue<F> = {
  [K in keyof F as F[K] extends BitSpec<void> ? never : K]: F[K] extends BitSpec<infer A> ? A : never
}

/**
 * Options of {@link bits}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { bits, uint, type BitsOptions } from 'oxwire/combinators'
 * const fields = { low: uint(3), high: uint(5) }
 * const lsbFirst: BitsOptions = { bitOrder: 'lsb' } // DEFLATE's order: the first field in the low bits
 * assert.deepEqual(decode(bits(fields, lsbFirst), Uint8Array.of(0b10101_011)), right({ low: 0b011, high: 0b10101 }))
 * assert.deepEqual(decode(bits(fields), Uint8Array.of(0b011_10101)), right({ low: 0b011, high: 0b10101 }))
 * ```
 * @category Bits
 */
export interface BitsOptions {
  /**
   * `'msb'` (the default, network order): the first field takes the most
   * significant bits of the first byte, and a field that crosses bytes
   * continues into the next byte's high bits, as protocol diagrams draw
   * it. `'lsb'` (DEFLATE, many radio formats; Kaitai's `bit-endian: le`):
   * the first field takes the least significant bits of the first byte,
   * and a field that crosses bytes continues into the next byte's low bits.
   */
  readonly bitOrder?: 'msb' | 'lsb'
}

/**
 * Bit fields packed into 1 to 8 whole bytes (up to 64 bits). Fields are
 * listed in the order they are read; `bitOrder` says where that is (most
 * significant bit first by default, as protocol diagrams draw them; or
 * least significant bit first). Number fields wider than 53 bits decode to
 * bigints. A bit field can be referred to by name (`ref('type')`) from later
 * fields of the enclosing struct, and a group whose value is one field can
 * be the head of `dependent`.
 *
 * @throws RangeError when the widths do not add up to whole bytes (8..64 bits).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { bitConstant, bits, flag, uint } from 'oxwire/combinators'
 * // 0x2 in the high nibble, then a reserved zero bit, then three flags
 * const header = bits({ version: bitConstant(4, 2), reserved: bitConstant(1, 0), urgent: flag, retransmit: flag, ack: flag })
 * assert.deepEqual(decode(header, Uint8Array.of(0x25)), right({ urgent: true, retransmit: false, ack: true }))
 * // DEFLATE's block header: BFINAL in bit 0, BTYPE in bits 1..2
 * const block = bits({ final: flag, type: uint(2), rest: uint(5) }, { bitOrder: 'lsb' })
 * assert.deepEqual(decode(block, Uint8Array.of(0b00000101)), right({ final: true, type: 2, rest: 0 }))
 * ```
 * @category Bits
 */
export function bits<const F extends Record<string, BitSpec<unknown>>>(
  fields: F,
  options: BitsOptions = {},
): [keyof BitsValue<F>] extends [never] ? Codec<void> : Codec<{ [K in keyof BitsValue<F>]: BitsValue<F>[K] }> {
  const entries = ownEntries('bits', 'fields', fields).map(([name, spec]) => {
    requireFieldName('bits', name)
    const field = typeof spec === 'object' && spec !== null ? (spec as { field?: unknown }).field : undefined
    if (typeof field !== 'object' || field === null) throw new TypeError(`bits: field ${JSON.stringify(name)} must be uint(n), int(n), flag or bitConstant(...)`)
    return [name, field as BitField] as const
  })
  if (typeof options !== 'object' || options === null) throw new TypeError('bits: options must be an object')
  const order = options.bitOrder ?? 'msb'
  requireString('bits', 'options.bitOrder', order)
  if (order !== 'msb' && order !== 'lsb') throw new RangeError(`bits: options.bitOrder must be 'msb' or 'lsb' (got ${JSON.stringify(order)})`)
  const width = entries.reduce((total, [, field]) => total + field.width, 0)
  if (width % 8 !== 0 || width < 8 || width > 64) throw new RangeError(`bits: widths add up to ${width}, not a whole number of bytes from 8 to 64 bits`)
  return codec({ tag: 'bits', fields: entries, size: width / 8, lsbFirst: order === 'lsb' }) as never
}
