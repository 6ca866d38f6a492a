import type { Node } from '../grammar/node.js'
import { lazyTarget } from '../grammar/lazy.js'
import { unreachable } from '../grammar/exhaustive.js'

/**
 * The values a numeric grammar can hold: integers (as numbers), bigints, or
 * floats of a given width.
 * @internal
 */
export type NumericDomain =
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'bigint'; readonly min: bigint; readonly max: bigint }
  | { readonly kind: 'float'; readonly size: 4 | 8; readonly min: number; readonly max: number }

/**
 * The domain of a numeric grammar (integers, varints, bigints, floats, and
 * ranges, markers and names around them), or undefined for anything else.
 * @internal
 */
export function computeNumericDomain(node: Node, of: (node: Node) => NumericDomain | undefined, largest: (node: Node) => number): NumericDomain | undefined {
  switch (node.tag) {
    case 'int': {
      const bits = node.size * 8
      return node.signed
        ? { kind: 'integer', min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 }
        : { kind: 'integer', min: 0, max: 2 ** bits - 1 }
    }
    case 'uleb128':
      return { kind: 'integer', min: 0, max: Math.min(largest(node), Number.MAX_SAFE_INTEGER) }
    case 'bigint':
      return node.signed ? { kind: 'bigint', min: -(2n ** 63n), max: 2n ** 63n - 1n } : { kind: 'bigint', min: 0n, max: 2n ** 64n - 1n }
    case 'float':
      return { kind: 'float', size: node.size, min: -Infinity, max: Infinity }
    case 'range': {
      const inner = of(node.inner.node)
      if (inner === undefined) return undefined
      if (inner.kind === 'bigint') {
        const min = BigInt(node.min)
        const max = BigInt(node.max)
        return { kind: 'bigint', min: min > inner.min ? min : inner.min, max: max < inner.max ? max : inner.max }
      }
      const min = Math.max(inner.min, Number(node.min))
      const max = Math.min(inner.max, Number(node.max))
      if (inner.kind === 'integer') return { kind: 'integer', min: Math.ceil(min), max: Math.floor(max) }
      return { ...inner, min, max }
    }
    case 'marker':
    case 'named':
    case 'refine':
      return of(node.inner.node)
    case 'bytes':
    case 'utf8':
    case 'text':
    case 'terminated':
    case 'padded':
    case 'untilLast':
    case 'constant':
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
    case 'expr':
    case 'checksumField':
      return undefined
    case 'derived':
      return of(node.inner.node)
    case 'lazy':
      return of(lazyTarget(node))
  }
  return unreachable(node)
}
