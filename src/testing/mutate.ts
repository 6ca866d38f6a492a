import fc, { type Arbitrary } from 'fast-check'
import type { Codec } from '../grammar/codec.js'
import { lengthFields, pointPastEnd } from './length-fields.js'

/**
 * A byte XORed with `xor` (1..255, so that it differs).
 * @example
 * ```ts
 * mutate(g, value, bytes, { kind: 'change', offset: 0, xor: 0xff })
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
 * mutate(g, value, bytes, { kind: 'truncate', length: 3 })
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
 * mutate(g, value, bytes, { kind: 'insert', offset: 2, bytes: Uint8Array.of(0xff, 0x00) })
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
 * mutate(telemetry, frame, bytes, { kind: 'lengthPastEnd', offset: 10 }) // TLM's payload length
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
 * const damage: Mutation[] = [{ kind: 'change', offset: 4, xor: 1 }, { kind: 'truncate', length: 0 }]
 * ```
 * @category Testing
 */
export type Mutation = ByteChange | Truncation | Insertion | LengthPastEnd

/**
 * A copy of `bytes` with byte `offset` XORed with `xor`.
 * @example
 * ```ts
 * changeByte(Uint8Array.of(1, 2, 3), 1, 0xff) // Uint8Array [1, 0xfd, 3]
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
 * insertBytes(Uint8Array.of(1, 2), 1, Uint8Array.of(9)) // Uint8Array [1, 9, 2]
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
 * truncations(Uint8Array.of(1, 2)) // [Uint8Array [], Uint8Array [1]]
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
 * mutate(telemetry, frame.value, frame.bytes, { kind: 'truncate', length: 3 }) // the first 3 bytes
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
 * fc.assert(fc.property(arbitraryFrame(g).chain((f) => arbitraryMutation(g, f.value, f.bytes).map((m) => ({ ...f, m }))),
 *   ({ value, bytes, m }) => decode(g, mutate(g, value, bytes, m))._tag === 'Left'))
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
