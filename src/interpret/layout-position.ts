/**
 * Where a field starts: a base (the start of an item, for fields inside
 * repetitions), a fixed byte count, and sizes known only on the wire (a
 * length field's value), kept as text for people.
 * @internal
 */
export interface Position {
  readonly base: string | undefined
  readonly fixed: number
  readonly terms: readonly string[]
}

/** Offset 0. @internal */
export const origin: Position = { base: undefined, fixed: 0, terms: [] }

/** The start of an item of a repetition. @internal */
export function itemStart(item: string): Position {
  return { base: item, fixed: 0, terms: [] }
}

/** The position `size` bytes (a number, or a term such as `payload.length`) after `at`. @internal */
export function advance(at: Position, size: number | string): Position {
  return typeof size === 'number' ? { ...at, fixed: at.fixed + size } : { ...at, terms: [...at.terms, size] }
}

/** A number when the position is fixed, else e.g. `12 + payload.length` or `readings[i] + 2`. @internal */
export function showPosition(at: Position): number | string {
  if (at.base === undefined && at.terms.length === 0) return at.fixed
  const parts = at.base === undefined ? [String(at.fixed)] : at.fixed === 0 ? [at.base] : [at.base, String(at.fixed)]
  return [...parts, ...at.terms].join(' + ')
}
