import { codec, type Codec } from '../src/grammar/codec.js'

function int(size: 1 | 2 | 3 | 4, signed: boolean, littleEndian: boolean): Codec<number> {
  return codec({ tag: 'int', size, signed, littleEndian })
}
function big(signed: boolean, littleEndian: boolean): Codec<bigint> {
  return codec({ tag: 'bigint', signed, littleEndian })
}
function float(size: 4 | 8, littleEndian: boolean): Codec<number> {
  return codec({ tag: 'float', size, littleEndian })
}

/**
 * Unsigned 8-bit integer, 0..255. Encoding anything else is a `range` error.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { u8 } from 'oxwire/combinators'
 * assert.deepEqual(decode(u8, Uint8Array.of(0xff)), right(255))
 * const tooBig = encode(u8, 256)
 * assert.ok(tooBig._tag === 'Left' && tooBig.left.kind === 'range')
 * ```
 * @category Numbers
 */
export const u8: Codec<number> = int(1, false, false)
/**
 * Signed 8-bit integer, -128..127.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { i8 } from 'oxwire/combinators'
 * assert.deepEqual(decode(i8, Uint8Array.of(0xff)), right(-1))
 * assert.deepEqual(encode(i8, -128), right(Uint8Array.of(0x80)))
 * ```
 * @category Numbers
 */
export const i8: Codec<number> = int(1, true, false)
/**
 * Unsigned 16-bit big-endian integer.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { u16be } from 'oxwire/combinators'
 * assert.deepEqual(decode(u16be, Uint8Array.of(0x5a, 0xa5)), right(0x5aa5))
 * const short = decode(u16be, Uint8Array.of(0x5a))
 * assert.ok(short._tag === 'Left' && short.left.kind === 'incomplete' && short.left.needed === 1)
 * ```
 * @category Numbers
 */
export const u16be: Codec<number> = int(2, false, false)
/**
 * Unsigned 16-bit little-endian integer.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { u16le } from 'oxwire/combinators'
 * assert.deepEqual(decode(u16le, Uint8Array.of(0x34, 0x12)), right(0x1234))
 * assert.deepEqual(encode(u16le, 0x1234), right(Uint8Array.of(0x34, 0x12)))
 * ```
 * @category Numbers
 */
export const u16le: Codec<number> = int(2, false, true)
/**
 * Signed 16-bit big-endian integer.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { i16be } from 'oxwire/combinators'
 * assert.deepEqual(decode(i16be, Uint8Array.of(0xff, 0xfe)), right(-2))
 * ```
 * @category Numbers
 */
export const i16be: Codec<number> = int(2, true, false)
/**
 * Signed 16-bit little-endian integer.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { i16le } from 'oxwire/combinators'
 * assert.deepEqual(decode(i16le, Uint8Array.of(0xfe, 0xff)), right(-2))
 * ```
 * @category Numbers
 */
export const i16le: Codec<number> = int(2, true, true)
/**
 * Unsigned 24-bit big-endian integer, 0..16777215 (an MPEG-TS or
 * Bluetooth length, a 3-byte colour).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { u24be } from 'oxwire/combinators'
 * assert.deepEqual(decode(u24be, Uint8Array.of(0x01, 0x02, 0x03)), right(0x010203))
 * assert.deepEqual(encode(u24be, 0xabcdef), right(Uint8Array.of(0xab, 0xcd, 0xef)))
 * assert.equal(encode(u24be, 0x1000000)._tag, 'Left') // does not fit 24 bits
 * ```
 * @category Numbers
 */
export const u24be: Codec<number> = int(3, false, false)
/**
 * Unsigned 24-bit little-endian integer, 0..16777215.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { u24le } from 'oxwire/combinators'
 * assert.deepEqual(decode(u24le, Uint8Array.of(0x03, 0x02, 0x01)), right(0x010203))
 * ```
 * @category Numbers
 */
export const u24le: Codec<number> = int(3, false, true)
/**
 * Signed 24-bit big-endian integer (two's complement), -8388608..8388607.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { i24be } from 'oxwire/combinators'
 * assert.deepEqual(decode(i24be, Uint8Array.of(0xff, 0xff, 0xfe)), right(-2))
 * assert.deepEqual(encode(i24be, -8388608), right(Uint8Array.of(0x80, 0, 0)))
 * ```
 * @category Numbers
 */
export const i24be: Codec<number> = int(3, true, false)
/**
 * Signed 24-bit little-endian integer (two's complement), -8388608..8388607.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { i24le } from 'oxwire/combinators'
 * assert.deepEqual(decode(i24le, Uint8Array.of(0xfe, 0xff, 0xff)), right(-2))
 * ```
 * @category Numbers
 */
export const i24le: Codec<number> = int(3, true, true)
/**
 * Unsigned 32-bit big-endian integer.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { u32be } from 'oxwire/combinators'
 * assert.deepEqual(decode(u32be, Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd4)), right(0xa1b2c3d4))
 * ```
 * @category Numbers
 */
export const u32be: Codec<number> = int(4, false, false)
/**
 * Unsigned 32-bit little-endian integer.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { u32le } from 'oxwire/combinators'
 * assert.deepEqual(decode(u32le, Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1)), right(0xa1b2c3d4))
 * ```
 * @category Numbers
 */
export const u32le: Codec<number> = int(4, false, true)
/**
 * Signed 32-bit big-endian integer.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { i32be } from 'oxwire/combinators'
 * assert.deepEqual(encode(i32be, -1), right(Uint8Array.of(0xff, 0xff, 0xff, 0xff)))
 * ```
 * @category Numbers
 */
export const i32be: Codec<number> = int(4, true, false)
/**
 * Signed 32-bit little-endian integer.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { i32le } from 'oxwire/combinators'
 * assert.deepEqual(decode(i32le, Uint8Array.of(0x00, 0x00, 0x00, 0x80)), right(-2147483648))
 * ```
 * @category Numbers
 */
export const i32le: Codec<number> = int(4, true, true)
/**
 * Unsigned 64-bit big-endian integer as a bigint (the full range is exact).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { u64be } from 'oxwire/combinators'
 * assert.deepEqual(decode(u64be, new Uint8Array(8).fill(0xff)), right(18446744073709551615n))
 * ```
 * @category Numbers
 */
export const u64be: Codec<bigint> = big(false, false)
/**
 * Unsigned 64-bit little-endian integer as a bigint.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { u64le } from 'oxwire/combinators'
 * assert.deepEqual(encode(u64le, 1n), right(Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0)))
 * ```
 * @category Numbers
 */
export const u64le: Codec<bigint> = big(false, true)
/**
 * Signed 64-bit big-endian integer as a bigint.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { i64be } from 'oxwire/combinators'
 * assert.deepEqual(decode(i64be, new Uint8Array(8).fill(0xff)), right(-1n))
 * ```
 * @category Numbers
 */
export const i64be: Codec<bigint> = big(true, false)
/**
 * Signed 64-bit little-endian integer as a bigint.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { i64le } from 'oxwire/combinators'
 * assert.deepEqual(decode(i64le, Uint8Array.of(0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), right(-2n))
 * ```
 * @category Numbers
 */
export const i64le: Codec<bigint> = big(true, true)
/**
 * IEEE 754 binary32, big-endian. Encoding rounds to the nearest binary32
 * (as `Math.fround`); a finite value beyond its range is a `range` error.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { f32be } from 'oxwire/combinators'
 * assert.deepEqual(encode(f32be, 1.5), right(Uint8Array.of(0x3f, 0xc0, 0, 0)))
 * assert.deepEqual(decode(f32be, Uint8Array.of(0x3d, 0xcc, 0xcc, 0xcd)), right(Math.fround(0.1)))
 * ```
 * @category Numbers
 */
export const f32be: Codec<number> = float(4, false)
/**
 * IEEE 754 binary32, little-endian; see {@link f32be}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { f32le } from 'oxwire/combinators'
 * assert.deepEqual(decode(f32le, Uint8Array.of(0, 0, 0xc0, 0x3f)), right(1.5))
 * ```
 * @category Numbers
 */
export const f32le: Codec<number> = float(4, true)
/**
 * IEEE 754 binary64, big-endian.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { f64be } from 'oxwire/combinators'
 * assert.deepEqual(encode(f64be, 1), right(Uint8Array.of(0x3f, 0xf0, 0, 0, 0, 0, 0, 0)))
 * ```
 * @category Numbers
 */
export const f64be: Codec<number> = float(8, false)
/**
 * IEEE 754 binary64, little-endian.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { f64le } from 'oxwire/combinators'
 * assert.deepEqual(decode(f64le, Uint8Array.of(0, 0, 0, 0, 0, 0, 0xf0, 0x3f)), right(1))
 * ```
 * @category Numbers
 */
export const f64le: Codec<number> = float(8, true)
