// Names of small non-negative integer codes (the usual u8 enumeration) by
// index: an array read costs less than a Map lookup on every value. Other
// codes (negative, large, bigint) keep the Map. Holes read as undefined.
export function codeTable(names: ReadonlyMap<number, string>): (string | undefined)[] | undefined {
  let largest = -1
  for (const code of names.keys()) {
    if (!(Number.isInteger(code) && code >= 0 && code < 256)) return undefined
    largest = Math.max(largest, code)
  }
  const table = new Array<string | undefined>(largest + 1).fill(undefined)
  for (const [code, name] of names) table[code] = name
  return table
}
