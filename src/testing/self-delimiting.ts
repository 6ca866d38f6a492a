import type { Node } from '../grammar/node.js'

/**
 * True when a grammar's encoding says where it ends, so that any strict
 * prefix of a frame is `incomplete` rather than a shorter valid value. The
 * rest of the input (`rest`, `many`) outside a sized region is not.
 * `dependentOpen` bodies for unknown heads and `custom` codecs cannot be
 * inspected and are assumed to be.
 * @internal
 */
export function selfDelimiting(node: Node): boolean {
  switch (node.tag) {
    case 'bytes':
      return node.size !== undefined
    case 'many':
      return false
    case 'sized':
      return true
    case 'struct':
      return node.fields.every(([, g]) => selfDelimiting(g.node))
    case 'array':
      return selfDelimiting(node.item.node)
    case 'dependent':
      return selfDelimiting(node.head.node) && Object.values(node.cases).every((g) => selfDelimiting(g.node))
    case 'checksum':
      return selfDelimiting(node.inner.node)
    case 'oneOf':
      return node.alternatives.every((a) => selfDelimiting(a.inner.node))
    case 'utf8':
    case 'constant':
    case 'marker':
    case 'inline':
    case 'enum':
    case 'range':
    case 'refine':
    case 'map':
    case 'named':
      return selfDelimiting(node.inner.node)
    case 'int':
    case 'bigint':
    case 'float':
    case 'uleb128':
    case 'bits':
    case 'custom':
    case 'expr':
    case 'checksumField':
      return true
    case 'derived':
      return selfDelimiting(node.inner.node)
  }
}
