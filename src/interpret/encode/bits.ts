// The encoder of bit fields packed into whole bytes.
import type { BitsNode } from '../../grammar/node.js'
import type { EncodeState } from '../../runtime/encode-state.js'
import { prependPath } from '../../runtime/error-path.js'
import { showValue } from '../show-value.js'
import type { EncodeFn } from './encode-fn.js'

export function bitsEncoder(node: BitsNode): EncodeFn {
  const { fields, size } = node
  return (s, v) => {
    if (typeof v !== 'object' || v === null) return s.fail('type', 'expected an object of bit fields')
    const record = v as Record<string, unknown>
    let word = 0
    for (const [name, field] of fields) {
      let bits: number
      if (field.kind === 'constant') bits = field.value
      else if (field.kind === 'flag') {
        const flag = record[name]
        if (typeof flag !== 'boolean') return fieldFail(s, name, 'type', `expected a boolean, got ${typeof flag}`)
        bits = flag ? 1 : 0
      } else {
        const n = record[name]
        if (typeof n !== 'number' || !Number.isInteger(n)) return fieldFail(s, name, 'type', `expected an integer, got ${showValue(n)}`)
        if (n < 0 || n >= 2 ** field.width) return fieldFail(s, name, 'range', `${n} does not fit ${field.width} bit(s)`)
        bits = n
      }
      word = word * 2 ** field.width + bits
    }
    s.reserve(size)
    for (let i = size - 1; i >= 0; i--) {
      s.bytes[s.pos + i] = word % 256
      word = Math.floor(word / 256)
    }
    s.pos += size
  }
}

function fieldFail(s: EncodeState, name: string, kind: 'type' | 'range', message: string): void {
  s.fail(kind, message)
  prependPath(s, name)
}
