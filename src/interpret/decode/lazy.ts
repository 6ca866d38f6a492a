// The decoder of a lazy (recursive) grammar: its target's, built on first
// use, inside a depth bound.
import type { LazyNode } from '../../grammar/node.js'
import { lazyTarget } from '../../grammar/lazy.js'
import { showValue } from '../show-value.js'
import type { DecodeFn, DecoderOf } from './decode-fn.js'

export function lazyDecoder(node: LazyNode, decoderOf: DecoderOf): DecodeFn {
  // Not built now: the target may hold this very node (a cycle), and it may
  // not be defined yet while the grammar is being built.
  let target: DecodeFn | undefined
  const { maxDepth, name } = node
  return (s) => {
    if (target === undefined) {
      try {
        target = decoderOf(lazyTarget(node))
      } catch (thrown) {
        s.failInvalid(`grammar error, not an input error: lazy grammar ${name} has no grammar: ${showValue(thrown)}`)
        return undefined
      }
    }
    // Hostile input nests as deep as it likes: stop before the stack does.
    if (s.depth >= maxDepth) {
      s.failInvalid(`${name} nested deeper than ${maxDepth} level(s)`, `at most ${maxDepth} level(s)`)
      return undefined
    }
    s.depth++
    try {
      return target(s)
    } finally {
      s.depth--
    }
  }
}
