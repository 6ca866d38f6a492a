/**
 * A short description of any value for an error message. `String(value)`
 * is not safe here: it throws on objects without a prototype or with a
 * throwing `toString`, and values given to `encode` (or thrown by user
 * functions) can be anything.
 * @internal
 */
export function showValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value)
    case 'bigint':
      return `${value}n`
    case 'symbol':
      return value.toString()
    case 'function':
      return 'a function'
    default:
      if (value === null) return 'null'
      if (value instanceof Error) return `${value.name}: ${value.message}`
      if (value instanceof Uint8Array) return `Uint8Array(${value.length})`
      if (Array.isArray(value)) return `an array of ${value.length}`
      return 'an object'
  }
}

/**
 * The key under which a dependent grammar keeps the case for a head value:
 * `String(head)` for primitives, undefined for anything else (which then
 * matches no case instead of throwing in `String`).
 * @internal
 */
export function caseKey(head: unknown): string | undefined {
  switch (typeof head) {
    case 'string':
      return head
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(head)
    default:
      return undefined
  }
}
