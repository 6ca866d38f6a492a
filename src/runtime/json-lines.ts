import { hex } from './hex.js'

/*
 * JSON cannot hold every decoded value as is, so three kinds are wrapped in
 * a one-key object whose key starts with `$`:
 *   bigint                 -> {"$bigint":"18446744073709551615"}  (decimal)
 *   Uint8Array (bytes)     -> {"$bytes":"00ff10"}                 (hex, no spaces)
 *   NaN, ±Infinity and -0  -> {"$number":"NaN"} / "Infinity" / "-Infinity" / "-0"
 * Everything else is plain JSON. `parseJsonLine` turns the wrappers back.
 */

function replacer(this: unknown, key: string, value: unknown): unknown {
  // `this[key]` is the value before any toJSON (Buffer has one).
  const raw = (this as Record<string, unknown>)[key]
  if (typeof raw === 'bigint') return { $bigint: raw.toString(10) }
  if (raw instanceof Uint8Array) return { $bytes: hex(raw).replaceAll(' ', '') }
  if (typeof raw === 'number' && (!Number.isFinite(raw) || Object.is(raw, -0))) return { $number: Object.is(raw, -0) ? '-0' : String(raw) }
  return value
}

/**
 * One value as a line of JSON (without the newline), with bigints, bytes
 * and non-finite numbers wrapped as described above.
 * @internal
 */
export function toJsonLine(value: unknown): string {
  return JSON.stringify(value, replacer)
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  const keys = Object.keys(value)
  if (keys.length !== 1) return value
  const record = value as Record<string, unknown>
  if (typeof record.$bigint === 'string') return BigInt(record.$bigint)
  if (typeof record.$bytes === 'string') return Uint8Array.from(Buffer.from(record.$bytes, 'hex'))
  if (typeof record.$number === 'string') return record.$number === '-0' ? -0 : Number(record.$number)
  return value
}

/**
 * Parses a line written by {@link toJsonLine}, restoring bigints, bytes and
 * special numbers.
 * @internal
 */
export function parseJsonLine(line: string): unknown {
  return JSON.parse(line, reviver)
}
