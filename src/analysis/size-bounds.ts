import type { Grammar } from '../grammar/codec.js'
import type { Node } from '../grammar/node.js'
import { analysisOf } from './analysis.js'
import type { SizeBounds } from './size.js'

export type { SizeBounds } from './size.js'

/**
 * Size bounds of a grammar, derived from its structure.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { sizeBounds } from 'oxwire'
 * import { many, struct, u8, u16be, varBytes } from 'oxwire/combinators'
 * import { telemetry } from 'oxwire/protocols'
 * assert.deepEqual(sizeBounds(u16be), { min: 2, max: 2 })
 * assert.deepEqual(sizeBounds(struct({ id: u8, data: varBytes(u8) })), { min: 2, max: 257 })
 * assert.equal(sizeBounds(many(u8)).max, Infinity)
 * assert.equal(sizeBounds(telemetry).max, 1038)
 * ```
 * @category Interpreters
 */
export function sizeBounds(grammar: Grammar | Node): SizeBounds {
  return analysisOf(grammar).size
}

/**
 * The fixed size of a grammar, or undefined when its size varies.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { fixedSize } from 'oxwire'
 * import { struct, u8, u32be, varBytes } from 'oxwire/combinators'
 * assert.equal(fixedSize(struct({ id: u32be, flags: u8 })), 5)
 * assert.equal(fixedSize(varBytes(u8)), undefined)
 * ```
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
