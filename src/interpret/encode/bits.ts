// The encoder of bit fields packed into whole bytes.
import type { BitsNode } from '../../grammar/node.js'
import { bitFieldRange, bitLayout } from '../../analysis/bit-layout.js'
import type { EncodeState } from '../../runtime/encode-state.js'
import { prependPath } from '../../runtime/error-path.js'
import { showValue } from '../show-value.js'
import type { EncodeFn } from './encode-fn.js'

// Up to 6 bytes the word is an exact number; 7 and 8 need a bigint.
const WIDEST_NUMBER_WORD = 6

export function bitsEncoder(node: BitsNode): EncodeFn {
  const { size, lsbFirst } = node
  const layout = bitLayout(node)
  const ranges = layout.map((p) => bitFieldRange(p.field))
  const valueless = layout.every((p) => p.field.kind === 'constant')
  const wide = size > WIDEST_NUMBER_WORD
  return (s, v) => {
    if (valueless) v = {}
    if (typeof v !== 'object' || v === null) return s.fail('type', 'expected an object of bit fields')
    const record = v as Record<string, unknown>
    let word: number | bigint = wide ? 0n : 0
    for (let i = 0; i < layout.length; i++) {
      const { name, field, shift, big } = layout[i] as (typeof layout)[number]
      let raw: number | bigint
      if (field.kind === 'constant') raw = field.value
      else if (field.kind === 'flag') {
        const flag = record[name]
        if (typeof flag !== 'boolean') return fieldFail(s, name, 'type', `expected a boolean, got ${typeof flag}`)
        raw = flag ? 1 : 0
      } else {
        const n = record[name]
        if (big ? typeof n !== 'bigint' : typeof n !== 'number' || !Number.isInteger(n)) {
          return fieldFail(s, name, 'type', `expected ${big ? 'a bigint' : 'an integer'}, got ${showValue(n)}`)
        }
        const { min, max } = ranges[i] as (typeof ranges)[number]
        if ((n as number) < (min as number) || (n as number) > (max as number)) {
          return fieldFail(s, name, 'range', `${showValue(n)} does not fit ${field.width} bit(s) (${showValue(min)}..${showValue(max)})`)
        }
        // Two's complement within the field's width.
        raw = (n as number) < 0 ? (big ? (n as bigint) + (1n << BigInt(field.width)) : (n as number) + 2 ** field.width) : (n as number | bigint)
      }
      if (wide) word = (word as bigint) | (BigInt(raw) << BigInt(shift))
      else word = (word as number) + (raw as number) * 2 ** shift
    }
    s.reserve(size)
    writeWord(s, word, size, lsbFirst)
    s.pos += size
  }
}

/** Writes the word big-endian (msb first) or little-endian (lsb first). */
function writeWord(s: EncodeState, word: number | bigint, size: number, lsbFirst: boolean): void {
  for (let k = 0; k < size; k++) {
    // k counts bytes from the word's low end.
    const at = s.pos + (lsbFirst ? k : size - 1 - k)
    if (typeof word === 'bigint') {
      s.bytes[at] = Number(word & 0xffn)
      word >>= 8n
    } else {
      s.bytes[at] = word % 256
      word = Math.floor(word / 256)
    }
  }
}

function fieldFail(s: EncodeState, name: string, kind: 'type' | 'range', message: string): void {
  s.fail(kind, message)
  prependPath(s, name)
}
