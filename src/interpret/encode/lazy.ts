// The encoder of a lazy (recursive) grammar: its target's, built on first
// use, inside a depth bound (a value that refers to itself would otherwise
// recurse until the stack ran out).
import type { LazyNode } from '../../grammar/node.js'
import { lazyTarget } from '../../grammar/lazy.js'
import { showValue } from '../show-value.js'
import type { EncodeFn, EncoderOf } from './encode-fn.js'

export function lazyEncoder(node: LazyNode, encoderOf: EncoderOf): EncodeFn {
  let target: EncodeFn | undefined
  const { maxDepth, name } = node
  return (s, v) => {
    if (target === undefined) {
      try {
        target = encoderOf(lazyTarget(node))
      } catch (thrown) {
        return s.fail('invalid', `grammar error: lazy grammar ${name} has no grammar: ${showValue(thrown)}`)
      }
    }
    if (s.depth >= maxDepth) return s.fail('invalid', `${name} nested deeper than ${maxDepth} level(s)`)
    s.depth++
    try {
      target(s, v)
    } finally {
      s.depth--
    }
  }
}
