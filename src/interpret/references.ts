import type { Grammar } from '../grammar/codec.js'
import type { Node } from '../grammar/node.js'
import { analysisOf } from '../analysis/index.js'

/**
 * True when a struct must keep its fields by name while it is decoded or
 * encoded: it holds references between fields, derived or checksum
 * fields (the analysis's `scoped`).
 * @internal
 */
export function usesScope(grammar: Grammar | Node): boolean {
  return analysisOf(grammar).scoped
}
