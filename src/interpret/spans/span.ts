import type { Either } from 'fp-ts/lib/Either.js'
import type { Node } from '../../grammar/node.js'
import type { DecodeError, PathSegment } from '../../runtime/errors.js'

/**
 * What a span stands for in the decoded value:
 * - `value`: a part of the value (a field, an item, a region's content);
 * - `constant`: a fixed value the grammar checks, absent from the value;
 * - `length`: a region's length prefix;
 * - `count`: an array's item count;
 * - `tag`: the head of a dependent part (a type code choosing what follows);
 * - `checksum`: a stored checksum (see {@link Span.checksum} for its status).
 *
 * All but `value` are derived fields: encoding computes them and the decoded
 * value leaves them out.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodeSpans, type SpanRole } from 'oxwire'
 * import { constant, struct, u8, varBytes } from 'oxwire/combinators'
 * const { root } = decodeSpans(struct({ sync: constant(u8, 0x7e), data: varBytes(u8) }), Uint8Array.of(0x7e, 1, 0xaa))
 * const roles: SpanRole[] = root.children.map((s) => s.role)
 * assert.deepEqual(roles, ['constant', 'value'])
 * assert.equal(root.children[1]?.children[0]?.role, 'length')
 * ```
 * @category Spans
 */
export type SpanRole = 'value' | 'constant' | 'length' | 'count' | 'tag' | 'checksum'

/**
 * Whether a stored checksum matched the bytes it covers.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodeSpans, type ChecksumStatus } from 'oxwire'
 * import { bytes, checksummed, sum8, u8 } from 'oxwire/combinators'
 * const { root } = decodeSpans(checksummed(bytes(2), sum8, u8), Uint8Array.of(1, 2, 4))
 * const crc = root.children.find((s) => s.role === 'checksum')
 * const status: ChecksumStatus | undefined = crc?.checksum
 * assert.deepEqual(status, { algorithm: 'SUM-8', ok: false, expected: 3, found: 4, coveredOffset: 0, coveredLength: 2 })
 * ```
 * @category Spans
 */
export interface ChecksumStatus {
  /** The algorithm's catalogue name, e.g. `CRC-16/CCITT-FALSE`. */
  readonly algorithm: string
  /** True when the stored checksum equals the computed one. */
  readonly ok: boolean
  /** The checksum computed over the covered bytes; undefined when the algorithm failed. */
  readonly expected: number | undefined
  /** The checksum the input carried. */
  readonly found: number
  /** First covered byte. */
  readonly coveredOffset: number
  /** Number of covered bytes. */
  readonly coveredLength: number
}

/**
 * Where a bit field sits inside the bytes of its span: `offset` bits from the
 * most significant bit of the first byte, `width` bits long. In a
 * least-significant-bit-first group (`lsbFirst`), `offset` counts instead
 * from the least significant bit of the first byte upwards, then through
 * the next byte from its least significant bit, as such formats number them.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodeSpans, type BitRange } from 'oxwire'
 * import { bits, flag, uint } from 'oxwire/combinators'
 * const { root } = decodeSpans(bits({ version: uint(4), ihl: uint(3), df: flag }), Uint8Array.of(0x4b))
 * const ranges: (BitRange | undefined)[] = root.children.map((s) => s.bits)
 * assert.deepEqual(ranges, [{ offset: 0, width: 4 }, { offset: 4, width: 3 }, { offset: 7, width: 1 }])
 * ```
 * @category Spans
 */
export interface BitRange {
  /** Bits from the most significant bit of the span's first byte (or the least, with `lsbFirst`). */
  readonly offset: number
  /** Width in bits. */
  readonly width: number
  /** The group is least significant bit first; `offset` counts from the low end. */
  readonly lsbFirst?: true
}

/**
 * One field of a decoded input and the bytes it came from. The children of
 * a complete span tile its bytes: they follow one another without gaps or
 * overlaps from its first byte to its last (bit fields instead tile the bits
 * of their span, each naming its bits in {@link Span.bits}).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodeSpans, type Span } from 'oxwire'
 * import { struct, u8, u16be } from 'oxwire/combinators'
 * const { root } = decodeSpans(struct({ id: u8, size: u16be }), Uint8Array.of(1, 0))
 * const size: Span | undefined = root.children[1]
 * // Decoding failed inside `size`: its span is incomplete and carries the error.
 * assert.deepEqual([size?.name, size?.offset, size?.complete, size?.error?.kind], ['size', 1, false, 'incomplete'])
 * ```
 * @category Spans
 */
export interface Span {
  /**
   * Where the value sits in the decoded value (struct keys and array
   * indices). Derived fields add their own name to the path of the part they
   * belong to: `payload.length`, `type`, `crc`.
   */
  readonly path: readonly PathSegment[]
  /** Short name of the field: its key, its index, or `length`, `count`, `crc`, the head's name, `value` (a region's content). */
  readonly name: string
  /** What the span stands for. */
  readonly role: SpanRole
  /** The kind of grammar node that read it. */
  readonly kind: Node['tag']
  /** First byte. */
  readonly offset: number
  /** Number of bytes. */
  readonly length: number
  /**
   * The decoded value: a field's value, or for derived fields the value on
   * the wire (the length, the constant, the head, the stored checksum).
   * Undefined when decoding failed inside the span.
   */
  readonly value: unknown
  /** False when decoding failed inside this span (then it may be shorter than its field). */
  readonly complete: boolean
  /** On the innermost span where decoding failed: the error. */
  readonly error?: DecodeError
  /** On checksum spans: whether it matched. */
  readonly checksum?: ChecksumStatus
  /** On bit fields: which bits of the span's bytes. */
  readonly bits?: BitRange
  /** The parts of this span, in wire order. */
  readonly children: readonly Span[]
}

/**
 * What {@link decodeSpans} gives: the same result as `decode`, and the span
 * tree of everything decoded, up to the failure if there was one.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, decodeSpans, type DecodedSpans } from 'oxwire'
 * import { array, u8 } from 'oxwire/combinators'
 * const bytes = Uint8Array.of(3, 1, 2, 3)
 * const spans: DecodedSpans<number[]> = decodeSpans(array(u8, u8), bytes, { maxSpans: 3 })
 * assert.deepEqual(spans.result, decode(array(u8, u8), bytes)) // the same answer as decode
 * assert.equal(spans.truncated, true) // more than 3 spans were found
 * ```
 * @category Spans
 */
export interface DecodedSpans<A> {
  /** Exactly what `decode` answers for the same grammar and bytes. */
  readonly result: Either<DecodeError, A>
  /** The whole input's span; on failure, holding the spans decoded so far. */
  readonly root: Span
  /** True when {@link SpansOptions.maxSpans} stopped the tree from growing (decoding went on). */
  readonly truncated: boolean
}

/**
 * Options of {@link decodeSpans}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodeSpans, type SpansOptions } from 'oxwire'
 * import { many, u8 } from 'oxwire/combinators'
 * const options: SpansOptions = { maxSpans: 10 }
 * const { result, truncated } = decodeSpans(many(u8), new Uint8Array(1000), options)
 * assert.equal(result._tag === 'Right' && result.right.length, 1000) // decoding went on
 * assert.equal(truncated, true)
 * ```
 * @category Spans
 */
export interface SpansOptions {
  /**
   * Most spans to keep (default 100 000): decoding a large input of small
   * items goes on past it, but the tree stops growing and `truncated` is set.
   */
  readonly maxSpans?: number
}
