import type { Node } from '../grammar/node.js'
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

/**
 * A code read by `node` as people who read hex dumps write it: a
 * non-negative integer of a grammar two bytes wide or more (a magic
 * number, an EtherType) in hex padded to the width (`0xa1b2c3d4`), others
 * as {@link showValue} does.
 * @internal
 */
export function showCode(node: Node, value: unknown): string {
  const width = intWidth(node)
  if (width !== undefined && width >= 2 && typeof value === 'number' && Number.isInteger(value) && value >= 0) return `0x${value.toString(16).padStart(width * 2, '0')}`
  return showValue(value)
}

function intWidth(node: Node): number | undefined {
  switch (node.tag) {
    case 'int':
      return node.size
    case 'range':
    case 'refine':
    case 'named':
    case 'marker':
    case 'derived':
      return intWidth(node.inner.node)
    default:
      return undefined
  }
}

/** Says that a grammar `otherwise` built is broken (a combinator's TypeError or RangeError), not the input. @internal */
export function otherwiseFailure(headName: string, key: string, thrown: unknown): string {
  const building = thrown instanceof TypeError || thrown instanceof RangeError
  return building
    ? `grammar error, not an input error: the grammar otherwise builds for ${headName} ${key} is invalid: ${showValue(thrown)}`
    : `no grammar for ${headName} ${key}: ${showValue(thrown)}`
}

/** A case key of a dependent grammar, as {@link showCode} shows its head. @internal */
export function showKey(head: Node, key: string): string {
  return /^\d+$/.test(key) ? showCode(head, Number(key)) : key
}
