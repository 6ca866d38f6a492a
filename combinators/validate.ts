import type { Grammar, Node } from '../src/grammar/node.js'
import { isNodeTag } from '../src/grammar/node-tags.js'
import { analysisOf } from '../src/analysis/index.js'

// Checks of combinator arguments, made when a grammar is built so that a
// mistake is a TypeError or RangeError naming the combinator and the
// argument, never a failure deep inside decode. Every combinator uses these.

/** A short description of a value for an error message. */
function shown(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'function') return `a function${value.name === '' ? '' : ` (${value.name})`}`
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return String(value)
}

/** `value` is a codec: an object whose `node` is a grammar node oxwire knows. */
export function requireCodec(combinator: string, argument: string, value: unknown): asserts value is Grammar {
  if (typeof value === 'function') {
    const name = value.name === '' ? 'it' : value.name
    throw new TypeError(`${combinator}: ${argument} is a function, not a codec; call it first (${name}(...))`)
  }
  const node = typeof value === 'object' && value !== null ? (value as { node?: unknown }).node : undefined
  if (typeof node !== 'object' || node === null || !isNodeTag((node as { tag?: unknown }).tag)) {
    throw new TypeError(`${combinator}: ${argument} must be a codec (got ${shown(value)})`)
  }
}

/** `value` is a function. */
export function requireFunction(combinator: string, argument: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw new TypeError(`${combinator}: ${argument} must be a function (got ${shown(value)})`)
}

/** `value` is a string. */
export function requireString(combinator: string, argument: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${combinator}: ${argument} must be a string (got ${shown(value)})`)
}

/** `value` is an integer in `min..max` (a size, a count, a width). */
export function requireInteger(combinator: string, argument: string, value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${combinator}: ${argument} must be a number (got ${shown(value)})`)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${combinator}: ${argument} must be an integer in ${min}..${max} (got ${shown(value)})`)
  }
}

/** A fixed size or count, or the codec that reads it. */
export function requireCountOrCodec(combinator: string, argument: string, value: unknown): asserts value is number | Grammar {
  if (typeof value === 'number') requireInteger(combinator, argument, value)
  else requireCodec(combinator, argument, value)
}

/**
 * A name that becomes a property of decoded objects. `__proto__` would set
 * the object's prototype from wire data instead of a property, so it is
 * refused.
 */
export function requireFieldName(combinator: string, name: unknown): asserts name is string {
  requireString(combinator, 'field name', name)
  if (name === '__proto__') throw new TypeError(`${combinator}: a field may not be named "__proto__" (it would set the decoded object's prototype)`)
}

/**
 * The own enumerable string-keyed data properties of an object of fields,
 * cases or codes, in order. Accessors and symbol keys are refused: a getter
 * would run user code at every read, and a symbol is no wire name.
 */
export function ownEntries(combinator: string, argument: string, value: unknown): [string, unknown][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${combinator}: ${argument} must be an object (got ${shown(value)})`)
  }
  const out: [string, unknown][] = []
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'symbol') throw new TypeError(`${combinator}: ${argument} may not have symbol keys`)
    const descriptor = Object.getOwnPropertyDescriptor(value, key) as PropertyDescriptor
    if (!descriptor.enumerable) continue
    if (!('value' in descriptor)) throw new TypeError(`${combinator}: ${argument}.${key} is an accessor; give a plain value`)
    out.push([key, descriptor.value])
  }
  return out
}

/**
 * `value` is a value the numeric grammar `head` can hold: a finite number
 * (an integer for integer grammars) or a bigint for 64-bit grammars, within
 * the grammar's range. Grammars whose values oxwire cannot see (mappings,
 * custom codecs) need only a finite number or a bigint.
 */
export function requireValueOf(combinator: string, argument: string, head: Node, value: unknown): asserts value is number | bigint {
  const domain = analysisOf(head).domain
  const bigint = domain === undefined ? typeof value === 'bigint' : domain.kind === 'bigint'
  if (bigint ? typeof value !== 'bigint' : typeof value !== 'number') {
    throw new TypeError(`${combinator}: ${argument} must be a ${bigint ? 'bigint' : 'number'} (got ${shown(value)})`)
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`${combinator}: ${argument} must be finite (got ${shown(value)})`)
  if (domain === undefined) return
  if (domain.kind === 'integer' && !Number.isInteger(value)) throw new RangeError(`${combinator}: ${argument} must be an integer (got ${shown(value)})`)
  if ((value as number) < (domain.min as number) || (value as number) > (domain.max as number)) {
    throw new RangeError(`${combinator}: ${argument} ${shown(value)} is outside ${shown(domain.min)}..${shown(domain.max)}, the values its codec holds`)
  }
}
