import type { Node } from '../grammar/node.js'
import { lazyTarget } from '../grammar/lazy.js'
import { unreachable } from '../grammar/exhaustive.js'

/**
 * The smallest and largest number of bytes a grammar can take. `max` is
 * `Infinity` where nothing bounds it (the rest of a region, `many`).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { sizeBounds, type SizeBounds } from 'oxwire'
 * import { u8, uleb128 } from 'oxwire/combinators'
 * const bounds: SizeBounds = sizeBounds(uleb128(4))
 * assert.deepEqual(bounds, { min: 1, max: 4 })
 * assert.ok(sizeBounds(u8).max <= bounds.max)
 * ```
 * @category Interpreters
 */
export interface SizeBounds {
  /** Fewest bytes. */
  readonly min: number
  /** Most bytes, or Infinity. */
  readonly max: number
}

/**
 * The size bounds of `node`, from its children's (`of`) and the largest
 * value of a length or count node (`largest`), both memoised by the caller.
 */
export function computeSizeBounds(node: Node, of: (node: Node) => SizeBounds, largest: (node: Node) => number): SizeBounds {
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
    case 'terminated':
      return { min: node.terminator.length, max: Infinity }
    case 'padded':
      return exactly(node.width)
    case 'utf8':
    case 'text':
    case 'untilLast':
    case 'marker':
    case 'inline':
    case 'enum':
    case 'range':
    case 'refine':
    case 'map':
    case 'named':
      return of(node.inner.node)
    case 'struct':
      return node.fields.map(([, g]) => of(g.node)).reduce(sum, exactly(0))
    case 'array': {
      const item = of(node.item.node)
      if (typeof node.count === 'number') return { min: item.min * node.count, max: item.max * node.count }
      const count = of(node.count.node)
      const most = largest(node.count.node)
      return { min: count.min, max: count.max + (most === 0 ? 0 : item.max * most) }
    }
    case 'many':
      return { min: 0, max: Infinity }
    case 'repeatUntil': {
      // At least one item: the one the predicate ends on.
      const item = of(node.item.node)
      return { min: item.min, max: node.maxItems === Infinity ? Infinity : item.max * node.maxItems }
    }
    case 'lazy':
      return of(lazyTarget(node))
    case 'sized': {
      if (typeof node.length === 'number') return exactly(node.length)
      const prefix = of(node.length.node)
      const inner = of(node.inner.node)
      return { min: prefix.min + inner.min, max: prefix.max + Math.min(inner.max, largest(node.length.node)) }
    }
    case 'dependent': {
      const bodies = Object.values(node.cases).map((g) => of(g.node))
      if (node.otherwise !== undefined) bodies.push({ min: 0, max: Infinity })
      return sum(of(node.head.node), union(bodies))
    }
    case 'checksum':
      return sum(of(node.inner.node), of(node.field.node))
    case 'oneOf':
      return union(node.alternatives.map((a) => of(a.inner.node)))
    case 'custom':
      return node.size
    case 'derived':
      return of(node.inner.node)
    case 'expr':
      return exactly(0)
    case 'checksumField':
      return of(node.field.node)
  }
  return unreachable(node)
}

/** The largest value a numeric node can decode to, or Infinity; `of` gives the inner node's. */
export function computeLargestValue(node: Node, of: (node: Node) => number): number {
  switch (node.tag) {
    case 'int':
      return node.signed ? 2 ** (node.size * 8 - 1) - 1 : 2 ** (node.size * 8) - 1
    case 'uleb128':
      return 2 ** (7 * node.maxBytes) - 1
    case 'range':
      return Math.min(Number(node.max), of(node.inner.node))
    case 'refine':
    case 'named':
    case 'derived':
      return of(node.inner.node)
    case 'lazy':
      return of(lazyTarget(node))
    case 'expr':
    case 'checksumField':
    case 'bigint':
    case 'float':
    case 'bytes':
    case 'utf8':
    case 'text':
    case 'terminated':
    case 'padded':
    case 'untilLast':
    case 'constant':
    case 'marker':
    case 'bits':
    case 'struct':
    case 'inline':
    case 'enum':
    case 'map':
    case 'array':
    case 'many':
    case 'repeatUntil':
    case 'sized':
    case 'dependent':
    case 'checksum':
    case 'oneOf':
    case 'custom':
      return Infinity
  }
  return unreachable(node)
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
