// The spans of parts that read a length or count, or govern a span of bytes:
// arrays, repetitions, sized regions, dependent bodies and checksums. The
// control flow and messages follow decode/regions.ts step by step (the
// property tests compare the two on arbitrary and damaged frames).
import type { Grammar } from '../../grammar/codec.js'
import type { ArrayNode, ChecksumNode, DependentNode, ManyNode, Node, RepeatUntilNode, SizedNode, UntilLastNode } from '../../grammar/node.js'
import { prependPath } from '../../runtime/error-path.js'
import type { PathSegment } from '../../runtime/errors.js'
import { caseKey, showValue } from '../show-value.js'
import { sizeBounds } from '../../analysis/index.js'
import { add, contentSpans, failOn, fieldSpan, type OpenSpan, type Part, type Place, type Walker } from './builder.js'
import { applyChecksum, applyDependentFailure } from './replay.js'
import type { ChecksumStatus } from './span.js'

const failed = (spans: OpenSpan[]): Part => ({ value: undefined, spans })

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
}

/**
 * Reads a count or length prefix as a derived span, checked as the decoder
 * checks it. Returns the number, or -1 once an error is recorded.
 */
function prefix(w: Walker, source: Grammar, what: 'count' | 'length', at: Place, spans: OpenSpan[]): number {
  const start = w.s.pos
  const path = [...at.label, what]
  const { span, value } = fieldSpan(w, source.node, what, what, { path, label: path })
  add(w, spans, span)
  if (w.s.error !== undefined) return -1
  if (!isCount(value)) {
    w.s.failInvalid(`${what} ${showValue(value)} is not a non-negative integer`, 'a non-negative integer', showValue(value), start)
    failOn(w, span)
    return -1
  }
  return value
}

function item(w: Walker, node: Node, i: number, at: Place, spans: OpenSpan[]): unknown {
  const path: PathSegment[] = [...at.path, i]
  const { span, value } = fieldSpan(w, node, String(i), 'value', { path, label: [...at.label, i] })
  add(w, spans, span)
  return value
}

export function arrayPart(node: ArrayNode, at: Place, w: Walker): Part {
  const s = w.s
  const start = s.pos
  const spans: OpenSpan[] = []
  const n = typeof node.count === 'number' ? node.count : prefix(w, node.count, 'count', at, spans)
  if (n < 0) return failed(spans)
  const minItem = sizeBounds(node.item).min
  // As the decoder: a count that cannot fit fails before any item is read.
  if (n * minItem > s.limit - s.pos) {
    const needed = n * minItem
    if (!s.has(needed)) {
      if (s.error !== undefined && s.error.kind === 'invalid') {
        s.failInvalid(`count ${n} needs at least ${needed} byte(s)`, `at most ${s.limit - s.pos} byte(s)`, String(needed), start)
      }
      return failed(spans)
    }
  }
  const out: unknown[] = []
  for (let i = 0; i < n; i++) {
    const v = spannedItem(w, node.item.node, i, at, spans, typeof node.count !== 'number' && minItem === 0)
    if (s.error !== undefined) return failed(spans)
    out.push(v)
  }
  return { value: out, spans }
}

/**
 * Item `i` of a repetition and its spans, as the decoder's repeatedItem
 * (decode/regions.ts): on failure the error is set with `i` in front of its
 * path, and an item that read no bytes where `mustAdvance` fails its span.
 */
function spannedItem(w: Walker, itemNode: Node, i: number, at: Place, spans: OpenSpan[], mustAdvance: boolean): unknown {
  const s = w.s
  const before = s.pos
  const v = item(w, itemNode, i, at, spans)
  if (s.error !== undefined) {
    prependPath(s, i)
    return undefined
  }
  if (mustAdvance && s.pos === before) {
    s.failInvalid('repeated item consumed no bytes')
    prependPath(s, i)
    const last = spans[spans.length - 1]
    if (last !== undefined) failOn(w, last)
  }
  return v
}

export function manyPart(node: ManyNode, at: Place, w: Walker): Part {
  const s = w.s
  const spans: OpenSpan[] = []
  const out: unknown[] = []
  while (s.pos < s.limit) {
    const v = spannedItem(w, node.item.node, out.length, at, spans, true)
    if (s.error !== undefined) return failed(spans)
    out.push(v)
  }
  return { value: out, spans }
}

export function repeatUntilPart(node: RepeatUntilNode, at: Place, w: Walker): Part {
  const s = w.s
  const spans: OpenSpan[] = []
  const out: unknown[] = []
  for (;;) {
    const before = s.pos
    const v = spannedItem(w, node.item.node, out.length, at, spans, true)
    if (s.error !== undefined) return failed(spans)
    let last: boolean
    try {
      last = node.until(v) === true
    } catch (thrown) {
      s.failInvalid(`the repeatUntil predicate failed: ${showValue(thrown)}`, undefined, undefined, before)
      prependPath(s, out.length)
      return failed(spans)
    }
    out.push(v)
    if (last) return { value: out, spans }
    if (out.length >= node.maxItems) {
      s.failInvalid(`no item ended the repetition within ${node.maxItems} item(s)`, `at most ${node.maxItems} item(s)`, `more than ${node.maxItems}`)
      return failed(spans)
    }
  }
}

export function sizedPart(node: SizedNode, at: Place, w: Walker): Part {
  const s = w.s
  const spans: OpenSpan[] = []
  const n = typeof node.length === 'number' ? node.length : prefix(w, node.length, 'length', at, spans)
  if (n < 0 || !s.has(n)) return failed(spans)
  const start = s.pos
  const outerLimit = s.limit
  const end = start + n
  s.limit = end
  s.regions++
  const part = w.walk(node.inner.node, at, w)
  s.regions--
  s.limit = outerLimit
  const inner = spans.length > 0 ? contentSpans(w, node.inner.node, at, part, start) : part.spans
  for (const span of inner) add(w, spans, span)
  if (s.error !== undefined) return failed(spans)
  if (s.pos !== end) {
    s.failInvalid(`region of ${n} byte(s) has ${end - s.pos} unused byte(s)`, `${n} byte(s) used`, `${n - (end - s.pos)} used`)
    return failed(spans)
  }
  return { value: part.value, spans }
}

export function untilLastPart(node: UntilLastNode, at: Place, w: Walker): Part {
  const s = w.s
  const { reserve } = node
  if (!s.has(reserve)) return failed([])
  const outerLimit = s.limit
  const end = outerLimit - reserve
  s.limit = end
  s.tailReserve += reserve
  const part = w.walk(node.inner.node, at, w)
  s.tailReserve -= reserve
  s.limit = outerLimit
  if (s.error !== undefined) return failed(part.spans)
  if (s.pos !== end) {
    s.failInvalid(`region up to the last ${reserve} byte(s) has ${end - s.pos} unused byte(s)`, 'the whole region used', `${end - s.pos} byte(s) left`)
    return failed(part.spans)
  }
  return part
}

export function dependentPart(node: DependentNode, at: Place, w: Walker): Part {
  const s = w.s
  const start = s.pos
  const { headName } = node
  const spans: OpenSpan[] = []
  const headPath = [...at.label, headName]
  const head = fieldSpan(w, node.head.node, headName, 'tag', { path: headPath, label: headPath })
  add(w, spans, head.span)
  if (s.error !== undefined) {
    prependPath(s, headName)
    return failed(spans)
  }
  const key = head.value
  if (s.scope !== undefined) s.scope.vars[headName] = key
  const body = caseOf(node, key)
  if (body === undefined) {
    // The decoder's own words for a head without a body, path included.
    applyDependentFailure(node, s, start, key, s.pos)
    if (s.error === undefined) {
      // Only if this walk and the decoder ever disagree on the case.
      s.failInvalid(`no case for ${headName} ${showValue(key)}`, undefined, showValue(key), start)
      prependPath(s, headName)
    }
    failOn(w, head.span)
    return failed(spans)
  }
  const bodyStart = s.pos
  const part = w.walk(body, at, w)
  for (const span of contentSpans(w, body, at, part, bodyStart)) add(w, spans, span)
  return { value: s.error === undefined ? part.value : undefined, spans }
}

// The body grammar for a head, as the decoder chooses it (own keys only, as
// its Map of cases: a head of "toString" is no case); undefined for none,
// including an \`otherwise\` that throws.
function caseOf(node: DependentNode, key: unknown): Node | undefined {
  const k = caseKey(key)
  if (k !== undefined && Object.hasOwn(node.cases, k)) return (node.cases[k] as Grammar).node
  if (node.otherwise === undefined) return undefined
  try {
    return node.otherwise(key).node
  } catch {
    return undefined
  }
}

export function checksumPart(node: ChecksumNode, at: Place, w: Walker): Part {
  const s = w.s
  const start = s.pos
  const spans: OpenSpan[] = []
  const part = w.walk(node.inner.node, at, w)
  const dataEnd = s.pos
  if (s.error !== undefined) return failed(part.spans)
  for (const span of contentSpans(w, node.inner.node, at, part, start)) add(w, spans, span)
  const path = [...at.label, 'crc']
  const stored = fieldSpan(w, node.field.node, 'crc', 'checksum', { path, label: path })
  add(w, spans, stored.span)
  if (s.error !== undefined) return failed(spans)
  const end = s.pos
  stored.span.checksum = status(node, s.bytes, start, dataEnd, stored.value as number)
  applyChecksum(node, s, start, part.value, dataEnd, stored.value, end)
  if (s.error !== undefined) {
    failOn(w, stored.span)
    return failed(spans)
  }
  return { value: part.value, spans }
}

function status(node: ChecksumNode, bytes: Uint8Array, start: number, dataEnd: number, found: number): ChecksumStatus {
  const { algorithm, skipStart, skipEnd } = node
  const from = start + skipStart
  const to = dataEnd - skipEnd
  let expected: number | undefined
  if (to >= from) {
    try {
      expected = algorithm.compute(bytes, from, to)
    } catch {
      // Reported as the decode error by applyChecksum.
    }
  }
  return { algorithm: algorithm.name, ok: expected === found, expected, found, coveredOffset: from, coveredLength: Math.max(0, to - from) }
}
