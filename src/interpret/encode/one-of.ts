// Encoders of oneOf (by the alternative's name) and hand-written custom codecs.
import type { CustomNode, OneOfNode } from '../../grammar/node.js'
import { showValue } from '../show-value.js'
import { encoderOf, type EncodeFn } from '../encoder.js'

export function oneOfEncoder(node: OneOfNode): EncodeFn {
  const byName = new Map(node.alternatives.map((a) => [a.name, encoderOf(a.inner.node)]))
  return (s, v) => {
    const protocol = typeof v === 'object' && v !== null ? (v as { protocol?: unknown }).protocol : undefined
    const alt = typeof protocol === 'string' ? byName.get(protocol) : undefined
    if (alt === undefined) return s.fail('tag', `unknown alternative ${showValue(protocol)}; expected one of ${[...byName.keys()].join(', ')}`)
    alt(s, (v as { value: unknown }).value)
  }
}

export function customEncoder(node: CustomNode): EncodeFn {
  const f = node.encode
  return (s, v) => {
    try {
      f(s, v)
    } catch (thrown) {
      s.fail('invalid', `${node.name} failed: ${showValue(thrown)}`)
    }
  }
}
