import type { Node } from '../grammar/node.js'

/**
 * The node under its `named` wrappers: what a grammar is, whatever it is
 * called (a name labels errors and tools, it reads no bytes).
 * @internal
 */
export function computeUnnamed(node: Node, unnamedOf: (inner: Node) => Node): Node {
  return node.tag === 'named' ? unnamedOf(node.inner.node) : node
}

/**
 * The node under the wrappers that read exactly their inner node's bytes
 * and change only the value (`named`, `inline`, `map`, `refine`): what
 * decides where a frame starts and ends, and which `oneOf` picks its kind.
 * @internal
 */
export function computeFraming(node: Node, framingOf: (inner: Node) => Node): Node {
  const valueOnly = node.tag === 'named' || node.tag === 'inline' || node.tag === 'map' || node.tag === 'refine'
  return valueOnly ? framingOf(node.inner.node) : node
}

/**
 * The node under the wrappers that only check or label its value and keep
 * its encoding (`named`, `marker`, `range`, `refine`): what a field is
 * written as, say the integer of a length field or the enumeration of a
 * union's head.
 * @internal
 */
export function computeUnchecked(node: Node, uncheckedOf: (inner: Node) => Node): Node {
  const checkOnly = node.tag === 'named' || node.tag === 'marker' || node.tag === 'range' || node.tag === 'refine'
  return checkOnly ? uncheckedOf(node.inner.node) : node
}

/**
 * The alternatives a frame of this node is one of: those of the `oneOf`
 * under its framing wrappers, nested `oneOf`s flattened (each alternative
 * by its own framing node); the framing node alone otherwise.
 * @internal
 */
export function computeFrameKinds(node: Node, framingOf: (inner: Node) => Node, kindsOf: (inner: Node) => readonly Node[]): readonly Node[] {
  const framing = framingOf(node)
  return framing.tag === 'oneOf' ? framing.alternatives.flatMap((a) => kindsOf(a.inner.node)) : [framing]
}
