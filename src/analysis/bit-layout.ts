import type { BitField, BitsNode } from '../grammar/node.js'

/**
 * Where each field of a bits group sits, in one numbering that both bit
 * orders share: the group's bytes read as one word (big-endian for
 * most-significant-bit-first groups, little-endian for
 * least-significant-bit-first ones), bit 0 its least significant bit. A
 * field is then always `(word >> shift) & (2^width - 1)`, whatever the
 * order; decode, encode, the compiler, leads, spans, describe and the
 * dissector all read it from here instead of working it out again.
 * @internal
 */
export interface PlacedBitField {
  /** The field's name. */
  readonly name: string
  /** Its layout. */
  readonly field: BitField
  /** The word bit of the field's least significant bit. */
  readonly shift: number
  /** It decodes to a bigint (a number field wider than 53 bits). */
  readonly big: boolean
}

/** Widest bit field that decodes to a number (a double holds 53 bits exactly). @internal */
export const WIDEST_NUMBER_FIELD = 53

const cache = new WeakMap<BitsNode, readonly PlacedBitField[]>()

/** The fields of a bits group with their place in its word, memoised. @internal */
export function bitLayout(node: BitsNode): readonly PlacedBitField[] {
  let found = cache.get(node)
  if (found === undefined) {
    found = place(node)
    cache.set(node, found)
  }
  return found
}

function place(node: BitsNode): readonly PlacedBitField[] {
  const total = node.size * 8
  let offset = 0
  return node.fields.map(([name, field]) => {
    // Fields are read in order: from the word's top down (msb first) or
    // from its bottom up (lsb first).
    const shift = node.lsbFirst ? offset : total - offset - field.width
    offset += field.width
    return { name, field, shift, big: field.kind !== 'flag' && field.kind !== 'constant' && field.width > WIDEST_NUMBER_FIELD }
  })
}

/** The byte of the group (0 = first on the wire) that holds word bit `bit`, and the bit's place in it (0 = least significant). @internal */
export function byteOfWordBit(node: BitsNode, bit: number): { readonly byte: number; readonly bit: number } {
  const fromLow = bit >> 3
  return { byte: node.lsbFirst ? fromLow : node.size - 1 - fromLow, bit: bit & 7 }
}

/**
 * The bits that constant fields fix, per byte of the group: `(byte &
 * masks[i]) === values[i]`. `include` chooses which constant fields count
 * (the lead analysis stops at the first non-marker after a marker).
 * @internal
 */
export function constantBits(node: BitsNode, include: (placed: PlacedBitField) => boolean): { readonly masks: number[]; readonly values: number[] } {
  const masks = new Array<number>(node.size).fill(0)
  const values = new Array<number>(node.size).fill(0)
  for (const placed of bitLayout(node)) {
    const { field } = placed
    if (field.kind !== 'constant' || !include(placed)) continue
    for (let j = 0; j < field.width; j++) {
      const { byte, bit } = byteOfWordBit(node, placed.shift + j)
      const one = Math.floor(field.value / 2 ** j) % 2
      masks[byte] = (masks[byte] as number) | (1 << bit)
      values[byte] = (values[byte] as number) | (one << bit)
    }
  }
  return { masks, values }
}

/** The smallest and largest value of a number bit field. @internal */
export function bitFieldRange(field: BitField): { readonly min: number | bigint; readonly max: number | bigint } {
  if (field.width > WIDEST_NUMBER_FIELD && field.kind !== 'constant' && field.kind !== 'flag') {
    const w = BigInt(field.width)
    return field.kind === 'int' ? { min: -(1n << (w - 1n)), max: (1n << (w - 1n)) - 1n } : { min: 0n, max: (1n << w) - 1n }
  }
  if (field.kind === 'int') return { min: -(2 ** (field.width - 1)), max: 2 ** (field.width - 1) - 1 }
  return { min: 0, max: 2 ** field.width - 1 }
}
