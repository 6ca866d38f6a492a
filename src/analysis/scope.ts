import type { Grammar } from '../grammar/codec.js'
import { lazyTarget } from '../grammar/lazy.js'
import type { Node } from '../grammar/node.js'
import { unreachable } from '../grammar/exhaustive.js'

/**
 * True when the node takes part in references between fields: it is an
 * expression over earlier fields, a derived field, a checksum field, a
 * bits group with derived fields, or holds one of those. A struct that
 * does keeps its fields by name while it is decoded and encoded; grammars
 * without (TLM, EVR) pay nothing. `of` gives a child's answer (memoised).
 */
export function computeScoped(node: Node, of: (node: Node) => boolean): boolean {
  if (node.tag === 'derived' || node.tag === 'expr' || node.tag === 'checksumField') return true
  if (node.tag === 'bits') return node.fields.some(([, f]) => f.kind !== 'constant' && f.derived === true)
  if (node.tag === 'lazy') return of(lazyTarget(node))
  return childrenOf(node).some((child) => of(child.node))
}

/** The grammars directly inside a node (not those `otherwise` makes at run time). */
export function childrenOf(node: Node): readonly Grammar[] {
  switch (node.tag) {
    case 'int':
    case 'bigint':
    case 'float':
    case 'uleb128':
    case 'bytes':
    case 'bits':
    case 'custom':
    case 'expr':
    case 'terminated':
    case 'padded':
    // A lazy grammar's target is its function's to give, not a child held
    // here (and it may not exist yet); see lazyTarget.
    case 'lazy':
      return []
    case 'utf8':
    case 'text':
    case 'untilLast':
    case 'constant':
    case 'marker':
    case 'inline':
    case 'enum':
    case 'range':
    case 'refine':
    case 'map':
    case 'named':
    case 'derived':
      return [node.inner]
    case 'struct':
      return node.fields.map(([, g]) => g)
    case 'array':
      return typeof node.count === 'number' ? [node.item] : [node.count, node.item]
    case 'many':
    case 'repeatUntil':
      return [node.item]
    case 'sized':
      return typeof node.length === 'number' ? [node.inner] : [node.length, node.inner]
    case 'dependent':
      return [node.head, ...Object.values(node.cases)]
    case 'checksum':
      return [node.inner, node.field]
    case 'checksumField':
      return [node.field]
    case 'oneOf':
      return node.alternatives.map((a) => a.inner)
  }
  return unreachable(node)
}
