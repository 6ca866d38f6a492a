// Hand-written decoders, kept inside their region and made unable to throw.
import type { CustomNode } from '../../grammar/node.js'
import { showValue } from '../show-value.js'
import type { DecodeFn } from './decode-fn.js'

export function customDecoder(node: CustomNode): DecodeFn {
  const f = node.decode
  return (s) => {
    const start = s.pos
    try {
      const v = f(s)
      // Hand-written code may skip `has`: keep the cursor inside its region,
      // so that no later step reads past the input or re-reads bytes.
      if (s.error === undefined && (s.pos < start || s.pos > s.limit || !Number.isInteger(s.pos))) {
        s.failInvalid(`${node.name} moved the cursor to ${s.pos}, outside ${start}..${s.limit}`, undefined, undefined, start)
        s.pos = start
      }
      return v
    } catch (thrown) {
      s.failInvalid(`${node.name} failed: ${showValue(thrown)}`, undefined, undefined, start)
      return undefined
    }
  }
}
