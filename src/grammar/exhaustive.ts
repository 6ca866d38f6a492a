import type { Node } from './node.js'

/**
 * Ends every exhaustive `switch` on a node's tag: a node kind that the
 * switch forgot makes `node` not `never` here, a compile error. At run time
 * it is reached only by a hand-made node of a kind oxwire does not know.
 */
export function unreachable(node: never): never {
  throw new TypeError(`oxwire: unknown grammar node kind ${JSON.stringify((node as Partial<Node>).tag)}`)
}
