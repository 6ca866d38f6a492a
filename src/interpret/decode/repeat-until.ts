// The decoder of items read until one satisfies a predicate.
import type { RepeatUntilNode } from '../../grammar/node.js'
import { prependPath } from '../../runtime/error-path.js'
import { showValue } from '../show-value.js'
import type { DecodeFn, DecoderOf } from './decode-fn.js'
import { repeatedItem } from './regions.js'

export function repeatUntilDecoder(node: RepeatUntilNode, decoderOf: DecoderOf): DecodeFn {
  const item = decoderOf(node.item.node)
  const { until, maxItems } = node
  return (s) => {
    const out: unknown[] = []
    for (;;) {
      const before = s.pos
      const v = repeatedItem(s, item, out.length, true)
      if (s.error !== undefined) return undefined
      let last: boolean
      try {
        last = until(v) === true
      } catch (thrown) {
        // A user's predicate is not allowed to make decode throw.
        s.failInvalid(`the repeatUntil predicate failed: ${showValue(thrown)}`, undefined, undefined, before)
        prependPath(s, out.length)
        return undefined
      }
      out.push(v)
      if (last) return out
      if (out.length >= maxItems) {
        s.failInvalid(`no item ended the repetition within ${maxItems} item(s)`, `at most ${maxItems} item(s)`, `more than ${maxItems}`)
        return undefined
      }
    }
  }
}
