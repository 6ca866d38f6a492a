// Which grammars take part in references between fields: those a struct
// must keep a frame of names for while it is decoded or encoded.
import type { Grammar } from '../grammar/codec.js'
import type { Node } from '../grammar/node.js'

const cache = new WeakMap<Node, boolean>()

/**
 * True when the grammar holds a reference to a field (an expression), a
 * derived field or a checksum field anywhere inside: a struct with such a
 * grammar in it keeps its fields by name while it is decoded and encoded.
 * Grammars without (TLM, EVR) pay nothing for references.
 * @internal
 */
export function usesScope(grammar: Grammar | Node): boolean {
  const node = 'node' in grammar ? grammar.node : grammar
  const known = cache.get(node)
  if (known !== undefined) return known
  // A cycle (through `lazy`) is answered by its other paths.
  cache.set(node, false)
  const result = children(node).some((child) => usesScope(child)) || node.tag === 'derived' || node.tag === 'expr' || node.tag === 'checksumField' || hasDerivedBits(node)
  cache.set(node, result)
  return result
}

function hasDerivedBits(node: Node): boolean {
  return node.tag === 'bits' && node.fields.some(([, f]) => f.kind !== 'constant' && f.derived === true)
}

/** The grammars directly inside a node (not `otherwise`'s, known only at run time). @internal */
export function children(node: Node): readonly Grammar[] {
  switch (node.tag) {
    case 'int':
    case 'bigint':
    case 'float':
    case 'uleb128':
    case 'bytes':
    case 'bits':
    case 'custom':
    case 'expr':
      return []
    case 'utf8':
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
      return [node.item]
    case 'sized':
      return typeof node.length === 'number' ? [node.inner] : [node.length, node.inner]
    case 'dependent':
      return [node.head, ...Object.values(node.cases)]
    case 'checksum':
      return [node.inner, node.field]
    case 'checksumField':
      return node.context === undefined ? [node.field] : [node.field, node.context.grammar]
    case 'oneOf':
      return node.alternatives.map((a) => a.inner)
  }
}
