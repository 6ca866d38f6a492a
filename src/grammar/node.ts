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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { sizeBounds, type Grammar } from 'oxwire'
 * import { struct, u8, u16be } from 'oxwire/combinators'
 * // Interpreters take any grammar, whatever its value type.
 * const grammars: Grammar[] = [u8, struct({ id: u16be })]
 * assert.deepEqual(grammars.map((g) => sizeBounds(g).max), [1, 2])
 * ```
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { Node } from 'oxwire'
 * import { struct, u8, u16be, varBytes } from 'oxwire/combinators'
 * // A walker over the tree: count the fields of every struct.
 * function fieldCount(node: Node): number {
 *   return node.tag === 'struct' ? node.fields.reduce((total, [, field]) => total + 1 + fieldCount(field.node), 0) : 0
 * }
 * assert.equal(fieldCount(struct({ id: u16be, body: struct({ kind: u8, data: varBytes(u8) }) }).node), 4)
 * ```
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

/**
 * A fixed-width integer read as a JavaScript number.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { IntNode } from 'oxwire'
 * import { u16le } from 'oxwire/combinators'
 * const { node } = u16le
 * assert.ok(node.tag === 'int')
 * const n: IntNode = node
 * assert.deepEqual([n.size, n.signed, n.littleEndian], [2, false, true])
 * ```
 * @category Grammar nodes
 */
export interface IntNode {
  /** Discriminant. */ readonly tag: 'int'
  /** Width in bytes. */ readonly size: 1 | 2 | 3 | 4
  /** Two's complement when true. */ readonly signed: boolean
  /** Byte order; ignored for one byte. */ readonly littleEndian: boolean
}

/**
 * A 64-bit integer read as a bigint.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { BigIntNode } from 'oxwire'
 * import { i64be } from 'oxwire/combinators'
 * const { node } = i64be
 * assert.ok(node.tag === 'bigint')
 * const n: BigIntNode = node
 * assert.deepEqual([n.signed, n.littleEndian], [true, false])
 * ```
 * @category Grammar nodes
 */
export interface BigIntNode {
  /** Discriminant. */ readonly tag: 'bigint'
  /** Two's complement when true. */ readonly signed: boolean
  /** Byte order. */ readonly littleEndian: boolean
}

/**
 * An IEEE 754 float.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { FloatNode } from 'oxwire'
 * import { f32le } from 'oxwire/combinators'
 * const { node } = f32le
 * assert.ok(node.tag === 'float')
 * const n: FloatNode = node
 * assert.deepEqual([n.size, n.littleEndian], [4, true])
 * ```
 * @category Grammar nodes
 */
export interface FloatNode {
  /** Discriminant. */ readonly tag: 'float'
  /** 4 for binary32, 8 for binary64. */ readonly size: 4 | 8
  /** Byte order. */ readonly littleEndian: boolean
}

/**
 * An unsigned LEB128 varint with a byte limit and a minimality rule.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { Uleb128Node } from 'oxwire'
 * import { uleb128 } from 'oxwire/combinators'
 * const { node } = uleb128(3)
 * assert.ok(node.tag === 'uleb128')
 * const n: Uleb128Node = node
 * assert.equal(n.maxBytes, 3)
 * ```
 * @category Grammar nodes
 */
export interface Uleb128Node {
  /** Discriminant. */ readonly tag: 'uleb128'
  /** Most bytes the encoding may take (1..5). */ readonly maxBytes: number
}

/**
 * Raw bytes: a fixed count, or the rest of the enclosing region.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { BytesNode } from 'oxwire'
 * import { bytes, rest } from 'oxwire/combinators'
 * const { node } = bytes(6)
 * assert.ok(node.tag === 'bytes')
 * const n: BytesNode = node
 * assert.equal(n.size, 6)
 * assert.ok(rest.node.tag === 'bytes' && rest.node.size === undefined)
 * ```
 * @category Grammar nodes
 */
export interface BytesNode {
  /** Discriminant. */ readonly tag: 'bytes'
  /** Byte count, or undefined for "the rest of the region". */ readonly size: number | undefined
}

/**
 * UTF-8 text over a grammar of bytes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { Utf8Node } from 'oxwire'
 * import { u8, utf8, varBytes } from 'oxwire/combinators'
 * const { node } = utf8(varBytes(u8))
 * assert.ok(node.tag === 'utf8')
 * const n: Utf8Node = node
 * assert.equal(n.inner.node.tag, 'sized')
 * ```
 * @category Grammar nodes
 */
export interface Utf8Node {
  /** Discriminant. */ readonly tag: 'utf8'
  /** The grammar of the encoded bytes. */ readonly inner: Grammar
}


/**
 * Text in a single-byte or UTF-16 encoding over a grammar of bytes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { TextNode } from 'oxwire'
 * import { text, varBytes, u8 } from 'oxwire/combinators'
 * const { node } = text(varBytes(u8), 'latin1')
 * assert.ok(node.tag === 'text')
 * const n: TextNode = node
 * assert.equal(n.encoding, 'latin1')
 * ```
 * @category Grammar nodes
 */
export interface TextNode {
  /** Discriminant. */ readonly tag: 'text'
  /** The encoding. */ readonly encoding: TextEncodingNotUtf8
  /** The grammar of the encoded bytes. */ readonly inner: Grammar
}

/**
 * Bytes up to a terminator, which is consumed and left out of the value.
 * A two-byte terminator is a UTF-16 code unit: it matches only at an even
 * distance from the start.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { TerminatedNode } from 'oxwire'
 * import { terminated } from 'oxwire/combinators'
 * const { node } = terminated(0x0a)
 * assert.ok(node.tag === 'terminated')
 * const n: TerminatedNode = node
 * assert.deepEqual(n.terminator, Uint8Array.of(0x0a))
 * ```
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { PaddedNode } from 'oxwire'
 * import { padded } from 'oxwire/combinators'
 * const { node } = padded(8, 0x20)
 * assert.ok(node.tag === 'padded')
 * const n: PaddedNode = node
 * assert.deepEqual([n.width, n.pad], [8, Uint8Array.of(0x20)])
 * ```
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { UntilLastNode } from 'oxwire'
 * import { rest, untilLast } from 'oxwire/combinators'
 * const { node } = untilLast(8, rest)
 * assert.ok(node.tag === 'untilLast')
 * const n: UntilLastNode = node
 * assert.equal(n.reserve, 8)
 * ```
 * @category Grammar nodes
 */
export interface UntilLastNode {
  /** Discriminant. */ readonly tag: 'untilLast'
  /** Bytes left after the region. */ readonly reserve: number
  /** The grammar confined to the region; it must use all of it. */ readonly inner: Grammar
}

/**
 * A fixed value, checked on decode, written on encode, absent from the value.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { ConstantNode } from 'oxwire'
 * import { constant, u16be } from 'oxwire/combinators'
 * const { node } = constant(u16be, 0x5aa5)
 * assert.ok(node.tag === 'constant')
 * const n: ConstantNode = node
 * assert.deepEqual(n.bytes, Uint8Array.of(0x5a, 0xa5))
 * ```
 * @category Grammar nodes
 */
export interface ConstantNode {
  /** Discriminant. */ readonly tag: 'constant'
  /** The grammar the constant is written in. */ readonly inner: Grammar
  /** The value, as `inner` decodes it. */ readonly value: unknown
  /** The value's encoding, compared byte by byte on decode. */ readonly bytes: Uint8Array
}

/**
 * A detection marker: once it has matched, later failures are committed.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { MarkerNode } from 'oxwire'
 * import { constant, marker, u8 } from 'oxwire/combinators'
 * const { node } = marker(constant(u8, 0xb5))
 * assert.ok(node.tag === 'marker')
 * const n: MarkerNode = node
 * assert.equal(n.inner.node.tag, 'constant')
 * ```
 * @category Grammar nodes
 */
export interface MarkerNode {
  /** Discriminant. */ readonly tag: 'marker'
  /** The marker's grammar, usually a constant. */ readonly inner: Grammar
}

/**
 * One field of a {@link BitsNode}. A `uint` or `int` field wider than 53
 * bits decodes to a bigint (a number holds 53 bits exactly); narrower ones
 * to a number.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { BitField } from 'oxwire'
 * import { bitConstant, bits, flag, uint } from 'oxwire/combinators'
 * const { node } = bits({ version: bitConstant(4, 4), ihl: uint(3), df: flag })
 * assert.ok(node.tag === 'bits')
 * const kinds = node.fields.map(([, field]: readonly [string, BitField]) => field.kind)
 * assert.deepEqual(kinds, ['constant', 'uint', 'flag'])
 * ```
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { BitsNode } from 'oxwire'
 * import { bits, flag, uint } from 'oxwire/combinators'
 * const { node } = bits({ version: uint(4), ihl: uint(3), df: flag })
 * assert.ok(node.tag === 'bits')
 * const n: BitsNode = node
 * assert.equal(n.size, 1)
 * assert.deepEqual(n.fields.map(([name]) => name), ['version', 'ihl', 'df'])
 * ```
 * @category Grammar nodes
 */
export interface BitsNode {
  /** Discriminant. */ readonly tag: 'bits'
  /** Field names and kinds, in the order they are read. */ readonly fields: readonly (readonly [string, BitField])[]
  /** Total width in bytes (1..8). */ readonly size: number
  /** Least significant bit first (see above). */ readonly lsbFirst: boolean
}

/**
 * Named fields in order; constants are left out of the value.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { StructNode } from 'oxwire'
 * import { struct, u8, u16be } from 'oxwire/combinators'
 * const { node } = struct({ id: u16be, flags: u8 })
 * assert.ok(node.tag === 'struct')
 * const n: StructNode = node
 * assert.deepEqual(n.fields.map(([name]) => name), ['id', 'flags'])
 * ```
 * @category Grammar nodes
 */
export interface StructNode {
  /** Discriminant. */ readonly tag: 'struct'
  /** Field names and grammars, in wire order. */ readonly fields: readonly (readonly [string, Grammar])[]
}

/**
 * A struct-valued grammar whose fields merge into the enclosing struct.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { InlineNode } from 'oxwire'
 * import { inline, sized, struct, u8 } from 'oxwire/combinators'
 * const { node } = inline(sized(1, struct({ id: u8 })))
 * assert.ok(node.tag === 'inline')
 * const n: InlineNode = node
 * assert.equal(n.inner.node.tag, 'sized')
 * ```
 * @category Grammar nodes
 */
export interface InlineNode {
  /** Discriminant. */ readonly tag: 'inline'
  /** A grammar whose value is an object. */ readonly inner: Grammar
}

/**
 * Numeric codes named by strings; an unknown code is invalid.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { EnumNode } from 'oxwire'
 * import { enumeration, u8 } from 'oxwire/combinators'
 * const { node } = enumeration(u8, { on: 1, off: 0 })
 * assert.ok(node.tag === 'enum')
 * const n: EnumNode = node
 * assert.equal(n.codes.on, 1)
 * assert.equal(n.names.get(0), 'off')
 * ```
 * @category Grammar nodes
 */
export interface EnumNode {
  /** Discriminant. */ readonly tag: 'enum'
  /** The grammar of the code. */ readonly inner: Grammar
  /** Name to code. */ readonly codes: Readonly<Record<string, number>>
  /** Code to name. */ readonly names: ReadonlyMap<number, string>
}

/**
 * An inclusive numeric range on a number or bigint grammar.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { RangeNode } from 'oxwire'
 * import { range, u16be } from 'oxwire/combinators'
 * const { node } = range(u16be, 1, 1500)
 * assert.ok(node.tag === 'range')
 * const n: RangeNode = node
 * assert.deepEqual([n.min, n.max], [1, 1500])
 * ```
 * @category Grammar nodes
 */
export interface RangeNode {
  /** Discriminant. */ readonly tag: 'range'
  /** The grammar being limited. */ readonly inner: Grammar
  /** Smallest allowed value. */ readonly min: number | bigint
  /** Largest allowed value. */ readonly max: number | bigint
}

/**
 * A predicate on decoded (and to-be-encoded) values.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { RefineNode } from 'oxwire'
 * import { refine, u8 } from 'oxwire/combinators'
 * const { node } = refine(u8, (v) => v % 2 === 0, 'must be even')
 * assert.ok(node.tag === 'refine')
 * const n: RefineNode = node
 * assert.equal(n.message, 'must be even')
 * assert.equal(n.check(3), false)
 * ```
 * @category Grammar nodes
 */
export interface RefineNode {
  /** Discriminant. */ readonly tag: 'refine'
  /** The grammar being refined. */ readonly inner: Grammar
  /** True for allowed values. */ readonly check: (value: unknown) => boolean
  /** Says what the predicate requires. */ readonly message: string
}

/**
 * A two-way transformation of a grammar's value.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { MapNode } from 'oxwire'
 * import { imap, u8 } from 'oxwire/combinators'
 * const { node } = imap(u8, (v) => v / 10, (v) => v * 10)
 * assert.ok(node.tag === 'map')
 * const n: MapNode = node
 * assert.equal(n.decode(25), 2.5)
 * assert.equal(n.encode(2.5), 25)
 * ```
 * @category Grammar nodes
 */
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

/**
 * A counted sequence: a fixed count or a count field written before the items.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { ArrayNode } from 'oxwire'
 * import { array, u8, u16be } from 'oxwire/combinators'
 * const { node } = array(u8, u16be)
 * assert.ok(node.tag === 'array')
 * const n: ArrayNode = node
 * assert.ok(typeof n.count !== 'number' && n.count.node.tag === 'int')
 * assert.equal(n.item.node.tag, 'int')
 * ```
 * @category Grammar nodes
 */
export interface ArrayNode {
  /** Discriminant. */ readonly tag: 'array'
  /** Fixed count, or the grammar of the count prefix. */ readonly count: number | Grammar
  /** The grammar of one item. */ readonly item: Grammar
}

/**
 * Items until the enclosing region ends.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { ManyNode } from 'oxwire'
 * import { many, u16be } from 'oxwire/combinators'
 * const { node } = many(u16be)
 * assert.ok(node.tag === 'many')
 * const n: ManyNode = node
 * assert.equal(n.item.node.tag, 'int')
 * ```
 * @category Grammar nodes
 */
export interface ManyNode {
  /** Discriminant. */ readonly tag: 'many'
  /** The grammar of one item. */ readonly item: Grammar
}

/**
 * Items until one satisfies a predicate, that item included (Kaitai's
 * `repeat-until`). @category Grammar nodes
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { RepeatUntilNode } from 'oxwire'
 * import { repeatUntil, u8 } from 'oxwire/combinators'
 * const { node } = repeatUntil(u8, (b) => b === 0, { maxItems: 16 })
 * assert.ok(node.tag === 'repeatUntil')
 * const n: RepeatUntilNode = node
 * assert.equal(n.maxItems, 16)
 * assert.deepEqual([n.until(0), n.until(7)], [true, false])
 * ```
 */
export interface RepeatUntilNode {
  /** Discriminant. */ readonly tag: 'repeatUntil'
  /** The grammar of one item. */ readonly item: Grammar
  /** True for the last item. */ readonly until: (item: unknown) => boolean
  /** Most items, or Infinity (the input bounds them then). */ readonly maxItems: number
  /**
   * The predicate as data, when it was given as an expression over the
   * item's fields (`_` is the item itself): what tools that cannot run
   * JavaScript (the Wireshark dissector) read. `until` evaluates it.
   */
  readonly untilExpr?: Expr
}

/**
 * A grammar given by a function, called on first use: how a grammar refers
 * to itself (a tree, nested TLVs). @category Grammar nodes
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { LazyNode } from 'oxwire'
 * import { lazy, u8 } from 'oxwire/combinators'
 * const { node } = lazy(() => u8, { name: 'item', maxDepth: 8 })
 * assert.ok(node.tag === 'lazy')
 * const n: LazyNode = node
 * assert.deepEqual([n.name, n.maxDepth, n.resolve().node.tag], ['item', 8, 'int'])
 * ```
 */
export interface LazyNode {
  /** Discriminant. */ readonly tag: 'lazy'
  /** Name shown in layouts and errors. */ readonly name: string
  /** Gives the grammar; called once. */ readonly resolve: () => Grammar
  /** Deepest nesting of lazy grammars that decode and encode go into. */ readonly maxDepth: number
}

/**
 * A region of exactly N bytes that the inner grammar must use fully.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { SizedNode } from 'oxwire'
 * import { rest, sized, u16be } from 'oxwire/combinators'
 * const { node } = sized(u16be, rest)
 * assert.ok(node.tag === 'sized')
 * const n: SizedNode = node
 * assert.ok(typeof n.length !== 'number' && n.length.node.tag === 'int')
 * assert.equal(n.inner.node.tag, 'bytes')
 * ```
 * @category Grammar nodes
 */
export interface SizedNode {
  /** Discriminant. */ readonly tag: 'sized'
  /** Fixed byte count, or the grammar of the length prefix. */ readonly length: number | Grammar
  /** The grammar confined to the region. */ readonly inner: Grammar
}

/**
 * A head value chooses the grammar of what follows; encoding derives the head.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { DependentNode } from 'oxwire'
 * import { dependent, struct, tagged, u8 } from 'oxwire/combinators'
 * const { node } = dependent(u8, { 1: tagged('kind', 'ping', struct({})) }, () => 1, { name: 'kind' })
 * assert.ok(node.tag === 'dependent')
 * const n: DependentNode = node
 * assert.equal(n.headName, 'kind')
 * assert.deepEqual(Object.keys(n.cases), ['1'])
 * assert.equal(n.otherwise, undefined)
 * ```
 * @category Grammar nodes
 */
export interface DependentNode {
  /** Discriminant. */ readonly tag: 'dependent'
  /** Name pushed on the path for errors in the head. */ readonly headName: string
  /** The grammar of the head (a tag, a type code, ...). */ readonly head: Grammar
  /** Body grammar for each known head value, keyed by `String(head)`. */ readonly cases: Readonly<Record<string, Grammar>>
  /** Body grammar for head values with no case, if any are allowed. */ readonly otherwise: ((head: unknown) => Grammar) | undefined
  /** The head that a body value needs. */ readonly headOf: (value: unknown) => unknown
}

/**
 * A checksum over the bytes of `inner`, stored after it.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { ChecksumNode } from 'oxwire'
 * import { bytes, checksummed, crc16Modbus, u16le } from 'oxwire/combinators'
 * const { node } = checksummed(bytes(4), crc16Modbus, u16le)
 * assert.ok(node.tag === 'checksum')
 * const n: ChecksumNode = node
 * assert.equal(n.algorithm.name, 'CRC-16/MODBUS')
 * assert.deepEqual([n.skipStart, n.skipEnd], [0, 0])
 * ```
 * @category Grammar nodes
 */
export interface ChecksumNode {
  /** Discriminant. */ readonly tag: 'checksum'
  /** The covered grammar. */ readonly inner: Grammar
  /** The grammar of the stored checksum. */ readonly field: Grammar
  /** The algorithm. */ readonly algorithm: ChecksumAlgorithm
  /** Bytes of `inner` left out of the checksum at its start. */ readonly skipStart: number
  /** Bytes of `inner` left out of the checksum at its end. */ readonly skipEnd: number
}

/**
 * A grammar with a name, for `oneOf`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { NamedNode } from 'oxwire'
 * import { named, u8 } from 'oxwire/combinators'
 * const { node } = named('ping', u8)
 * assert.ok(node.tag === 'named')
 * const n: NamedNode = node
 * assert.equal(n.name, 'ping')
 * ```
 * @category Grammar nodes
 */
export interface NamedNode {
  /** Discriminant. */ readonly tag: 'named'
  /** The name. */ readonly name: string
  /** The grammar. */ readonly inner: Grammar
}

/**
 * Alternatives tried in order; the value says which matched.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { OneOfNode } from 'oxwire'
 * import { named, oneOf, u8, u16be } from 'oxwire/combinators'
 * const { node } = oneOf(named('short', u8), named('long', u16be))
 * assert.ok(node.tag === 'oneOf')
 * const n: OneOfNode = node
 * assert.deepEqual(n.alternatives.map((a) => a.name), ['short', 'long'])
 * ```
 * @category Grammar nodes
 */
export interface OneOfNode {
  /** Discriminant. */ readonly tag: 'oneOf'
  /** The alternatives, in trial order. */ readonly alternatives: readonly NamedNode[]
}

/**
 * A hand-written grammar for what the vocabulary cannot say.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { CustomNode } from 'oxwire'
 * import { custom } from 'oxwire/combinators'
 * const { node } = custom<number>({ name: 'zero', size: { min: 0, max: 0 }, decode: () => 0, encode: () => {} })
 * assert.ok(node.tag === 'custom')
 * const n: CustomNode = node
 * assert.equal(n.name, 'zero')
 * assert.deepEqual(n.size, { min: 0, max: 0 })
 * ```
 * @category Grammar nodes
 */
export interface CustomNode {
  /** Discriminant. */ readonly tag: 'custom'
  /** Name shown in descriptions. */ readonly name: string
  /** Reads a value; on failure calls one of the state's `fail` methods. */ readonly decode: (state: DecodeState) => unknown
  /** Writes a value; on failure calls the state's `fail`. */ readonly encode: (state: EncodeState, value: unknown) => void
  /** Smallest and largest encoded size in bytes. */ readonly size: SizeRange
}

/**
 * Smallest and largest size in bytes.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { SizeRange } from 'oxwire'
 * import { custom } from 'oxwire/combinators'
 * const size: SizeRange = { min: 1, max: 10 }
 * const varint = custom<number>({ name: 'varint', size, decode: () => 0, encode: () => {} })
 * assert.ok(varint.node.tag === 'custom' && varint.node.size.max === 10)
 * ```
 * @category Grammar nodes
 */
export interface SizeRange {
  /** Fewest bytes. */ readonly min: number
  /** Most bytes, or Infinity. */ readonly max: number
}

/**
 * A field whose value is absent from the decoded value: decoding reads it
 * (later fields refer to it by name), encoding computes it from what
 * refers to it (a size, count, presence or case). Fixed size.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { DerivedNode } from 'oxwire'
 * import { derived, u16be } from 'oxwire/combinators'
 * const { node } = derived(u16be)
 * assert.ok(node.tag === 'derived')
 * const n: DerivedNode = node
 * assert.equal(n.inner.node.tag, 'int')
 * ```
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { ExprNode } from 'oxwire'
 * import { computed, ref } from 'oxwire/combinators'
 * const { node } = computed(ref('words').times(4))
 * assert.ok(node.tag === 'expr')
 * const n: ExprNode = node
 * assert.deepEqual(n.expr, { op: 'mul', left: { op: 'ref', name: 'words' }, right: { op: 'literal', value: 4 } })
 * ```
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { ChecksumContext } from 'oxwire'
 * import { checksum, internetChecksum, u16be, u32be } from 'oxwire/combinators'
 * const { node } = checksum(u16be, internetChecksum, { context: { grammar: u32be, value: (get) => get('source') as number | undefined } })
 * assert.ok(node.tag === 'checksumField' && node.context !== undefined)
 * const context: ChecksumContext = node.context
 * assert.equal(context.value((name) => (name === 'source' ? 7 : undefined), 20), 7)
 * ```
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
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { ChecksumFieldNode } from 'oxwire'
 * import { checksum, internetChecksum, u16be } from 'oxwire/combinators'
 * const { node } = checksum(u16be, internetChecksum, { policy: 'report' })
 * assert.ok(node.tag === 'checksumField')
 * const n: ChecksumFieldNode = node
 * assert.equal(n.policy, 'report')
 * assert.equal(n.context, undefined)
 * ```
 * @category Grammar nodes
 */
export interface ChecksumFieldNode {
  /** Discriminant. */ readonly tag: 'checksumField'
  /** The grammar of the stored checksum (a fixed-size unsigned integer). */ readonly field: Grammar
  /** The algorithm. */ readonly algorithm: ChecksumAlgorithm
  /** Verify (mismatch is an error), report (decode goes on) or ignore. */ readonly policy: ChecksumPolicy
  /** Bytes covered in front of the region, if any. */ readonly context: ChecksumContext | undefined
}
