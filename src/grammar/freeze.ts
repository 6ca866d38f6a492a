import type { Node } from './node.js'

/**
 * Freezes a node and the plain arrays and objects it holds (fields, codes,
 * cases, sizes), so that a grammar cannot change after it was built and
 * analysed: every memoised answer about it stays true. Functions, maps and
 * byte arrays (a typed array cannot be frozen) are left as they are.
 */
export function freezeNode<N extends Node>(node: N): N {
  for (const value of Object.values(node)) freezePlain(value)
  return Object.freeze(node)
}

function freezePlain(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return
  if (Array.isArray(value)) {
    for (const item of value) freezePlain(item)
    Object.freeze(value)
  } else if (Object.getPrototypeOf(value) === Object.prototype && !('node' in value)) {
    Object.freeze(value)
  }
}
