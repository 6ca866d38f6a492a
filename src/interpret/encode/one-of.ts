// The encoder of oneOf: by the alternative's name.
import type { OneOfNode } from '../../grammar/node.js'
import { showValue } from '../show-value.js'
import type { EncodeFn, EncoderOf } from './encode-fn.js'

export function oneOfEncoder(node: OneOfNode, encoderOf: EncoderOf): EncodeFn {
  const byName = new Map(node.alternatives.map((a) => [a.name, encoderOf(a.inner.node)]))
  return (s, v) => {
    const protocol = typeof v === 'object' && v !== null ? (v as { protocol?: unknown }).protocol : undefined
    const alt = typeof protocol === 'string' ? byName.get(protocol) : undefined
    if (alt === undefined) return s.fail('tag', `unknown alternative ${showValue(protocol)}; expected one of ${[...byName.keys()].join(', ')}`)
    alt(s, (v as { value: unknown }).value)
  }
}
