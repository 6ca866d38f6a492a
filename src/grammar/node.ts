import type { ChecksumAlgorithm } from './checksum-algorithm.js'
import type { DecodeState } from '../runtime/decode-state.js'
import type { EncodeState } from '../runtime/encode-state.js'
import type { Expr } from './expression.js'
import type { ChecksumPolicy } from '../runtime/checksum-report.js'

export type { ChecksumPolicy } from '../runtime/checksum-report.js'
export type { TextEncodingNotUtf8 } from '../runtime/text-encoding.js'
import type { TextEncodingNotUtf8 } from '../runtime/text-encoding.js'

/**
 * The untyped face of every grammar: its structural description.
 *
 * Interpreters (decode, encode, size, arbitrary, describe, compile) walk this
 * tree; the static value type lives on `Codec`.
 * @category Core
 */
export interface Grammar {
  /** The node that describes this grammar; children are grammars too. */
  readonly node: Node
}

/**
 * The structural description of a grammar: one variant per kind of node.
 * Every interpreter switches on `tag` exhaustively, so a new node kind that
 * an interpreter forgets is a compile error.
 * @category Grammar nodes
 */
export type Node =
  | IntNode
  | BigIntNode
  | FloatNode
  | Uleb128Node
  | BytesNode
  | Utf8Node
  | TextNode
  | TerminatedNode
  | PaddedNode
  | UntilLastNode
  | ConstantNode
  | MarkerNode
  | BitsNode
  | StructNode
  | InlineNode
  | EnumNode
  | RangeNode
  | RefineNode
  | MapNode
  | ArrayNode
  | ManyNode
  | RepeatUntilNode
  | LazyNode
  | SizedNode
  | DependentNode
  | ChecksumNode
  | NamedNode
  | OneOfNode
  | CustomNode
  | DerivedNode
  | ExprNode
  | ChecksumFieldNode

/** A fixed-width integer read as a JavaScript number. @category Grammar nodes */
export interface IntNode {
  /** Discriminant. */ readonly tag: 'int'
  /** Width in bytes. */ readonly size: 1 | 2 | 3 | 4
  /** Two's complement when true. */ readonly signed: boolean
  /** Byte order; ignored for one byte. */ readonly littleEndian: boolean
}

/** A 64-bit integer read as a bigint. @category Grammar nodes */
export interface BigIntNode {
  /** Discriminant. */ readonly tag: 'bigint'
  /** Two's complement when true. */ readonly signed: boolean
  /** Byte order. */ readonly littleEndian: boolean
}

/** An IEEE 754 float. @category Grammar nodes */
export interface FloatNode {
  /** Discriminant. */ readonly tag: 'float'
  /** 4 for binary32, 8 for binary64. */ readonly size: 4 | 8
  /** Byte order. */ readonly littleEndian: boolean
}

/** An unsigned LEB128 varint with a byte limit and a minimality rule. @category Grammar nodes */
export interface Uleb128Node {
  /** Discriminant. */ readonly tag: 'uleb128'
  /** Most bytes the encoding may take (1..5). */ readonly maxBytes: number
}

/** Raw bytes: a fixed count, or the rest of the enclosing region. @category Grammar nodes */
export interface BytesNode {
  /** Discriminant. */ readonly tag: 'bytes'
  /** Byte count, or undefined for "the rest of the region". */ readonly size: number | undefined
}

/** UTF-8 text over a grammar of bytes. @category Grammar nodes */
export interface Utf8Node {
  /** Discriminant. */ readonly tag: 'utf8'
  /** The grammar of the encoded bytes. */ readonly inner: Grammar
}


/** Text in a single-byte or UTF-16 encoding over a grammar of bytes. @category Grammar nodes */
export interface TextNode {
  /** Discriminant. */ readonly tag: 'text'
  /** The encoding. */ readonly encoding: TextEncodingNotUtf8
  /** The grammar of the encoded bytes. */ readonly inner: Grammar
}

/**
 * Bytes up to a terminator, which is consumed and left out of the value.
 * A two-byte terminator is a UTF-16 code unit: it matches only at an even
 * distance from the start.
 * @category Grammar nodes
 */
export interface TerminatedNode {
  /** Discriminant. */ readonly tag: 'terminated'
  /** The terminator, one or two bytes. */ readonly terminator: Uint8Array
}

/**
 * Bytes in a field of fixed width, filled up with a pad: trailing pad
 * units are trimmed on decode and added on encode. A two-byte pad is a
 * UTF-16 code unit, trimmed only as a whole unit.
 * @category Grammar nodes
 */
export interface PaddedNode {
  /** Discriminant. */ readonly tag: 'padded'
  /** Width of the field in bytes (a multiple of the pad's length). */ readonly width: number
  /** The pad unit, one or two bytes. */ readonly pad: Uint8Array
}

/**
 * A region of everything left in the enclosing region (or input) except
 * its last `reserve` bytes, which the fields after it read (gzip's
 * compressed data before its 8-byte trailer).
 * @category Grammar nodes
 */
export interface UntilLastNode {
  /** Discriminant. */ readonly tag: 'untilLast'
  /** Bytes left after the region. */ readonly reserve: number
  /** The grammar confined to the region; it must use all of it. */ readonly inner: Grammar
}

/** A fixed value, checked on decode, written on encode, absent from the value. @category Grammar nodes */
export interface ConstantNode {
  /** Discriminant. */ readonly tag: 'constant'
  /** The grammar the constant is written in. */ readonly inner: Grammar
  /** The value, as `inner` decodes it. */ readonly value: unknown
  /** The value's encoding, compared byte by byte on decode. */ readonly bytes: Uint8Array
}

/** A detection marker: once it has matched, later failures are committed. @category Grammar nodes */
export interface MarkerNode {
  /** Discriminant. */ readonly tag: 'marker'
  /** The marker's grammar, usually a constant. */ readonly inner: Grammar
}

/**
 * One field of a {@link BitsNode}. A `uint` or `int` field wider than 53
 * bits decodes to a bigint (a number holds 53 bits exactly); narrower ones
 * to a number.
 * @category Grammar nodes
 */
export type BitField =
  | {
      /** An unsigned number. */ readonly kind: 'uint'
      /** Width in bits (1..64). */ readonly width: number
      /** Absent from the value, computed on encode (see `derived`). */ readonly derived?: true
    }
  | {
      /** A signed number, two's complement within the field's width. */ readonly kind: 'int'
      /** Width in bits (1..64). */ readonly width: number
      /** Absent from the value, computed on encode (see `derived`). */ readonly derived?: true
    }
  | {
      /** A boolean. */ readonly kind: 'flag'
      /** Always one bit. */ readonly width: 1
      /** Absent from the value, computed on encode (see `derived`). */ readonly derived?: true
    }
  | {
      /** A fixed value, absent from the decoded value. */ readonly kind: 'constant'
      /** Width in bits (1..53). */ readonly width: number
      /** The required value. */ readonly value: number
      /** Part of a detection marker (see `marker`). */ readonly marker: boolean
    }

/**
 * Bit fields packed into whole bytes. With `lsbFirst` false (network
 * order), the first field takes the most significant bits of the first
 * byte and the bytes form a big-endian word; with `lsbFirst` true (DEFLATE,
 * many radio formats; Kaitai's `bit-endian: le`), the first field takes the
 * least significant bits of the first byte and the bytes form a
 * little-endian word.
 * @category Grammar nodes
 */
export interface BitsNode {
  /** Discriminant. */ readonly tag: 'bits'
  /** Field names and kinds, in the order they are read. */ readonly fields: readonly (readonly [string, BitField])[]
  /** Total width in bytes (1..8). */ readonly size: number
  /** Least significant bit first (see above). */ readonly lsbFirst: boolean
}

/** Named fields in order; constants are left out of the value. @category Grammar nodes */
export interface StructNode {
  /** Discriminant. */ readonly tag: 'struct'
  /** Field names and grammars, in wire order. */ readonly fields: readonly (readonly [string, Grammar])[]
}

/** A struct-valued grammar whose fields merge into the enclosing struct. @category Grammar nodes */
export interface InlineNode {
  /** Discriminant. */ readonly tag: 'inline'
  /** A grammar whose value is an object. */ readonly inner: Grammar
}

/** Numeric codes named by strings; an unknown code is invalid. @category Grammar nodes */
export interface EnumNode {
  /** Discriminant. */ readonly tag: 'enum'
  /** The grammar of the code. */ readonly inner: Grammar
  /** Name to code. */ readonly codes: Readonly<Record<string, number>>
  /** Code to name. */ readonly names: ReadonlyMap<number, string>
}

/** An inclusive numeric range on a number or bigint grammar. @category Grammar nodes */
export interface RangeNode {
  /** Discriminant. */ readonly tag: 'range'
  /** The grammar being limited. */ readonly inner: Grammar
  /** Smallest allowed value. */ readonly min: number | bigint
  /** Largest allowed value. */ readonly max: number | bigint
}

/** A predicate on decoded (and to-be-encoded) values. @category Grammar nodes */
export interface RefineNode {
  /** Discriminant. */ readonly tag: 'refine'
  /** The grammar being refined. */ readonly inner: Grammar
  /** True for allowed values. */ readonly check: (value: unknown) => boolean
  /** Says what the predicate requires. */ readonly message: string
}

/** A two-way transformation of a grammar's value. @category Grammar nodes */
export interface MapNode {
  /** Discriminant. */ readonly tag: 'map'
  /** The grammar whose value is transformed. */ readonly inner: Grammar
  /** Inner value to outer value. */ readonly decode: (value: unknown) => unknown
  /** Outer value to inner value. */ readonly encode: (value: unknown) => unknown
  /**
   * Set by `tagged`: `decode` puts `key: value` in front of the inner
   * object's properties and `encode` takes it off, so the compiler can build
   * the value as one object literal instead of calling them.
   */
  readonly discriminant?: {
    /** The property name. */ readonly key: string
    /** Its value. */ readonly value: string
  }
}

/** A counted sequence: a fixed count or a count field written before the items. @category Grammar nodes */
export interface ArrayNode {
  /** Discriminant. */ readonly tag: 'array'
  /** Fixed count, or the grammar of the count prefix. */ readonly count: number | Grammar
  /** The grammar of one item. */ readonly item: Grammar
}

/** Items until the enclosing region ends. @category Grammar nodes */
export interface ManyNode {
  /** Discriminant. */ readonly tag: 'many'
  /** The grammar of one item. */ readonly item: Grammar
}

/**
 * Items until one satisfies a predicate, that item included (Kaitai's
 * `repeat-until`). @category Grammar nodes
 */
export interface RepeatUntilNode {
  /** Discriminant. */ readonly tag: 'repeatUntil'
  /** The grammar of one item. */ readonly item: Grammar
  /** True for the last item. */ readonly until: (item: unknown) => boolean
  /** Most items, or Infinity (the input bounds them then). */ readonly maxItems: number
}

/**
 * A grammar given by a function, called on first use: how a grammar refers
 * to itself (a tree, nested TLVs). @category Grammar nodes
 */
export interface LazyNode {
  /** Discriminant. */ readonly tag: 'lazy'
  /** Name shown in layouts and errors. */ readonly name: string
  /** Gives the grammar; called once. */ readonly resolve: () => Grammar
  /** Deepest nesting of lazy grammars that decode and encode go into. */ readonly maxDepth: number
}

/** A region of exactly N bytes that the inner grammar must use fully. @category Grammar nodes */
export interface SizedNode {
  /** Discriminant. */ readonly tag: 'sized'
  /** Fixed byte count, or the grammar of the length prefix. */ readonly length: number | Grammar
  /** The grammar confined to the region. */ readonly inner: Grammar
}

/** A head value chooses the grammar of what follows; encoding derives the head. @category Grammar nodes */
export interface DependentNode {
  /** Discriminant. */ readonly tag: 'dependent'
  /** Name pushed on the path for errors in the head. */ readonly headName: string
  /** The grammar of the head (a tag, a type code, ...). */ readonly head: Grammar
  /** Body grammar for each known head value, keyed by `String(head)`. */ readonly cases: Readonly<Record<string, Grammar>>
  /** Body grammar for head values with no case, if any are allowed. */ readonly otherwise: ((head: unknown) => Grammar) | undefined
  /** The head that a body value needs. */ readonly headOf: (value: unknown) => unknown
}

/** A checksum over the bytes of `inner`, stored after it. @category Grammar nodes */
export interface ChecksumNode {
  /** Discriminant. */ readonly tag: 'checksum'
  /** The covered grammar. */ readonly inner: Grammar
  /** The grammar of the stored checksum. */ readonly field: Grammar
  /** The algorithm. */ readonly algorithm: ChecksumAlgorithm
  /** Bytes of `inner` left out of the checksum at its start. */ readonly skipStart: number
  /** Bytes of `inner` left out of the checksum at its end. */ readonly skipEnd: number
}

/** A grammar with a name, for `oneOf`. @category Grammar nodes */
export interface NamedNode {
  /** Discriminant. */ readonly tag: 'named'
  /** The name. */ readonly name: string
  /** The grammar. */ readonly inner: Grammar
}

/** Alternatives tried in order; the value says which matched. @category Grammar nodes */
export interface OneOfNode {
  /** Discriminant. */ readonly tag: 'oneOf'
  /** The alternatives, in trial order. */ readonly alternatives: readonly NamedNode[]
}

/** A hand-written grammar for what the vocabulary cannot say. @category Grammar nodes */
export interface CustomNode {
  /** Discriminant. */ readonly tag: 'custom'
  /** Name shown in descriptions. */ readonly name: string
  /** Reads a value; on failure calls one of the state's `fail` methods. */ readonly decode: (state: DecodeState) => unknown
  /** Writes a value; on failure calls the state's `fail`. */ readonly encode: (state: EncodeState, value: unknown) => void
  /** Smallest and largest encoded size in bytes. */ readonly size: SizeRange
}

/** Smallest and largest size in bytes. @category Grammar nodes */
export interface SizeRange {
  /** Fewest bytes. */ readonly min: number
  /** Most bytes, or Infinity. */ readonly max: number
}

/**
 * A field whose value is absent from the decoded value: decoding reads it
 * (later fields refer to it by name), encoding computes it from what
 * refers to it (a size, count, presence or case). Fixed size.
 * @category Grammar nodes
 */
export interface DerivedNode {
  /** Discriminant. */ readonly tag: 'derived'
  /** The grammar of the stored value. */ readonly inner: Grammar
}

/**
 * A grammar of zero bytes whose value is an expression of fields decoded
 * before it. As the length of `sized`, the count of `array` or the head of
 * `dependent`, it makes a size, count or case computed from earlier fields;
 * encoding it states that the expression must equal the value given, which
 * is how derived fields are solved.
 * @category Grammar nodes
 */
export interface ExprNode {
  /** Discriminant. */ readonly tag: 'expr'
  /** The expression. */ readonly expr: Expr
}


/**
 * Bytes from outside the covered region that a checksum also covers, in
 * front of it (the TCP/UDP pseudo-header): built from fields of enclosing
 * grammars.
 * @category Grammar nodes
 */
export interface ChecksumContext {
  /** The grammar the context bytes are written in. */ readonly grammar: Grammar
  /**
   * The context value, from fields of enclosing grammars (`get(name)`) and
   * the covered region's length; undefined when the context is not there
   * (the checksum is then unverified).
   */
  readonly value: (get: (name: string) => unknown, length: number) => unknown
}

/**
 * A checksum field stored inside the bytes it covers: the enclosing struct,
 * computed with this field's bytes zeroed, after an optional context
 * prefix. Absent from the value; computed on encode.
 * @category Grammar nodes
 */
export interface ChecksumFieldNode {
  /** Discriminant. */ readonly tag: 'checksumField'
  /** The grammar of the stored checksum (a fixed-size unsigned integer). */ readonly field: Grammar
  /** The algorithm. */ readonly algorithm: ChecksumAlgorithm
  /** Verify (mismatch is an error), report (decode goes on) or ignore. */ readonly policy: ChecksumPolicy
  /** Bytes covered in front of the region, if any. */ readonly context: ChecksumContext | undefined
}
