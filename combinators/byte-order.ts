import type { Codec } from '../src/grammar/codec.js'
import { dependent } from './dependent.js'
import { i16be, i16le, i32be, i32le, u16be, u16le, u32be, u32le, u64be, u64le, f32be, f32le, f64be, f64le } from './numbers.js'
import { imap } from './transform.js'

/**
 * Most significant byte first (`big`) or last (`little`).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { numbersIn, u16le, type ByteOrder } from 'oxwire/combinators'
 * const order: ByteOrder = 'little'
 * assert.equal(numbersIn(order).u16, u16le)
 * ```
 * @category Numbers
 */
export type ByteOrder = 'big' | 'little'

/**
 * What {@link byteOrderFrom} adds to the value: the magic's name and the order it said.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { byteOrderFrom, numbersIn, struct, type ByteOrderTag } from 'oxwire/combinators'
 * const file = byteOrderFrom({ v1: 0xa1b2c3d4 }, (order) => struct({ count: numbersIn(order).u16 }))
 * const result = decode(file, Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd4, 0, 2))
 * assert.ok(result._tag === 'Right')
 * const tag: ByteOrderTag<'v1'> = result.right
 * assert.deepEqual({ magic: tag.magic, byteOrder: tag.byteOrder }, { magic: 'v1', byteOrder: 'big' })
 * ```
 * @category Numbers
 */
export interface ByteOrderTag<K extends string> {
  /** The magic number's name. */ readonly magic: K
  /** The byte order the magic was written in. */ readonly byteOrder: ByteOrder
}

/**
 * The multi-byte numbers of one byte order, as {@link numbersIn} gives them.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { numbersIn, struct, type OrderedNumbers } from 'oxwire/combinators'
 * const header = (n: OrderedNumbers) => struct({ version: n.u16, length: n.u32 })
 * assert.deepEqual(encode(header(numbersIn('little')), { version: 2, length: 1 }), right(Uint8Array.of(2, 0, 1, 0, 0, 0)))
 * assert.deepEqual(encode(header(numbersIn('big')), { version: 2, length: 1 }), right(Uint8Array.of(0, 2, 0, 0, 0, 1)))
 * ```
 * @category Numbers
 */
export interface OrderedNumbers {
  /** Unsigned 16-bit. */ readonly u16: Codec<number>
  /** Signed 16-bit. */ readonly i16: Codec<number>
  /** Unsigned 32-bit. */ readonly u32: Codec<number>
  /** Signed 32-bit. */ readonly i32: Codec<number>
  /** Unsigned 64-bit. */ readonly u64: Codec<bigint>
  /** binary32. */ readonly f32: Codec<number>
  /** binary64. */ readonly f64: Codec<number>
}

const BIG: OrderedNumbers = { u16: u16be, i16: i16be, u32: u32be, i32: i32be, u64: u64be, f32: f32be, f64: f64be }
const LITTLE: OrderedNumbers = { u16: u16le, i16: i16le, u32: u32le, i32: i32le, u64: u64le, f32: f32le, f64: f64le }

/**
 * The number codecs of a byte order, for grammars built for either.
 * @throws RangeError for anything but `big` or `little`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { numbersIn, u32le } from 'oxwire/combinators'
 * assert.equal(numbersIn('little').u32, u32le)
 * ```
 * @category Numbers
 */
export function numbersIn(order: ByteOrder): OrderedNumbers {
  if (order === 'big') return BIG
  if (order === 'little') return LITTLE
  throw new RangeError(`numbersIn: byte order must be big or little, not ${String(order)}`)
}

function swap32(n: number): number {
  return (((n & 0xff) << 24) | ((n & 0xff00) << 8) | ((n >>> 8) & 0xff00) | (n >>> 24)) >>> 0
}

/**
 * One grammar whose byte order comes from a 32-bit magic number, as pcap's
 * `a1b2c3d4` (big-endian writer) vs `d4c3b2a1` (little-endian writer): the
 * magic read big-endian selects its name and big order, its byte-swapped
 * form selects little order. `build` makes the rest for each order (use
 * {@link numbersIn}); the value carries `magic` and `byteOrder`, so encoding
 * writes the order it read. Any other magic is `invalid` (shown in hex).
 *
 * @throws RangeError when a magic is not a 32-bit unsigned integer, or is
 *   its own byte swap (the order could not be told).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { byteOrderFrom, numbersIn, struct } from 'oxwire/combinators'
 * const file = byteOrderFrom({ v1: 0xa1b2c3d4 }, (order) => struct({ count: numbersIn(order).u16 }))
 * const little = Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1, 2, 0)
 * const value = decode(file, little)
 * assert.equal(value._tag === 'Right' && `${value.right.magic} ${value.right.byteOrder} ${value.right.count}`, 'v1 little 2')
 * assert.deepEqual(value._tag === 'Right' && encode(file, value.right), right(little))
 * ```
 * @category Numbers
 */
export function byteOrderFrom<const M extends Record<string, number>, A extends object>(
  magics: M,
  build: (order: ByteOrder, magic: keyof M & string) => Codec<A>,
): Codec<ByteOrderTag<keyof M & string> & A> {
  const cases: Record<number, Codec<never>> = {}
  const codes = new Map<string, number>()
  for (const [name, value] of Object.entries(magics)) {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`byteOrderFrom: magic ${name} is not a 32-bit unsigned integer`)
    if (swap32(value) === value) throw new RangeError(`byteOrderFrom: magic ${name} reads the same in both orders`)
    for (const order of ['big', 'little'] as const) {
      const code = order === 'big' ? value : swap32(value)
      if (cases[code] !== undefined) throw new RangeError(`byteOrderFrom: magic 0x${code.toString(16)} stands for two cases`)
      const body = build(order, name)
      cases[code] = <Codec<never>>(<unknown>imap(
        body,
        (a) => ({ magic: name, byteOrder: order, ...a }),
        (v: Record<string, unknown>) => {
          const { magic: _m, byteOrder: _o, ...rest } = v
          return rest as A
        },
      ))
      codes.set(`${name} ${order}`, code)
    }
  }
  const headOf = (v: { magic: string; byteOrder: ByteOrder }) => codes.get(`${v.magic} ${v.byteOrder}`) ?? -1
  return dependent(u32be, cases as never, headOf as never, { name: 'magic' }) as never
}
