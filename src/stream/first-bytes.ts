import type { Grammar } from '../grammar/codec.js'
import type { BitsNode, Node } from '../grammar/node.js'
import { sizeBounds } from '../interpret/size.js'

// A set of byte values, or ANY when the grammar constrains nothing.
type ByteSet = ReadonlySet<number> | typeof ANY
const ANY = 'any'
const NONE: ReadonlySet<number> = new Set()

const cache = new WeakMap<Node, ByteSet>()

/**
 * The byte values a grammar's encoding can begin with, in ascending order,
 * or `undefined` when it can begin with any byte.
 *
 * Derived from the grammar's leading fixed parts: constants and markers,
 * leading constant bit fields, one-byte enumerations and ranges, walking
 * into structs, checksums, sized regions, names and every `oneOf`
 * alternative. A stream decoder scans for these bytes to find where the
 * next frame may start. The answer may include bytes that cannot start a
 * frame, never the reverse.
 *
 * @example
 * ```ts
 * firstBytes(detect)               // [0x5a, 0xb5]: TLM's magic, EVR's sync byte
 * firstBytes(struct({ n: u16be })) // undefined: any byte
 * ```
 * @category Streams
 */
export function firstBytes(grammar: Grammar | Node): readonly number[] | undefined {
  const set = first('node' in grammar ? grammar.node : grammar)
  return set === ANY ? undefined : [...set].sort((a, b) => a - b)
}

function first(node: Node): ByteSet {
  let set = cache.get(node)
  if (set === undefined) {
    set = compute(node)
    cache.set(node, set)
  }
  return set
}

function compute(node: Node): ByteSet {
  switch (node.tag) {
    case 'constant':
      return node.bytes.length === 0 ? NONE : new Set([node.bytes[0] as number])
    case 'marker':
    case 'named':
    case 'inline':
    case 'map':
    case 'refine':
    case 'utf8':
      return first(node.inner.node)
    case 'enum':
      return isByte(node.inner.node) ? new Set(Object.values(node.codes).filter((c) => c >= 0 && c <= 255)) : first(node.inner.node)
    case 'range':
      return isByte(node.inner.node) ? byteRange(Number(node.min), Number(node.max), signedByte(node.inner.node)) : first(node.inner.node)
    case 'struct':
      return sequence(node.fields.map(([, g]) => g.node))
    case 'checksum':
      return sequence([node.inner.node, node.field.node])
    case 'sized':
      if (typeof node.length === 'number') return node.length === 0 ? NONE : first(node.inner.node)
      return first(node.length.node)
    case 'array':
      if (typeof node.count === 'number') return node.count === 0 ? NONE : first(node.item.node)
      return first(node.count.node)
    case 'many':
      return first(node.item.node)
    case 'dependent':
      return first(node.head.node)
    case 'oneOf':
      return union(node.alternatives.map((a) => first(a.inner.node)))
    case 'bits':
      return leadingBits(node)
    case 'bytes':
      return node.size === 0 ? NONE : ANY
    case 'int':
    case 'bigint':
    case 'float':
    case 'uleb128':
    case 'custom':
    case 'checksumField':
      return ANY
    case 'derived':
      return first(node.inner.node)
    case 'expr':
      return NONE
  }
}

// The first byte of a sequence comes from its first part, or from a later
// one when every part before it can be empty.
function sequence(parts: readonly Node[]): ByteSet {
  const sets: ByteSet[] = []
  for (const part of parts) {
    sets.push(first(part))
    if (sizeBounds(part).min > 0) break
  }
  return union(sets)
}

function union(sets: readonly ByteSet[]): ByteSet {
  const out = new Set<number>()
  for (const set of sets) {
    if (set === ANY) return ANY
    for (const b of set) out.add(b)
  }
  return out
}

function isByte(node: Node): boolean {
  return node.tag === 'int' && node.size === 1
}

function signedByte(node: Node): boolean {
  return node.tag === 'int' && node.signed
}

function byteRange(min: number, max: number, signed: boolean): ByteSet {
  const out = new Set<number>()
  for (let b = 0; b < 256; b++) {
    const v = signed && b >= 128 ? b - 256 : b
    if (v >= min && v <= max) out.add(b)
  }
  return out
}

// Constant bit fields that reach into the first byte fix some of its bits,
// up to the first marker field: a mismatch after it is a broken frame, not
// garbage, so the scan must still stop there.
function leadingBits(node: BitsNode): ByteSet {
  let mask = 0
  let value = 0
  let used = 0
  let marked = false
  for (const [, field] of node.fields) {
    if (used >= 8) break
    const take = Math.min(field.width, 8 - used)
    const shift = 8 - used - take
    used += field.width
    if (field.kind !== 'constant') continue
    if (marked && !field.marker) break
    mask |= (2 ** take - 1) << shift
    value |= Math.floor(field.value / 2 ** (field.width - take)) << shift
    marked ||= field.marker
  }
  if (mask === 0) return ANY
  const out = new Set<number>()
  for (let b = 0; b < 256; b++) if ((b & mask) === value) out.add(b)
  return out
}
