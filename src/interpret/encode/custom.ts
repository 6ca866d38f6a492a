// Hand-written encoders, made unable to throw.
import type { CustomNode } from '../../grammar/node.js'
import { showValue } from '../show-value.js'
import type { EncodeFn } from './encode-fn.js'

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
