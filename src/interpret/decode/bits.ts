// The decoder of bit fields packed into whole bytes.
import type { BitsNode } from '../../grammar/node.js'
import { bitLayout } from '../../analysis/bit-layout.js'
import { prependPath } from '../../runtime/error-path.js'
import type { DecodeState } from '../../runtime/decode-state.js'
import type { DecodeFn } from './decode-fn.js'
import { objectMaker } from './struct-arity.js'

const UINT = 0
const FLAG = 1
const CONSTANT = 2
const INT = 3

// Up to 6 bytes the word is an exact number; 7 and 8 need a bigint.
const WIDEST_NUMBER_WORD = 6

/** Per field, worked out once: its name, kind, and what it must be. */
interface Fields {
  readonly names: readonly string[]
  readonly kinds: readonly number[]
  readonly expected: readonly number[]
  readonly markers: readonly boolean[]
  readonly derived: readonly boolean[]
}

export function bitsDecoder(node: BitsNode): DecodeFn {
  const layout = bitLayout(node)
  const fields: Fields = {
    names: layout.map((p) => p.name),
    kinds: layout.map(({ field: f }) => (f.kind === 'uint' ? UINT : f.kind === 'int' ? INT : f.kind === 'flag' ? FLAG : CONSTANT)),
    expected: layout.map(({ field: f }) => (f.kind === 'constant' ? f.value : 0)),
    markers: layout.map(({ field: f }) => f.kind === 'constant' && f.marker),
    derived: layout.map(({ field: f }) => f.kind !== 'constant' && f.derived === true),
  }
  if (node.size > WIDEST_NUMBER_WORD) return bigintWordDecoder(node, fields)
  return node.size <= 4 ? int32WordDecoder(node, fields) : numberWordDecoder(node, fields)
}

// Up to 4 bytes (the usual flags byte), the word fits 32 bits: fields are
// taken out with shifts and masks instead of division and modulo.
function int32WordDecoder(node: BitsNode, fields: Fields): DecodeFn {
  const { size, lsbFirst } = node
  const { names, kinds, expected, markers, derived } = fields
  const layout = bitLayout(node)
  const shifts = layout.map((p) => p.shift)
  const widths = layout.map((p) => p.field.width)
  const moduli = widths.map((w) => 2 ** w)
  const masks = moduli.map((m) => m - 1)
  const halves = moduli.map((m) => m / 2)
  const count = layout.length
  // The value's fields, gathered first and then made into the object by a
  // closure per arity, so that its stores do not share one site with every
  // other bits group's (see struct-arity.ts); more fields, or `__proto__`,
  // by a loop.
  const keptNames = names.filter((_, i) => kinds[i] !== CONSTANT && !derived[i])
  const make = objectMaker(keptNames) ?? objectByLoop(keptNames)
  // Decoding a bits group runs no user code, so one array serves every call.
  const values: unknown[] = []
  return (s) => {
    if (!s.has(size)) return undefined
    const bytes = s.bytes
    const pos = s.pos
    let word = 0
    if (lsbFirst) for (let i = size - 1; i >= 0; i--) word = ((word << 8) | (bytes[pos + i] as number)) >>> 0
    else for (let i = 0; i < size; i++) word = ((word << 8) | (bytes[pos + i] as number)) >>> 0
    let n = 0
    for (let i = 0; i < count; i++) {
      const kind = kinds[i]
      const shifted = word >>> (shifts[i] as number)
      // Masks up to 31 bits; a 32-bit field is the whole (unsigned) word.
      let v = widths[i] === 32 ? shifted : shifted & (masks[i] as number)
      if (kind === INT && v >= (halves[i] as number)) v -= moduli[i] as number
      if (kind !== CONSTANT) {
        const value = kind === FLAG ? v === 1 : v
        // Bit fields can be referred to by name, and derived ones only so.
        if (s.scope !== undefined) s.scope.vars[names[i] as string] = value
        if (!derived[i]) values[n++] = value
      } else if (v !== expected[i]) {
        return constantFailed(s, fields, i, v)
      } else if (markers[i]) s.committed = true
    }
    s.pos = pos + size
    return make(values)
  }
}

/** An object of any number of named values, `__proto__` included as an own key. */
function objectByLoop(keys: readonly string[]): (values: readonly unknown[]) => Record<string, unknown> {
  return (values) => {
    const out: Record<string, unknown> = {}
    for (let i = 0; i < keys.length; i++) setField(out, keys[i] as string, values[i])
    return out
  }
}

// Up to 6 bytes, the hot path: the word is an exact number, and the loop is
// written out so that reading a field calls nothing.
function numberWordDecoder(node: BitsNode, fields: Fields): DecodeFn {
  const { size, lsbFirst } = node
  const { names, kinds, expected, markers, derived } = fields
  const layout = bitLayout(node)
  const divisors = layout.map((p) => 2 ** p.shift)
  const moduli = layout.map((p) => 2 ** p.field.width)
  const count = layout.length
  return (s) => {
    if (!s.has(size)) return undefined
    const bytes = s.bytes
    const pos = s.pos
    let word = 0
    if (lsbFirst) for (let i = size - 1; i >= 0; i--) word = word * 256 + (bytes[pos + i] as number)
    else for (let i = 0; i < size; i++) word = word * 256 + (bytes[pos + i] as number)
    const out: Record<string, unknown> = {}
    for (let i = 0; i < count; i++) {
      const kind = kinds[i]
      const modulus = moduli[i] as number
      let v = Math.floor(word / (divisors[i] as number)) % modulus
      if (kind === INT && v >= modulus / 2) v -= modulus
      if (kind !== CONSTANT) {
        const value = kind === FLAG ? v === 1 : v
        // Bit fields can be referred to by name, and derived ones only so.
        if (s.scope !== undefined) s.scope.vars[names[i] as string] = value
        if (!derived[i]) setField(out, names[i] as string, value)
      } else if (v !== expected[i]) {
        return constantFailed(s, fields, i, v)
      } else if (markers[i]) s.committed = true
    }
    s.pos = pos + size
    return out
  }
}

// 7 and 8 bytes: a bigint word; fields up to 53 bits are numbers again.
function bigintWordDecoder(node: BitsNode, fields: Fields): DecodeFn {
  const { size, lsbFirst } = node
  const { names, kinds, expected, markers, derived } = fields
  const layout = bitLayout(node)
  const shifts = layout.map((p) => BigInt(p.shift))
  const widths = layout.map((p) => p.field.width)
  const big = layout.map((p) => p.big)
  const count = layout.length
  return (s) => {
    if (!s.has(size)) return undefined
    const bytes = s.bytes
    const pos = s.pos
    let word = 0n
    if (lsbFirst) for (let i = size - 1; i >= 0; i--) word = (word << 8n) | BigInt(bytes[pos + i] as number)
    else for (let i = 0; i < size; i++) word = (word << 8n) | BigInt(bytes[pos + i] as number)
    const out: Record<string, unknown> = {}
    for (let i = 0; i < count; i++) {
      const kind = kinds[i]
      const raw = word >> (shifts[i] as bigint)
      const width = widths[i] as number
      const n = kind === INT ? BigInt.asIntN(width, raw) : BigInt.asUintN(width, raw)
      const v = big[i] ? n : Number(n)
      if (kind !== CONSTANT) {
        const value = kind === FLAG ? v === 1 : v
        if (s.scope !== undefined) s.scope.vars[names[i] as string] = value
        if (!derived[i]) setField(out, names[i] as string, value)
      } else if (v !== expected[i]) {
        return constantFailed(s, fields, i, v)
      } else if (markers[i]) s.committed = true
    }
    s.pos = pos + size
    return out
  }
}

function constantFailed(s: DecodeState, fields: Fields, i: number, found: number | bigint): undefined {
  const name = fields.names[i] as string
  const expected = fields.expected[i] as number
  if (fields.markers[i]) s.committed = false
  s.failInvalid(`bit field ${name} must be ${expected}`, String(expected), String(found))
  prependPath(s, name)
  return undefined
}

// bits() refuses `__proto__`; a hand-made node still gets an own property.
function setField(out: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true })
  else out[name] = value
}
