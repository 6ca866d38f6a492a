// Decoders that read a length or count, or govern a span of bytes:
// array, many, sized regions, dependent bodies and checksums.
import type { ChecksumNode, DependentNode, Node } from '../../grammar/node.js'
import type { DecodeState } from '../../runtime/decode-state.js'
import { prependPath } from '../../runtime/error-path.js'
import { sizeBounds } from '../../analysis/index.js'
import { caseKey, otherwiseFailure, showCode, showKey, showValue } from '../show-value.js'
import type { DecodeFn, DecoderOf, FillFn } from './decode-fn.js'
import { ChecksumDataIncomplete } from '../../grammar/checksum-algorithm.js'

export function arrayDecoder(count: number | { node: Node }, itemNode: Node, decoderOf: DecoderOf): DecodeFn {
  const item = decoderOf(itemNode)
  const minItem = sizeBounds(itemNode).min
  const readN = countReader(count, 'count', decoderOf)
  const unbounded = typeof count !== 'number' && minItem === 0
  return (s) => {
    const start = s.pos
    const n = readN(s)
    if (n < 0) return undefined
    // Check the items can fit before looping, so a huge count from the wire
    // fails at once instead of costing time or memory.
    if (n * minItem > s.limit - s.pos) {
      const needed = n * minItem
      if (!s.has(needed)) {
        if (s.error !== undefined && s.error.kind === 'invalid') {
          s.failInvalid(`count ${n} needs at least ${needed} byte(s)`, `at most ${s.limit - s.pos} byte(s)`, String(needed), start)
        }
        return undefined
      }
    }
    const out: unknown[] = []
    for (let i = 0; i < n; i++) {
      // A count from the wire over items of no bytes would be work the
      // input does not pay for (possible only through a lazy item that
      // array() could not size).
      const v = repeatedItem(s, item, i, unbounded)
      if (s.error !== undefined) return undefined
      out.push(v)
    }
    return out
  }
}

/**
 * Item `i` of a repetition; on failure the error is set with `i` in front
 * of its path. With `mustAdvance`, an item that reads no bytes fails too:
 * the same item would come again, for ever or for a count the input does
 * not pay for.
 */
export function repeatedItem(s: DecodeState, item: DecodeFn, i: number, mustAdvance: boolean): unknown {
  const before = s.pos
  const v = item(s)
  if (s.error === undefined && mustAdvance && s.pos === before) s.failInvalid('repeated item consumed no bytes')
  if (s.error !== undefined) prependPath(s, i)
  return v
}

export function manyDecoder(itemNode: Node, decoderOf: DecoderOf): DecodeFn {
  const item = decoderOf(itemNode)
  return (s) => {
    const out: unknown[] = []
    while (s.pos < s.limit) {
      const v = repeatedItem(s, item, out.length, true)
      if (s.error !== undefined) return undefined
      out.push(v)
    }
    return out
  }
}

// A length or count codec is any Codec<number>: a signed or mapped one can
// yield values that would move the cursor backwards or never end a loop.
function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
}

// A count or length: fixed in the grammar, or read from the wire and
// checked. Returns -1 once an error is recorded, so callers test one number.
function countReader(source: number | { node: Node }, what: string, decoderOf: DecoderOf): (s: DecodeState) => number {
  if (typeof source === 'number') return () => source
  const read = decoderOf(source.node)
  return (s) => {
    const start = s.pos
    const n = read(s)
    if (s.error !== undefined) return -1
    if (!isCount(n)) {
      s.failInvalid(`${what} ${showValue(n)} is not a non-negative integer`, 'a non-negative integer', showValue(n), start)
      return -1
    }
    return n
  }
}

export function sizedDecoder(length: number | { node: Node }, innerNode: Node, decoderOf: DecoderOf, innerFill?: FillFn): DecodeFn {
  if (innerFill !== undefined) {
    // A region around a struct or `tagged` struct (a TLV's value, a
    // payload): the object is made here and filled, one call fewer.
    const fill = sizedFiller(length, innerFill, decoderOf)
    return (s) => {
      const out: Record<string, unknown> = {}
      fill(s, out)
      return s.error === undefined ? out : undefined
    }
  }
  const inner = decoderOf(innerNode)
  const readN = countReader(length, 'length', decoderOf)
  return (s) => {
    const n = readN(s)
    if (n < 0) return undefined
    if (!s.has(n)) return undefined
    const outerLimit = s.limit
    const end = s.pos + n
    s.limit = end
    s.regions++
    const v = inner(s)
    s.regions--
    s.limit = outerLimit
    if (s.error !== undefined) return undefined
    if (s.pos !== end) return unusedBytes(s, n, end)
    return v
  }
}

/** As {@link sizedDecoder}, into an object the caller made. @internal */
export function sizedFiller(length: number | { node: Node }, inner: FillFn, decoderOf: DecoderOf): FillFn {
  const readN = countReader(length, 'length', decoderOf)
  return (s, out) => {
    const n = readN(s)
    if (n < 0) return
    if (!s.has(n)) return
    const outerLimit = s.limit
    const end = s.pos + n
    s.limit = end
    s.regions++
    inner(s, out)
    s.regions--
    s.limit = outerLimit
    if (s.error === undefined && s.pos !== end) unusedBytes(s, n, end)
  }
}

function unusedBytes(s: DecodeState, n: number, end: number): undefined {
  s.failInvalid(`region of ${n} byte(s) has ${end - s.pos} unused byte(s)`, `${n} byte(s) used`, `${n - (end - s.pos)} used`)
  return undefined
}

export function untilLastDecoder(reserve: number, innerNode: Node, decoderOf: DecoderOf): DecodeFn {
  const inner = decoderOf(innerNode)
  return (s) => {
    // Fewer than `reserve` bytes left: `has` says incomplete or invalid.
    if (!s.has(reserve)) return undefined
    const outerLimit = s.limit
    const end = outerLimit - reserve
    // At the top, reads that overrun the region are incomplete: more
    // input would have made it longer (see DecodeState.has).
    s.limit = end
    s.tailReserve += reserve
    const v = inner(s)
    s.tailReserve -= reserve
    s.limit = outerLimit
    if (s.error !== undefined) return undefined
    if (s.pos !== end) {
      s.failInvalid(`region up to the last ${reserve} byte(s) has ${end - s.pos} unused byte(s)`, 'the whole region used', `${end - s.pos} byte(s) left`)
      return undefined
    }
    return v
  }
}

export function dependentDecoder(node: DependentNode, decoderOf: DecoderOf): DecodeFn {
  const head = decoderOf(node.head.node)
  const headNode = node.head.node
  const { headName, otherwise } = node
  const cases = new Map(Object.entries(node.cases).map(([k, g]) => [k, decoderOf(g.node)]))
  const find = caseFinder(cases)
  return (s) => {
    const start = s.pos
    const key = head(s)
    if (s.error !== undefined) {
      prependPath(s, headName)
      return undefined
    }
    // The head can be referred to by name, by the body or later fields.
    if (s.scope !== undefined) s.scope.vars[headName] = key
    let body = find(key)
    if (body === undefined && otherwise !== undefined) {
      try {
        body = decoderOf(otherwise(key).node)
      } catch (thrown) {
        // A user's `otherwise` is not allowed to make decode throw.
        s.failInvalid(otherwiseFailure(headName, showCode(headNode, key), thrown), undefined, showCode(headNode, key), start)
        prependPath(s, headName)
        return undefined
      }
    }
    if (body === undefined) {
      s.failInvalid(`no case for ${headName} ${showCode(headNode, key)}`, `one of ${[...cases.keys()].map((k) => showKey(headNode, k)).join(', ')}`, showCode(headNode, key), start)
      prependPath(s, headName)
      return undefined
    }
    return body(s)
  }
}

export function checksumDecoder(node: ChecksumNode, decoderOf: DecoderOf): DecodeFn {
  const inner = decoderOf(node.inner.node)
  const field = decoderOf(node.field.node)
  const { algorithm, skipStart, skipEnd } = node
  return (s) => {
    const start = s.pos
    const v = inner(s)
    if (s.error !== undefined) return undefined
    const innerEnd = s.pos
    const found = field(s) as number
    if (s.error !== undefined) return undefined
    // Coverage is fixed by the grammar but the data's length comes from
    // the wire: data shorter than the skipped bytes is a malformed frame.
    if (innerEnd - start < skipStart + skipEnd) {
      s.failInvalid(
        `${innerEnd - start} byte(s) of data, fewer than the ${skipStart + skipEnd} the checksum skips`,
        `at least ${skipStart + skipEnd} byte(s)`,
        `${innerEnd - start}`,
        start,
      )
      return undefined
    }
    let expected: number
    try {
      expected = algorithm.compute(s.bytes, start + skipStart, innerEnd - skipEnd)
    } catch (thrown) {
      // Data cut short at the end of the input may be completed by more input.
      if (thrown instanceof ChecksumDataIncomplete && s.regions === 0 && s.limit + s.tailReserve === s.end) {
        s.failIncomplete(undefined, `${algorithm.name}: ${thrown.message}`, start)
        return undefined
      }
      // Algorithms are a public interface: a user's may throw.
      s.failInvalid(`${algorithm.name} failed: ${showValue(thrown)}`, undefined, undefined, start)
      return undefined
    }
    if (found !== expected) {
      s.fail({
        kind: 'checksum',
        offset: innerEnd,
        path: [],
        message: `${algorithm.name} mismatch: computed ${hexNumber(expected, algorithm.width)}, found ${hexNumber(found, algorithm.width)}`,
        algorithm: algorithm.name,
        expected,
        found,
      })
    }
    return v
  }
}

/**
 * Finds a case by its head value as `cases.get(caseKey(head))` does, without
 * making a string per lookup for a numeric head: small non-negative integer
 * heads (type bytes, tags) index an array, other numbers a Map. A number
 * can only match a key that is its own canonical string form, and every
 * such key is in those two, so a numeric head that misses them has no case.
 * @internal
 */
export function caseFinder<F>(cases: ReadonlyMap<string, F>): (head: unknown) => F | undefined {
  const byNumber = new Map<number, F>()
  const table: (F | undefined)[] = []
  for (const [k, f] of cases) {
    const n = Number(k)
    if (k === '' || String(n) !== k) continue
    byNumber.set(n, f)
    if (Number.isInteger(n) && n >= 0 && n < SMALL_CASES) table[n] = f
  }
  // No holes: an array with holes is slower to read.
  for (let i = 0; i < table.length; i++) if (!(i in table)) table[i] = undefined
  const size = table.length
  return (head) => {
    if (typeof head === 'number') return (head >>> 0) === head && head < size ? table[head] : byNumber.get(head)
    const k = caseKey(head)
    return k === undefined ? undefined : cases.get(k)
  }
}

const SMALL_CASES = 1024

function hexNumber(n: number, width: number): string {
  return '0x' + n.toString(16).padStart(width / 4, '0')
}
