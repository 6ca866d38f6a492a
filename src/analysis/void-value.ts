import type { Node } from '../grammar/node.js'

/**
 * True for grammars that stand for no value (constants and markers around
 * them): struct leaves such fields out of the decoded value and needs no
 * value for them when encoding.
 */
export function producesNoValue(node: Node): boolean {
  if (node.tag === 'constant' || node.tag === 'derived') return true
  // A checksum that is not verified keeps what it read, so captures re-encode as they were.
  if (node.tag === 'checksumField') return node.policy === 'verify'
  if (node.tag === 'marker') return producesNoValue(node.inner.node)
  // A bits group of constants and derived fields only.
  if (node.tag === 'bits') return node.fields.every(([, f]) => f.kind === 'constant' || f.derived === true)
  return false
}
