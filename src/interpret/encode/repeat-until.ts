// The encoder of items read until one satisfies a predicate: the list must
// be one that decodes back to itself.
import type { RepeatUntilNode } from '../../grammar/node.js'
import { prependPath } from '../../runtime/error-path.js'
import { showValue } from '../show-value.js'
import type { EncodeFn, EncoderOf } from './encode-fn.js'

export function repeatUntilEncoder(node: RepeatUntilNode, encoderOf: EncoderOf): EncodeFn {
  const item = encoderOf(node.item.node)
  const { until, maxItems } = node
  return (s, v) => {
    if (!Array.isArray(v)) return s.fail('type', 'expected an array')
    if (v.length === 0) return s.fail('length', 'expected at least one item: the last one ends the repetition')
    if (v.length > maxItems) return s.fail('length', `${v.length} item(s), more than the ${maxItems} allowed`)
    for (let i = 0; i < v.length; i++) {
      let ends: boolean
      try {
        ends = until(v[i]) === true
      } catch (thrown) {
        s.fail('invalid', `the repeatUntil predicate failed: ${showValue(thrown)}`)
        return prependPath(s, i)
      }
      const last = i === v.length - 1
      if (ends !== last) {
        // Decoding would stop early, or read on past the list.
        s.fail('invalid', last ? 'the last item must satisfy the repeatUntil predicate' : 'only the last item may satisfy the repeatUntil predicate')
        return prependPath(s, i)
      }
      item(s, v[i])
      if (s.error !== undefined) return prependPath(s, i)
    }
  }
}
