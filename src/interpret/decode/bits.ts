// The decoder of bit fields packed into whole bytes.
import type { BitsNode } from '../../grammar/node.js'
import { prependPath } from '../../runtime/error-path.js'
import type { DecodeFn } from './decode-fn.js'

const UINT = 0
const FLAG = 1
const CONSTANT = 2

export function bitsDecoder(node: BitsNode): DecodeFn {
  const { fields, size } = node
  // Per field, worked out once: its name, kind, and the divisor and modulus
  // that extract it from the word (size ≤ 4 bytes, so the word is exact).
  const names = fields.map(([name]) => name)
  const kinds = fields.map(([, f]) => (f.kind === 'uint' ? UINT : f.kind === 'flag' ? FLAG : CONSTANT))
  const divisors: number[] = []
  const moduli: number[] = []
  const expected = fields.map(([, f]) => (f.kind === 'constant' ? f.value : 0))
  const markers = fields.map(([, f]) => f.kind === 'constant' && f.marker === true)
  let shift = size * 8
  for (const [, f] of fields) {
    shift -= f.width
    divisors.push(2 ** shift)
    moduli.push(2 ** f.width)
  }
  const count = fields.length
  return (s) => {
    if (!s.has(size)) return undefined
    const bytes = s.bytes
    const pos = s.pos
    let word = 0
    for (let i = 0; i < size; i++) word = word * 256 + (bytes[pos + i] as number)
    const out: Record<string, unknown> = {}
    for (let i = 0; i < count; i++) {
      const v = Math.floor(word / (divisors[i] as number)) % (moduli[i] as number)
      const kind = kinds[i]
      if (kind === UINT) setField(out, names[i] as string, v)
      else if (kind === FLAG) setField(out, names[i] as string, v === 1)
      else if (v !== expected[i]) {
        if (markers[i]) s.committed = false
        s.failInvalid(`bit field ${names[i]} must be ${expected[i]}`, String(expected[i]), String(v))
        prependPath(s, names[i] as string)
        return undefined
      } else if (markers[i]) s.committed = true
    }
    s.pos = pos + size
    return out
  }
}

// bits() refuses `__proto__`; a hand-made node still gets an own property.
function setField(out: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true })
  else out[name] = value
}
