import type { Node } from '../grammar/node.js'
import { lazyTarget } from '../grammar/lazy.js'
import { childrenOf } from './scope.js'

/**
 * True when the node is or holds a detection marker (`marker`, or a bit
 * constant marked as one), anywhere inside it, through `lazy` grammars
 * too. `of` gives a child's answer (memoised, and guarded against cycles).
 * @internal
 */
export function computeHoldsMarker(node: Node, of: (node: Node) => boolean): boolean {
  if (node.tag === 'marker') return true
  if (node.tag === 'bits') return node.fields.some(([, f]) => f.kind === 'constant' && f.marker === true)
  if (node.tag === 'lazy') return of(lazyTarget(node))
  return childrenOf(node).some((child) => of(child.node))
}
