/**
 * A set of byte values as a 256-entry table (1 = member), or `ANY_BYTE`
 * when every byte is allowed. Tables are immutable once made.
 */
export type ByteSet = Uint8Array | typeof ANY_BYTE

/** Every byte value. */
export const ANY_BYTE = 'any'

/** The set of the given byte values. */
export function byteSetOf(values: Iterable<number>): ByteSet {
  const table = new Uint8Array(256)
  for (const v of values) table[v & 0xff] = 1
  return table
}

/** The bytes `b` with `(b & mask) === value`. */
export function maskedBytes(mask: number, value: number): ByteSet {
  if (mask === 0) return ANY_BYTE
  const table = new Uint8Array(256)
  for (let b = 0; b < 256; b++) if ((b & mask) === (value & mask)) table[b] = 1
  return table
}

/** True when `b` is in the set. */
export function hasByte(set: ByteSet, b: number): boolean {
  return set === ANY_BYTE || set[b] === 1
}

/** The union of sets. */
export function unionOf(sets: readonly ByteSet[]): ByteSet {
  const out = new Uint8Array(256)
  for (const set of sets) {
    if (set === ANY_BYTE) return ANY_BYTE
    for (let b = 0; b < 256; b++) if (set[b] === 1) out[b] = 1
  }
  return out
}

/** The members, ascending, or undefined for every byte. */
export function membersOf(set: ByteSet): readonly number[] | undefined {
  if (set === ANY_BYTE) return undefined
  const out: number[] = []
  for (let b = 0; b < 256; b++) if (set[b] === 1) out.push(b)
  return out.length === 256 ? undefined : out
}

/**
 * The narrowest mask/value pair that every member satisfies: the bits all
 * members agree on. It may admit bytes outside the set, never the reverse.
 */
export function maskOf(set: ByteSet): { readonly mask: number; readonly value: number } {
  if (set === ANY_BYTE) return { mask: 0, value: 0 }
  let and = 0xff
  let or = 0
  let any = false
  for (let b = 0; b < 256; b++) {
    if (set[b] !== 1) continue
    any = true
    and &= b
    or |= b
  }
  // No member: nothing can match; an impossible pattern still says so
  // through a full mask (a real byte can never equal both 0 and 1 bits).
  if (!any) return { mask: 0xff, value: 0 }
  const mask = ~(and ^ or) & 0xff
  return { mask, value: and & mask }
}
