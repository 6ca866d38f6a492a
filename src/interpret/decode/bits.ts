// The decoder of bit fields packed into whole bytes.
import type { BitsNode } from '../../grammar/node.js'
import { prependPath } from '../../runtime/error-path.js'
import type { DecodeFn } from './decode-fn.js'

export function bitsDecoder(node: BitsNode): DecodeFn {
  const { fields, size } = node
  const totalBits = size * 8
  return (s) => {
    if (!s.has(size)) return undefined
    let word = 0
    for (let i = 0; i < size; i++) word = word * 256 + (s.bytes[s.pos + i] as number)
    const out: Record<string, unknown> = {}
    let shift = totalBits
    for (const [name, field] of fields) {
      shift -= field.width
      const v = Math.floor(word / 2 ** shift) % 2 ** field.width
      if (field.kind === 'uint') setField(out, name, v)
      else if (field.kind === 'flag') setField(out, name, v === 1)
      else if (v !== field.value) {
        if (field.marker) s.committed = false
        s.failInvalid(`bit field ${name} must be ${field.value}`, String(field.value), String(v))
        prependPath(s, name)
        return undefined
      } else if (field.marker) s.committed = true
    }
    s.pos += size
    return out
  }
}

// bits() refuses `__proto__`; a hand-made node still gets an own property.
function setField(out: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true })
  else out[name] = value
}
