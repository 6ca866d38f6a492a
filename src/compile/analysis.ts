import type { Node } from '../grammar/node.js'
import { sizeBounds } from '../interpret/size.js'

/** True when the grammar always decodes to an integer-valued number. */
export function isIntegral(node: Node): boolean {
  switch (node.tag) {
    case 'int':
    case 'uleb128':
      return true
    case 'range':
    case 'refine':
    case 'named':
    case 'marker':
      return isIntegral(node.inner.node)
    default:
      return false
  }
}

/** True when the grammar always decodes to a non-negative safe integer. */
export function isNaturalNumber(node: Node): boolean {
  switch (node.tag) {
    case 'int':
      return !node.signed
    case 'uleb128':
      return true
    case 'range':
      return typeof node.min === 'number' && node.min >= 0 && isIntegral(node.inner.node)
    case 'refine':
    case 'named':
    case 'marker':
      return isNaturalNumber(node.inner.node)
    default:
      return false
  }
}

/** True when the grammar always decodes to a string. */
export function isStringValued(node: Node): boolean {
  switch (node.tag) {
    case 'enum':
    case 'utf8':
      return true
    case 'refine':
    case 'named':
    case 'marker':
      return isStringValued(node.inner.node)
    default:
      return false
  }
}

/**
 * True when encoding a given value through the grammar calls no user code
 * (mappings, refinements, custom codecs), so the bytes for a known value can
 * be computed once, at compile time.
 */
export function isPure(node: Node): boolean {
  switch (node.tag) {
    case 'int':
    case 'bigint':
    case 'float':
    case 'uleb128':
    case 'constant':
    case 'bytes':
      return true
    case 'range':
    case 'enum':
    case 'named':
    case 'marker':
      return isPure(node.inner.node)
    default:
      return false
  }
}

/**
 * True when the grammar's decoded value is always a new plain object made by
 * the grammar itself (a struct, possibly wrapped), so that an `inline` of it
 * can hand the object on instead of copying it.
 */
export function isFreshObject(node: Node): boolean {
  switch (node.tag) {
    case 'struct':
    case 'bits':
      return true
    case 'sized':
    case 'checksum':
    case 'marker':
    case 'named':
    case 'inline':
      return isFreshObject(node.inner.node)
    case 'dependent':
      return node.otherwise === undefined && Object.values(node.cases).every((g) => isFreshObject(g.node))
    default:
      return false
  }
}

/**
 * The bytes an input can start with for this grammar to have any chance:
 * when the first byte is not in the set, decoding fails before any marker
 * has matched, so `oneOf` need not try it. `undefined` means any byte.
 */
export function firstBytes(node: Node): ReadonlySet<number> | undefined {
  switch (node.tag) {
    case 'constant':
      return node.bytes.length > 0 ? new Set([node.bytes[0] as number]) : undefined
    case 'marker':
    case 'named':
    case 'inline':
    case 'checksum':
    case 'map':
    case 'refine':
    case 'range':
      return firstBytes(node.inner.node)
    case 'struct': {
      const first = node.fields[0]
      if (first === undefined || sizeBounds(first[1]).min === 0) return undefined
      return firstBytes(first[1].node)
    }
    case 'sized':
      if (typeof node.length !== 'number') return firstBytes(node.length.node)
      return node.length > 0 && sizeBounds(node.inner).min > 0 ? firstBytes(node.inner.node) : undefined
    case 'dependent':
      return firstBytes(node.head.node)
    case 'enum': {
      const inner = node.inner.node
      if (inner.tag !== 'int' || inner.size !== 1 || inner.signed) return undefined
      return new Set(Object.values(node.codes).filter((c) => Number.isInteger(c) && c >= 0 && c < 256))
    }
    case 'bits':
      return bitsFirstBytes(node.fields)
    case 'oneOf': {
      const all = new Set<number>()
      for (const alternative of node.alternatives) {
        const set = firstBytes(alternative)
        if (set === undefined) return undefined
        for (const b of set) all.add(b)
      }
      return all
    }
    default:
      return undefined
  }
}

function bitsFirstBytes(fields: Extract<Node, { tag: 'bits' }>['fields']): ReadonlySet<number> | undefined {
  // Constant fields that lie wholly in the first byte restrict it, up to and
  // including the first marker constant: once that has matched, a later
  // mismatch is a committed failure, which oneOf must see.
  const checks: { shift: number; mask: number; value: number }[] = []
  let used = 0
  for (const [, field] of fields) {
    if (used + field.width > 8) break
    if (field.kind === 'constant') {
      checks.push({ shift: 8 - used - field.width, mask: 2 ** field.width - 1, value: field.value })
      if (field.marker) break
    }
    used += field.width
  }
  if (checks.length === 0) return undefined
  const set = new Set<number>()
  for (let b = 0; b < 256; b++) if (checks.every((c) => ((b >>> c.shift) & c.mask) === c.value)) set.add(b)
  return set
}

/**
 * For each first byte, the indices of the alternatives worth trying, in
 * order: those whose {@link firstBytes} hold it. Undefined for a byte where
 * every alternative must be tried anyway.
 */
export function candidatesByFirstByte(alternatives: readonly Node[]): readonly (readonly number[] | undefined)[] {
  const sets = alternatives.map(firstBytes)
  return Array.from({ length: 256 }, (_, b) => {
    const indices = sets.flatMap((set, i) => (set === undefined || set.has(b) ? [i] : []))
    return indices.length === alternatives.length ? undefined : indices
  })
}
