import type { Grammar } from '../grammar/codec.js'
import type { Node } from '../grammar/node.js'

/**
 * The smallest and largest number of bytes a grammar can take. `max` is
 * `Infinity` where nothing bounds it (the rest of a region, `many`).
 * @category Interpreters
 */
export interface SizeBounds {
  /** Fewest bytes. */
  readonly min: number
  /** Most bytes, or Infinity. */
  readonly max: number
}

const cache = new WeakMap<Node, SizeBounds>()

/**
 * Size bounds of a grammar, derived from its structure.
 *
 * @example
 * ```ts
 * sizeBounds(u16be) // { min: 2, max: 2 }
 * sizeBounds(telemetry).max // 1038
 * ```
 * @category Interpreters
 */
export function sizeBounds(grammar: Grammar | Node): SizeBounds {
  const node = 'node' in grammar ? grammar.node : grammar
  let bounds = cache.get(node)
  if (bounds === undefined) {
    bounds = compute(node)
    cache.set(node, bounds)
  }
  return bounds
}

/**
 * The fixed size of a grammar, or undefined when its size varies.
 * @category Interpreters
 */
export function fixedSize(grammar: Grammar | Node): number | undefined {
  const { min, max } = sizeBounds(grammar)
  return min === max ? min : undefined
}

function compute(node: Node): SizeBounds {
  switch (node.tag) {
    case 'int':
    case 'float':
    case 'bits':
      return exactly(node.size)
    case 'bigint':
      return exactly(8)
    case 'uleb128':
      return { min: 1, max: node.maxBytes }
    case 'bytes':
      return node.size === undefined ? { min: 0, max: Infinity } : exactly(node.size)
    case 'constant':
      return exactly(node.bytes.length)
    case 'utf8':
    case 'marker':
    case 'inline':
    case 'enum':
    case 'range':
    case 'refine':
    case 'map':
    case 'named':
      return sizeBounds(node.inner)
    case 'struct':
      return node.fields.map(([, g]) => sizeBounds(g)).reduce(sum, exactly(0))
    case 'array': {
      const item = sizeBounds(node.item)
      if (typeof node.count === 'number') return { min: item.min * node.count, max: item.max * node.count }
      const count = sizeBounds(node.count)
      const most = largestValue(node.count.node)
      return { min: count.min, max: count.max + (most === 0 ? 0 : item.max * most) }
    }
    case 'many':
      return { min: 0, max: Infinity }
    case 'sized': {
      if (typeof node.length === 'number') return exactly(node.length)
      const prefix = sizeBounds(node.length)
      const inner = sizeBounds(node.inner)
      return { min: prefix.min + inner.min, max: prefix.max + Math.min(inner.max, largestValue(node.length.node)) }
    }
    case 'dependent': {
      const bodies = Object.values(node.cases).map((g) => sizeBounds(g))
      if (node.otherwise !== undefined) bodies.push({ min: 0, max: Infinity })
      return sum(sizeBounds(node.head), union(bodies))
    }
    case 'checksum':
      return sum(sizeBounds(node.inner), sizeBounds(node.field))
    case 'oneOf':
      return union(node.alternatives.map((a) => sizeBounds(a.inner)))
    case 'custom':
      return node.size
    case 'derived':
      return sizeBounds(node.inner)
    case 'expr':
      return exactly(0)
    case 'checksumField':
      return sizeBounds(node.field)
  }
}

/** The largest value a numeric grammar can decode to, or Infinity. @internal */
export function largestValue(node: Node): number {
  switch (node.tag) {
    case 'int':
      return node.signed ? 2 ** (node.size * 8 - 1) - 1 : 2 ** (node.size * 8) - 1
    case 'uleb128':
      return 2 ** (7 * node.maxBytes) - 1
    case 'range':
      return Math.min(Number(node.max), largestValue(node.inner.node))
    case 'refine':
    case 'named':
      return largestValue(node.inner.node)
    default:
      return Infinity
  }
}

function exactly(n: number): SizeBounds {
  return { min: n, max: n }
}

function sum(a: SizeBounds, b: SizeBounds): SizeBounds {
  return { min: a.min + b.min, max: a.max + b.max }
}

function union(all: SizeBounds[]): SizeBounds {
  if (all.length === 0) return exactly(0)
  return { min: Math.min(...all.map((b) => b.min)), max: Math.max(...all.map((b) => b.max)) }
}
