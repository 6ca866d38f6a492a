/**
 * Finds the first index in `bytes[from, to)` that holds a possible first
 * byte of a frame, or `to` when there is none.
 * @internal
 */
export type Scanner = (bytes: Uint8Array, from: number, to: number) => number

// Up to this many start bytes, one native indexOf per byte beats a loop in
// JavaScript; beyond it a lookup table does.
const MAX_INDEXOF_BYTES = 4

/**
 * A scanner for the given start bytes (`undefined`: any byte starts a
 * frame, so every index is a candidate).
 * @internal
 */
export function scannerFor(startBytes: readonly number[] | undefined): Scanner {
  if (startBytes === undefined) return (_bytes, from) => from
  if (startBytes.length === 0) return (_bytes, _from, to) => to
  if (startBytes.length === 1) {
    const b = startBytes[0] as number
    return (bytes, from, to) => {
      const i = bytes.indexOf(b, from)
      return i < 0 || i > to ? to : i
    }
  }
  if (startBytes.length <= MAX_INDEXOF_BYTES) return indexOfScanner(startBytes)
  return tableScanner(startBytes)
}

// One indexOf per start byte, remembering each byte's next occurrence so a
// rare byte is not searched for again at every candidate of a common one.
function indexOfScanner(startBytes: readonly number[]): Scanner {
  const next = new Array<number>(startBytes.length).fill(-1)
  let lastBytes: Uint8Array | undefined
  let lastTo = -1
  return (bytes, from, to) => {
    if (bytes !== lastBytes || to !== lastTo) {
      next.fill(-1)
      lastBytes = bytes
      lastTo = to
    }
    let best = to
    for (let k = 0; k < startBytes.length; k++) {
      let at = next[k] as number
      if (at < from) {
        const i = bytes.indexOf(startBytes[k] as number, from)
        at = i < 0 || i > to ? to : i
        next[k] = at
      }
      if (at < best) best = at
    }
    return best
  }
}

function tableScanner(startBytes: readonly number[]): Scanner {
  const table = new Uint8Array(256)
  for (const b of startBytes) table[b] = 1
  return (bytes, from, to) => {
    for (let i = from; i < to; i++) if (table[bytes[i] as number] === 1) return i
    return to
  }
}
