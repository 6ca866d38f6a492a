// Walks over grammar trees that answer yes or no per node (does it open
// grammars at run time, bind names, hold a lazy grammar, ...), memoised per
// node and safe on recursive grammars: while a node's answer is being
// worked out it reads false, so a walk that meets the node again through a
// cycle ends there, and the answer comes from the rest of the tree.
import type { Node } from '../grammar/node.js'
import { childrenOf } from './scope.js'

/**
 * `compute`, memoised per node; a node met again while its own answer is
 * being computed reads false.
 * @internal
 */
export function memoisedPredicate<N extends Node>(compute: (node: N) => boolean): (node: N) => boolean {
  const memo = new WeakMap<N, boolean>()
  return (node) => {
    let known = memo.get(node)
    if (known === undefined) {
      memo.set(node, false)
      known = compute(node)
      memo.set(node, known)
    }
    return known
  }
}

/**
 * Whether `is` holds of a node or of any grammar inside it (its
 * {@link childrenOf}, not what `otherwise` makes at run time), memoised
 * per node as {@link memoisedPredicate}.
 * @internal
 */
export function holdsAnywhere(is: (node: Node) => boolean): (node: Node) => boolean {
  const holds: (node: Node) => boolean = memoisedPredicate((node) => is(node) || childrenOf(node).some((child) => holds(child.node)))
  return holds
}
