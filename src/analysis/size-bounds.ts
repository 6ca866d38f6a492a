import type { Grammar } from '../grammar/codec.js'
import type { Node } from '../grammar/node.js'
import { analysisOf } from './analysis.js'
import type { SizeBounds } from './size.js'

export type { SizeBounds } from './size.js'

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
  return analysisOf(grammar).size
}

/**
 * The fixed size of a grammar, or undefined when its size varies.
 * @category Interpreters
 */
export function fixedSize(grammar: Grammar | Node): number | undefined {
  const { min, max } = sizeBounds(grammar)
  return min === max ? min : undefined
}

/** The largest value a numeric grammar can decode to, or Infinity. @internal */
export function largestValue(node: Node): number {
  return analysisOf(node).largestValue
}
