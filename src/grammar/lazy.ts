import type { Grammar, LazyNode, Node } from './node.js'
import { isNodeTag } from './node-tags.js'

/**
 * Thrown while a lazy grammar's function cannot give its grammar yet: the
 * grammar that refers to itself is still being built (`const tree =
 * struct({ ..., children: array(u8, lazy(() => tree)) })` calls `array`
 * before `tree` exists). The analysis then answers conservatively and
 * remembers nothing.
 */
export class LazyNotReady extends Error {
  constructor(name: string, cause: unknown) {
    super(`lazy grammar ${name} is not defined yet`, { cause })
  }
}

const resolved = new WeakMap<LazyNode, Node>()

/**
 * The node a lazy grammar stands for, from its function (called once, then
 * remembered).
 * @throws LazyNotReady while the function cannot give it yet
 * @throws TypeError when the function gives something that is not a codec
 */
export function lazyTarget(node: LazyNode): Node {
  const known = resolved.get(node)
  if (known !== undefined) return known
  let grammar: unknown
  try {
    grammar = node.resolve()
  } catch (thrown) {
    // Reading a `const` before its declaration ran: not ready.
    if (thrown instanceof ReferenceError) throw new LazyNotReady(node.name, thrown)
    throw thrown
  }
  // A `let` or `var` not assigned yet.
  if (grammar === undefined) throw new LazyNotReady(node.name, undefined)
  const target = typeof grammar === 'object' && grammar !== null ? (grammar as Partial<Grammar>).node : undefined
  if (typeof target !== 'object' || target === null || !isNodeTag((target as { tag?: unknown }).tag)) {
    throw new TypeError(`lazy ${node.name}: the function must return a codec`)
  }
  resolved.set(node, target)
  return target
}
