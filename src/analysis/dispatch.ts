import type { Node } from '../grammar/node.js'
import { analysisOf } from './analysis.js'
import { hasByte } from './byte-set.js'

/**
 * For each first byte, the indices of the alternatives worth trying, in
 * order: those that can succeed or fail committed on an input starting
 * with it. Undefined for a byte where every alternative must be tried.
 */
export function candidatesByFirstByte(alternatives: readonly Node[]): readonly (readonly number[] | undefined)[] {
  const sets = alternatives.map((a) => analysisOf(a).firstBytes)
  return Array.from({ length: 256 }, (_, b) => {
    const indices = sets.flatMap((set, i) => (hasByte(set, b) ? [i] : []))
    return indices.length === alternatives.length ? undefined : indices
  })
}
