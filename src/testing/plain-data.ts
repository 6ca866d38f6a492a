/**
 * `value` with every null-prototype object (fast-check's `record` and
 * `anything` make some) copied into a plain object, arrays and the rest as
 * they are: decoded values are always plain objects, so a round trip
 * compares against this.
 * @internal
 */
export function asPlainData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asPlainData)
  if (typeof value !== 'object' || value === null) return value
  const prototype: unknown = Object.getPrototypeOf(value)
  if (prototype !== null && prototype !== Object.prototype) return value
  const plain: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) Object.defineProperty(plain, key, { value: asPlainData(field), enumerable: true, writable: true, configurable: true })
  return plain
}
