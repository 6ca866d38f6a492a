import fc, { type Arbitrary } from 'fast-check'
import type { Codec } from '../grammar/codec.js'
import { lengthFields, pointPastEnd } from './length-fields.js'

/**
 * A byte XORed with `xor` (1..255, so that it differs).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u16be } from 'oxwire/combinators'
 * import { mutate, type ByteChange } from 'oxwire/testing'
 * const flip: ByteChange = { kind: 'change', offset: 0, xor: 0xff }
 * assert.deepEqual(mutate(u16be, 1, Uint8Array.of(0, 1), flip), Uint8Array.of(0xff, 1))
 * ```
 * @category Testing
 */
export interface ByteChange {
  /** Discriminant. */ readonly kind: 'change'
  /** Which byte. */ readonly offset: number
  /** What it is XORed with. */ readonly xor: number
}

/**
 * Only the first `length` bytes kept.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u32be } from 'oxwire/combinators'
 * import { mutate, type Truncation } from 'oxwire/testing'
 * const cut: Truncation = { kind: 'truncate', length: 3 }
 * assert.deepEqual(mutate(u32be, 1, Uint8Array.of(0, 0, 0, 1), cut), Uint8Array.of(0, 0, 0))
 * ```
 * @category Testing
 */
export interface Truncation {
  /** Discriminant. */ readonly kind: 'truncate'
  /** Bytes kept. */ readonly length: number
}

/**
 * Garbage inserted before `offset`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u16be } from 'oxwire/combinators'
 * import { mutate, type Insertion } from 'oxwire/testing'
 * const garbage: Insertion = { kind: 'insert', offset: 1, bytes: Uint8Array.of(0xee) }
 * assert.deepEqual(mutate(u16be, 1, Uint8Array.of(0, 1), garbage), Uint8Array.of(0, 0xee, 1))
 * ```
 * @category Testing
 */
export interface Insertion {
  /** Discriminant. */ readonly kind: 'insert'
  /** Where. */ readonly offset: number
  /** The inserted bytes. */ readonly bytes: Uint8Array
}

/**
 * The length or count field at `offset` made to claim more than the rest of the input holds.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { u8, varBytes } from 'oxwire/combinators'
 * import { mutate, type LengthPastEnd } from 'oxwire/testing'
 * const lie: LengthPastEnd = { kind: 'lengthPastEnd', offset: 0 }
 * const damaged = mutate(varBytes(u8), Uint8Array.of(9), Uint8Array.of(1, 9), lie)
 * assert.deepEqual(damaged, Uint8Array.of(2, 9))
 * assert.equal(decode(varBytes(u8), damaged)._tag, 'Left')
 * ```
 * @category Testing
 */
export interface LengthPastEnd {
  /** Discriminant. */ readonly kind: 'lengthPastEnd'
  /** Offset of the field (see {@link lengthFields}). */ readonly offset: number
}

/**
 * One way to damage a valid frame, for negative tests.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { checksummed, crc16CcittFalse, u16be, u32be } from 'oxwire/combinators'
 * import { mutate, type Mutation } from 'oxwire/testing'
 * const frame = checksummed(u32be, crc16CcittFalse, u16be)
 * const bytes = encode(frame, 0xdeadbeef)
 * assert.ok(bytes._tag === 'Right')
 * const damage: Mutation[] = [{ kind: 'change', offset: 1, xor: 1 }, { kind: 'truncate', length: 5 }]
 * const kinds = damage.map((m) => decode(frame, mutate(frame, 0xdeadbeef, bytes.right, m))).map((r) => r._tag === 'Left' && r.left.kind)
 * assert.deepEqual(kinds, ['checksum', 'incomplete'])
 * ```
 * @category Testing
 */
export type Mutation = ByteChange | Truncation | Insertion | LengthPastEnd

/**
 * A copy of `bytes` with byte `offset` XORed with `xor`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { changeByte } from 'oxwire/testing'
 * const original = Uint8Array.of(1, 2, 3)
 * assert.deepEqual(changeByte(original, 1, 0xff), Uint8Array.of(1, 0xfd, 3))
 * assert.deepEqual(original, Uint8Array.of(1, 2, 3)) // a copy is changed
 * ```
 * @category Testing
 */
export function changeByte(bytes: Uint8Array, offset: number, xor: number): Uint8Array {
  const out = bytes.slice()
  out[offset] = (bytes[offset] as number) ^ xor
  return out
}

/**
 * A copy of `bytes` with `garbage` inserted before `offset`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { insertBytes } from 'oxwire/testing'
 * assert.deepEqual(insertBytes(Uint8Array.of(1, 2), 1, Uint8Array.of(9)), Uint8Array.of(1, 9, 2))
 * ```
 * @category Testing
 */
export function insertBytes(bytes: Uint8Array, offset: number, garbage: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + garbage.length)
  out.set(bytes.subarray(0, offset))
  out.set(garbage, offset)
  out.set(bytes.subarray(offset), offset + garbage.length)
  return out
}

/**
 * Every strict prefix of `bytes`, shortest first (views, not copies).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { u16be } from 'oxwire/combinators'
 * import { truncations } from 'oxwire/testing'
 * assert.deepEqual(truncations(Uint8Array.of(1, 2)), [Uint8Array.of(), Uint8Array.of(1)])
 * for (const prefix of truncations(Uint8Array.of(1, 2))) {
 *   const result = decode(u16be, prefix)
 *   assert.ok(result._tag === 'Left' && result.left.kind === 'incomplete')
 * }
 * ```
 * @category Testing
 */
export function truncations(bytes: Uint8Array): Uint8Array[] {
  return Array.from({ length: bytes.length }, (_, n) => bytes.subarray(0, n))
}

/**
 * Applies a mutation to a frame of `grammar` whose value is `value`. A
 * `lengthPastEnd` mutation of an offset that holds no length field, or
 * whose field cannot be made to point past the end, gives the bytes
 * unchanged.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { telemetry } from 'oxwire/protocols'
 * import { mutate } from 'oxwire/testing'
 * const value = { seq: 1, timestamp: 0, payload: { type: 'heartbeat', uptime: 1, status: 0 } } as const
 * const bytes = encode(telemetry, value)
 * assert.ok(bytes._tag === 'Right')
 * const cut = mutate(telemetry, value, bytes.right, { kind: 'truncate', length: 3 })
 * assert.deepEqual(cut, bytes.right.subarray(0, 3))
 * const pastEnd = mutate(telemetry, value, bytes.right, { kind: 'lengthPastEnd', offset: 10 }) // TLM's payload length
 * const result = decode(telemetry, pastEnd)
 * assert.ok(result._tag === 'Left' && result.left.kind === 'incomplete')
 * ```
 * @category Testing
 */
export function mutate<A>(grammar: Codec<A>, value: A, bytes: Uint8Array, mutation: Mutation): Uint8Array {
  switch (mutation.kind) {
    case 'change':
      return changeByte(bytes, mutation.offset, mutation.xor)
    case 'truncate':
      return bytes.slice(0, mutation.length)
    case 'insert':
      return insertBytes(bytes, mutation.offset, mutation.bytes)
    case 'lengthPastEnd': {
      const field = lengthFields(grammar, value).find((f) => f.offset === mutation.offset)
      return (field && pointPastEnd(bytes, field)) ?? bytes
    }
  }
}

/**
 * An arbitrary mutation of a frame of `grammar` (its value and bytes): a
 * byte change, a truncation, inserted garbage, or, when the frame has
 * length or count fields, one of them pointed past the end.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import fc from 'fast-check'
 * import { decode } from 'oxwire'
 * import { telemetry } from 'oxwire/protocols'
 * import { arbitraryFrame, arbitraryMutation, mutate } from 'oxwire/testing'
 * const damaged = arbitraryFrame(telemetry).chain((f) => arbitraryMutation(telemetry, f.value, f.bytes).map((m) => mutate(telemetry, f.value, f.bytes, m)))
 * // The CRC covers every byte, so damage is always found.
 * fc.assert(fc.property(damaged, (bytes) => {
 *   assert.equal(decode(telemetry, bytes)._tag, 'Left')
 * }), { numRuns: 50 })
 * ```
 * @category Testing
 */
export function arbitraryMutation<A>(grammar: Codec<A>, value: A, bytes: Uint8Array): Arbitrary<Mutation> {
  const options: Arbitrary<Mutation>[] = [
    fc.record({ offset: fc.nat(bytes.length), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }).map((m) => ({ kind: 'insert', ...m })),
    fc.nat(bytes.length).map((length) => ({ kind: 'truncate', length: Math.max(0, Math.min(length, bytes.length - 1)) })),
  ]
  if (bytes.length > 0) {
    options.push(fc.record({ offset: fc.nat(bytes.length - 1), xor: fc.integer({ min: 1, max: 255 }) }).map((m) => ({ kind: 'change', ...m })))
  }
  const lengths = lengthFields(grammar, value).filter((f) => pointPastEnd(bytes, f) !== undefined)
  if (lengths.length > 0) options.push(fc.constantFrom(...lengths).map((f) => ({ kind: 'lengthPastEnd', offset: f.offset })))
  return fc.oneof(...options)
}
