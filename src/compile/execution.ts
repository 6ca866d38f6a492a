import type { Grammar } from '../grammar/codec.js'
import type { Node } from '../grammar/node.js'

/**
 * The environment variable that makes every grammar run on the interpreter:
 * the default path never compiles and {@link compile} returns its argument
 * unchanged. For debugging (stack traces through the interpreter's
 * per-node closures) and for checking the interpreter on its own.
 *
 * Any value but the empty string and `0` turns it on. It is read when a
 * grammar is first used, so set it before the program starts.
 *
 * @example
 * ```ts
 * // example:no-run
 * // OXWIRE_INTERPRET=1 oxwire serve --port 7000
 * import assert from 'node:assert/strict'
 * import { INTERPRET_ENV } from 'oxwire'
 * assert.equal(INTERPRET_ENV, 'OXWIRE_INTERPRET')
 * ```
 * @category Compile
 */
export const INTERPRET_ENV = 'OXWIRE_INTERPRET'

/** True when {@link INTERPRET_ENV} asks for the interpreter. @internal */
export function interpreterForced(): boolean {
  // `process` is absent in browsers, where only `interpreted()` applies.
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
  const value = env?.[INTERPRET_ENV]
  return value !== undefined && value !== '' && value !== '0'
}

const interpretedNodes = new WeakSet<Node>()
// One copy per grammar, so that its interpreter closures are built once.
const interpretedCopies = new WeakMap<Node, Node>()

/**
 * The same grammar, always run by the interpreter: `decode`, `encode`,
 * `createFrameDecoder` and the server never compile it, whatever its use.
 * The interpreter is the reference the generated code is tested against,
 * so this is the oracle in tests, and a way to debug a grammar through its
 * per-node closures. Grammars inside it that were passed through
 * {@link compile} themselves keep their generated code.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, interpreted } from 'oxwire'
 * import { u16be } from 'oxwire/combinators'
 * const slow = interpreted(u16be)
 * assert.deepEqual(decode(slow, Uint8Array.of(1, 2)), decode(u16be, Uint8Array.of(1, 2)))
 * ```
 * @category Compile
 */
export function interpreted<C extends Grammar>(grammar: C): C {
  if (interpretedNodes.has(grammar.node)) return grammar
  // A node of its own (as `compile` makes), so that the grammar itself keeps
  // the default path: the mark is on this copy only.
  let node = interpretedCopies.get(grammar.node)
  if (node === undefined) {
    node = { ...grammar.node } as Node
    interpretedNodes.add(node)
    interpretedCopies.set(grammar.node, node)
  }
  return { ...grammar, node }
}

/** Whether `node` came from {@link interpreted}. @internal */
export function isInterpretedNode(node: Node): boolean {
  return interpretedNodes.has(node)
}
