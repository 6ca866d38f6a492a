import type { Node } from '../grammar/node.js'

/**
 * True for grammars that stand for no value (constants and markers around
 * them): struct leaves such fields out of the decoded value and needs no
 * value for them when encoding.
 */
export function producesNoValue(node: Node): boolean {
  if (node.tag === 'constant') return true
  if (node.tag === 'marker') return producesNoValue(node.inner.node)
  return false
}
