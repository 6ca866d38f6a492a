// Structs whose fields are all fixed-size values that need nothing but the
// bytes (numbers, and enumerations and ranges over them), such as a sensor
// reading or a TLV's location: one bounds check, then every field read
// straight from the bytes.
//
// The object is built by one closure per arity, each store written out at
// its own place in the source. V8 keeps feedback per store site in the code
// (shared by every closure made from it), and a keyed store that sees more
// than one property name goes megamorphic: with one loop over the fields,
// every struct of every grammar stores through one site, and that store was
// the largest single cost of the interpreter. Written out per arity and
// position, a site sees only the names of the structs of that arity, which
// in a typical grammar are few.
//
// A reader never records an error: on a short input or a value that breaks
// its rule, the struct decodes again from the same position through its
// fields' ordinary decoders, which make the error exactly as they always
// do (kind, offset, path, message). Nothing is changed before that point.
import type { Node, StructNode } from '../../grammar/node.js'
import type { DecodeFn, FillFn } from './decode-fn.js'
import { bigintReader, floatReader, type FixedRead } from './scratch-reads.js'
import { codeTable } from './code-table.js'

// Readers answer undefined for "not this value": no value they read is undefined.
interface Fixed {
  readonly size: number
  readonly read: FixedRead
}

const cache = new WeakMap<Node, Fixed | null>()

/** The fixed reader of a node, or undefined when its decoder needs more than the bytes. */
export function fixedReaderOf(node: Node): Fixed | undefined {
  let fixed = cache.get(node)
  if (fixed === undefined) {
    fixed = build(node)
    cache.set(node, fixed)
  }
  return fixed ?? undefined
}

function build(node: Node): Fixed | null {
  switch (node.tag) {
    case 'int':
      return { size: node.size, read: intReader(node.size, node.signed, node.littleEndian) }
    case 'float':
      return { size: node.size, read: floatReader(node.size, node.littleEndian) }
    case 'bigint':
      return { size: 8, read: bigintReader(node.signed, node.littleEndian) }
    case 'enum': {
      const inner = fixedReaderOf(node.inner.node)
      if (inner === undefined) return null
      const read = inner.read
      const table = codeTable(node.names)
      if (table === undefined) {
        const names = node.names
        return { size: inner.size, read: (b, p) => names.get(read(b, p) as number) }
      }
      const n = table.length
      return {
        size: inner.size,
        read: (b, p) => {
          const code = read(b, p) as number
          return code < n && code >= 0 ? table[code] : undefined
        },
      }
    }
    case 'range': {
      const inner = fixedReaderOf(node.inner.node)
      if (inner === undefined) return null
      const read = inner.read
      const { min, max } = node
      // As rangeDecoder: "inside" is tested, so that NaN is refused.
      return {
        size: inner.size,
        read: (b, p) => {
          const v = read(b, p) as number | bigint
          return v >= min && v <= max ? v : undefined
        },
      }
    }
    default:
      return null
  }
}

/** A fixed-width integer (the arithmetic of intDecoder). */
function intReader(size: 1 | 2 | 3 | 4, signed: boolean, le: boolean): FixedRead {
  switch (size) {
    case 1:
      return signed ? (b, p) => ((b[p] as number) << 24) >> 24 : (b, p) => b[p]
    case 2:
      if (le) return signed ? (b, p) => (((b[p] as number) | ((b[p + 1] as number) << 8)) << 16) >> 16 : (b, p) => (b[p] as number) | ((b[p + 1] as number) << 8)
      return signed ? (b, p) => ((((b[p] as number) << 8) | (b[p + 1] as number)) << 16) >> 16 : (b, p) => ((b[p] as number) << 8) | (b[p + 1] as number)
    case 3:
      if (le) {
        return signed
          ? (b, p) => (((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16)) << 8) >> 8
          : (b, p) => (b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16)
      }
      return signed
        ? (b, p) => ((((b[p] as number) << 16) | ((b[p + 1] as number) << 8) | (b[p + 2] as number)) << 8) >> 8
        : (b, p) => ((b[p] as number) << 16) | ((b[p + 1] as number) << 8) | (b[p + 2] as number)
    case 4:
      if (le) {
        return signed
          ? (b, p) => (b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)
          : (b, p) => ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> 0
      }
      return signed
        ? (b, p) => ((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number)
        : (b, p) => (((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number)) >>> 0
  }
}

/** The fields of a struct whose every field has a fixed reader, as parallel lists. */
interface Layout {
  readonly keys: readonly string[]
  readonly reads: readonly FixedRead[]
  readonly offsets: readonly number[]
  readonly size: number
}

// Up to this many fields, each arity has closures of its own.
const MAX_ARITY = 4

/** A struct's fields with their fixed readers (undefined where a field has none). */
export function fixedFieldsOf(node: StructNode): (readonly [string, Fixed | undefined])[] {
  return node.fields.map(([key, g]) => [key, fixedReaderOf(g.node)] as const)
}

/** A `tagged` discriminant as a field of no bytes that always reads its value. */
export function constantField(value: unknown): Fixed {
  return { size: 0, read: () => value }
}

function layoutOf(fields: readonly (readonly [string, Fixed | undefined])[]): Layout | undefined {
  const n = fields.length
  if (n === 0 || n > MAX_ARITY) return undefined
  const keys: string[] = []
  const reads: FixedRead[] = []
  const offsets: number[] = []
  let size = 0
  for (const [key, fixed] of fields) {
    // A hand-made node keyed `__proto__` keeps the struct filler's own property.
    if (fixed === undefined || key === '__proto__') return undefined
    keys.push(key)
    reads.push(fixed.read)
    offsets.push(size)
    size += fixed.size
  }
  return { keys, reads, offsets, size }
}

/**
 * The decoder of a struct of fixed fields, or undefined for any other
 * struct. `fill` is its ordinary filler, which makes every error.
 */
export function fixedStructDecoder(node: StructNode, fill: FillFn): DecodeFn | undefined {
  const layout = layoutOf(fixedFieldsOf(node))
  if (layout === undefined) return undefined
  const slow: DecodeFn = (s) => {
    const out: Record<string, unknown> = {}
    fill(s, out)
    return s.error === undefined ? out : undefined
  }
  const { size } = layout
  const [k0, k1, k2, k3] = layout.keys as [string, string, string, string]
  const [r0, r1, r2, r3] = layout.reads as [FixedRead, FixedRead, FixedRead, FixedRead]
  const [, o1, o2, o3] = layout.offsets as [number, number, number, number]
  switch (layout.keys.length) {
    case 1:
      return (s) => {
        const p = s.pos
        if (p + size > s.limit) return slow(s)
        const v0 = r0(s.bytes, p)
        if (v0 === undefined) return slow(s)
        s.pos = p + size
        const out: Record<string, unknown> = {}
        out[k0] = v0
        return out
      }
    case 2:
      return (s) => {
        const p = s.pos
        if (p + size > s.limit) return slow(s)
        const b = s.bytes
        const v0 = r0(b, p)
        const v1 = r1(b, p + o1)
        if (v0 === undefined || v1 === undefined) return slow(s)
        s.pos = p + size
        const out: Record<string, unknown> = {}
        out[k0] = v0
        out[k1] = v1
        return out
      }
    case 3:
      return (s) => {
        const p = s.pos
        if (p + size > s.limit) return slow(s)
        const b = s.bytes
        const v0 = r0(b, p)
        const v1 = r1(b, p + o1)
        const v2 = r2(b, p + o2)
        if (v0 === undefined || v1 === undefined || v2 === undefined) return slow(s)
        s.pos = p + size
        const out: Record<string, unknown> = {}
        out[k0] = v0
        out[k1] = v1
        out[k2] = v2
        return out
      }
    default:
      return (s) => {
        const p = s.pos
        if (p + size > s.limit) return slow(s)
        const b = s.bytes
        const v0 = r0(b, p)
        const v1 = r1(b, p + o1)
        const v2 = r2(b, p + o2)
        const v3 = r3(b, p + o3)
        if (v0 === undefined || v1 === undefined || v2 === undefined || v3 === undefined) return slow(s)
        s.pos = p + size
        const out: Record<string, unknown> = {}
        out[k0] = v0
        out[k1] = v1
        out[k2] = v2
        out[k3] = v3
        return out
      }
  }
}

/**
 * As {@link fixedStructDecoder}, into an object the caller made, for the
 * given fields (a struct's, after a `tagged` discriminant if it has one).
 */
export function fixedFiller(fields: readonly (readonly [string, Fixed | undefined])[], fill: FillFn): FillFn | undefined {
  const layout = layoutOf(fields)
  if (layout === undefined) return undefined
  const { size } = layout
  const [k0, k1, k2, k3] = layout.keys as [string, string, string, string]
  const [r0, r1, r2, r3] = layout.reads as [FixedRead, FixedRead, FixedRead, FixedRead]
  const [, o1, o2, o3] = layout.offsets as [number, number, number, number]
  switch (layout.keys.length) {
    case 1:
      return (s, out) => {
        const p = s.pos
        if (p + size > s.limit) return fill(s, out)
        const v0 = r0(s.bytes, p)
        if (v0 === undefined) return fill(s, out)
        s.pos = p + size
        out[k0] = v0
      }
    case 2:
      return (s, out) => {
        const p = s.pos
        if (p + size > s.limit) return fill(s, out)
        const b = s.bytes
        const v0 = r0(b, p)
        const v1 = r1(b, p + o1)
        if (v0 === undefined || v1 === undefined) return fill(s, out)
        s.pos = p + size
        out[k0] = v0
        out[k1] = v1
      }
    case 3:
      return (s, out) => {
        const p = s.pos
        if (p + size > s.limit) return fill(s, out)
        const b = s.bytes
        const v0 = r0(b, p)
        const v1 = r1(b, p + o1)
        const v2 = r2(b, p + o2)
        if (v0 === undefined || v1 === undefined || v2 === undefined) return fill(s, out)
        s.pos = p + size
        out[k0] = v0
        out[k1] = v1
        out[k2] = v2
      }
    default:
      return (s, out) => {
        const p = s.pos
        if (p + size > s.limit) return fill(s, out)
        const b = s.bytes
        const v0 = r0(b, p)
        const v1 = r1(b, p + o1)
        const v2 = r2(b, p + o2)
        const v3 = r3(b, p + o3)
        if (v0 === undefined || v1 === undefined || v2 === undefined || v3 === undefined) return fill(s, out)
        s.pos = p + size
        out[k0] = v0
        out[k1] = v1
        out[k2] = v2
        out[k3] = v3
      }
  }
}
