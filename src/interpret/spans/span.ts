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
 * @category Spans
 */
export type SpanRole = 'value' | 'constant' | 'length' | 'count' | 'tag' | 'checksum'

/**
 * Whether a stored checksum matched the bytes it covers.
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
 * @category Spans
 */
export interface SpansOptions {
  /**
   * Most spans to keep (default 100 000): decoding a large input of small
   * items goes on past it, but the tree stops growing and `truncated` is set.
   */
  readonly maxSpans?: number
}
