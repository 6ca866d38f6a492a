// Where a terminated field ends and where the content of a padded field
// ends; shared by the interpreter and generated code. A two-byte unit (a
// UTF-16 code unit) is matched only at an even distance from the start.

/** The offset of the first `unit` in bytes[start, end) at a whole number of units from `start`, or -1. */
export function findTerminator(bytes: Uint8Array, start: number, end: number, unit: Uint8Array): number {
  const first = unit[0] as number
  if (unit.length === 1) {
    // Native search; bounded by `end` through a view, not by the input.
    const at = bytes.subarray(start, end).indexOf(first)
    return at < 0 ? -1 : start + at
  }
  const second = unit[1] as number
  for (let i = start; i + 1 < end; i += 2) {
    if (bytes[i] === first && bytes[i + 1] === second) return i
  }
  return -1
}

/** The end of the content of bytes[start, end): trailing whole `pad` units dropped. */
export function paddedEnd(bytes: Uint8Array, start: number, end: number, pad: Uint8Array): number {
  const n = pad.length
  let i = end
  if (n === 1) {
    const p = pad[0] as number
    while (i > start && bytes[i - 1] === p) i--
    return i
  }
  while (i - n >= start && bytes[i - 2] === pad[0] && bytes[i - 1] === pad[1]) i -= 2
  return i
}

/** The index in `value` of the first `unit` at a whole number of units, or -1. */
export function terminatorIndex(value: Uint8Array, unit: Uint8Array): number {
  return findTerminator(value, 0, value.length, unit)
}
