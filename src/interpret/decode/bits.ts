// The decoder of bit fields packed into whole bytes.
import type { BitsNode } from '../../grammar/node.js'
import { bitLayout } from '../../analysis/bit-layout.js'
import { prependPath } from '../../runtime/error-path.js'
import type { DecodeState } from '../../runtime/decode-state.js'
import type { DecodeFn } from './decode-fn.js'

const UINT = 0
const FLAG = 1
const CONSTANT = 2
const INT = 3

// Up to 6 bytes the word is an exact number; 7 and 8 need a bigint.
const WIDEST_NUMBER_WORD = 6

export function bitsDecoder(node: BitsNode): DecodeFn {
  const { size, lsbFirst } = node
  const layout = bitLayout(node)
  // Per field, worked out once: its name, kind, and where it sits in the word.
  const names = layout.map((p) => p.name)
  const kinds = layout.map(({ field: f }) => (f.kind === 'uint' ? UINT : f.kind === 'int' ? INT : f.kind === 'flag' ? FLAG : CONSTANT))
  const expected = layout.map(({ field: f }) => (f.kind === 'constant' ? f.value : 0))
  const markers = layout.map(({ field: f }) => f.kind === 'constant' && f.marker)
  const derived = layout.map(({ field: f }) => f.kind !== 'constant' && f.derived === true)
  const count = layout.length
  // Reads field i from the word, as a number, a bigint (wide fields) or a
  // boolean; raw (unsigned) for constants.
  const read = size <= WIDEST_NUMBER_WORD ? numberFields(node) : bigintFields(node)
  return (s) => {
    if (!s.has(size)) return undefined
    const pos = s.pos
    const word = readWord(s, pos, size, lsbFirst)
    const out: Record<string, unknown> = {}
    for (let i = 0; i < count; i++) {
      const kind = kinds[i]
      const v = read(word, i)
      if (kind !== CONSTANT) {
        const value = kind === FLAG ? v === 1 : v
        // Bit fields can be referred to by name, and derived ones only so.
        if (s.scope !== undefined) s.scope.vars[names[i] as string] = value
        if (!derived[i]) setField(out, names[i] as string, value)
      } else if (v !== expected[i]) {
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

/** The group's bytes as one word: big-endian (msb first) or little-endian (lsb first); a bigint past 6 bytes. */
function readWord(s: DecodeState, pos: number, size: number, lsbFirst: boolean): number | bigint {
  const bytes = s.bytes
  if (size <= WIDEST_NUMBER_WORD) {
    let word = 0
    if (lsbFirst) for (let i = size - 1; i >= 0; i--) word = word * 256 + (bytes[pos + i] as number)
    else for (let i = 0; i < size; i++) word = word * 256 + (bytes[pos + i] as number)
    return word
  }
  let word = 0n
  if (lsbFirst) for (let i = size - 1; i >= 0; i--) word = (word << 8n) | BigInt(bytes[pos + i] as number)
  else for (let i = 0; i < size; i++) word = (word << 8n) | BigInt(bytes[pos + i] as number)
  return word
}

function numberFields(node: BitsNode): (word: number | bigint, i: number) => number {
  const layout = bitLayout(node)
  const divisors = layout.map((p) => 2 ** p.shift)
  const moduli = layout.map((p) => 2 ** p.field.width)
  const signed = layout.map((p) => p.field.kind === 'int')
  return (word, i) => {
    const v = Math.floor((word as number) / (divisors[i] as number)) % (moduli[i] as number)
    const modulus = moduli[i] as number
    return signed[i] && v >= modulus / 2 ? v - modulus : v
  }
}

function bigintFields(node: BitsNode): (word: number | bigint, i: number) => number | bigint {
  const layout = bitLayout(node)
  const shifts = layout.map((p) => BigInt(p.shift))
  const widths = layout.map((p) => p.field.width)
  const signed = layout.map((p) => p.field.kind === 'int')
  const big = layout.map((p) => p.big)
  return (word, i) => {
    const raw = (word as bigint) >> (shifts[i] as bigint)
    const width = widths[i] as number
    const v = signed[i] ? BigInt.asIntN(width, raw) : BigInt.asUintN(width, raw)
    return big[i] ? v : Number(v)
  }
}

// bits() refuses `__proto__`; a hand-made node still gets an own property.
function setField(out: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true })
  else out[name] = value
}
