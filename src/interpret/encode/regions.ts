// Encoders that write a derived length, count, head or checksum:
// array, many, sized regions, dependent bodies and checksums.
import type { ArrayNode, ChecksumNode, DependentNode, ManyNode, Node } from '../../grammar/node.js'
import { EncodeState } from '../../runtime/encode-state.js'
import type { EncodeError } from '../../runtime/errors.js'
import { prependPath } from '../../runtime/error-path.js'
import { sizeBounds } from '../../analysis/index.js'
import { caseKey, otherwiseFailure, showCode, showValue } from '../show-value.js'
import type { EncodeFn, EncoderOf } from './encode-fn.js'

export function arrayEncoder(node: ArrayNode, encoderOf: EncoderOf): EncodeFn {
  const item = encoderOf(node.item.node)
  const count = node.count
  const countFn = typeof count === 'number' ? undefined : encoderOf(count.node)
  return (s, v) => {
    if (!Array.isArray(v)) return s.fail('type', 'expected an array')
    if (countFn === undefined) {
      if (v.length !== count) return s.fail('length', `expected ${String(count)} item(s), got ${v.length}`)
    } else {
      countFn(s, v.length)
      if (s.error !== undefined) return s.fail('length', `${v.length} item(s) do not fit the count field: ${s.error.message}`)
    }
    for (let i = 0; i < v.length; i++) {
      item(s, v[i])
      if (s.error !== undefined) return prependPath(s, i)
    }
  }
}

export function manyEncoder(node: ManyNode, encoderOf: EncoderOf): EncodeFn {
  const item = encoderOf(node.item.node)
  return (s, v) => {
    if (!Array.isArray(v)) return s.fail('type', 'expected an array')
    for (let i = 0; i < v.length; i++) {
      item(s, v[i])
      if (s.error !== undefined) return prependPath(s, i)
    }
  }
}

export function sizedEncoder(length: number | { node: Node }, innerNode: Node, encoderOf: EncoderOf): EncodeFn {
  const inner = encoderOf(innerNode)
  if (typeof length === 'number') {
    return (s, v) => {
      const start = s.pos
      inner(s, v)
      if (s.error === undefined && s.pos - start !== length) s.fail('length', `region must be ${length} byte(s), value takes ${s.pos - start}`)
    }
  }
  const lengthFn = encoderOf(length.node)
  const prefix = sizeBounds(length.node)
  if (prefix.max === Infinity) {
    // No bound on the prefix: encode the region apart, then prefix and copy.
    return (s, v) => {
      const region = new EncodeState()
      inner(region, v)
      if (region.error !== undefined) return void (s.error = region.error)
      lengthFn(s, region.pos)
      if (s.error === undefined) s.write(region.bytes.subarray(0, region.pos))
    }
  }
  // Leave room for the longest prefix, write the region, then write the
  // prefix and close any gap: one pass, no second buffer.
  return (s, v) => {
    const lengthAt = s.pos
    s.reserve(prefix.max)
    const regionAt = lengthAt + prefix.max
    s.pos = regionAt
    inner(s, v)
    if (s.error !== undefined) return
    const regionEnd = s.pos
    const n = regionEnd - regionAt
    s.pos = lengthAt
    lengthFn(s, n)
    // Read through a fresh binding: the check above narrowed `s.error`.
    const lengthError = s.error as EncodeError | undefined
    if (lengthError !== undefined) {
      return s.fail('length', `region of ${n} byte(s) does not fit its length field: ${lengthError.message}`)
    }
    if (s.pos !== regionAt) {
      s.bytes.copyWithin(s.pos, regionAt, regionEnd)
      movePending(s, regionAt, regionEnd, s.pos - regionAt)
    }
    s.pos += n
  }
}

export function dependentEncoder(node: DependentNode, encoderOf: EncoderOf): EncodeFn {
  const head = encoderOf(node.head.node)
  const { headName, headOf, otherwise } = node
  const cases = new Map(Object.entries(node.cases).map(([k, g]) => [k, encoderOf(g.node)]))
  const headNode = node.head.node
  const refersToItself = headNode.tag === 'expr' && headNode.expr.op === 'ref' && headNode.expr.name === headName
  return (s, v) => {
    let key: unknown
    try {
      key = headOf(v)
    } catch (thrown) {
      return s.fail('tag', `cannot tell the ${headName} of this value: ${showValue(thrown)}`)
    }
    const k = caseKey(key)
    let body = k === undefined ? undefined : cases.get(k)
    if (body === undefined && otherwise !== undefined) {
      try {
        body = encoderOf(otherwise(key).node)
      } catch (thrown) {
        return s.fail('tag', otherwiseFailure(headName, showCode(node.head.node, key), thrown))
      }
    }
    if (body === undefined) return s.fail('tag', `no case for ${headName} ${showCode(node.head.node, key)}`)
    // A head that is the named field itself (`optional(ref('has'), …)`)
    // binds nothing new; bound here, it would hide that field, derived in
    // an enclosing struct, from the struct that must solve it.
    if (s.scope !== undefined && !refersToItself) s.scope.vars[headName] = key
    head(s, key)
    if (s.error !== undefined) return prependPath(s, headName)
    body(s, v)
  }
}

export function checksumEncoder(node: ChecksumNode, encoderOf: EncoderOf): EncodeFn {
  const inner = encoderOf(node.inner.node)
  const field = encoderOf(node.field.node)
  const { algorithm, skipStart, skipEnd } = node
  const fieldSize = sizeBounds(node.field)
  const fixed = fieldSize.min === fieldSize.max ? fieldSize.max : undefined
  return (s, v) => {
    const start = s.pos
    inner(s, v)
    if (s.error !== undefined) return
    if (s.pos - start < skipStart + skipEnd) {
      return s.fail('length', `${s.pos - start} byte(s) of data, fewer than the ${skipStart + skipEnd} the checksum skips`)
    }
    // A checksum field in the covered bytes that an enclosing struct
    // computes later (its context names a derived field not solved yet):
    // this sum waits with it, in the order regions need.
    if (fixed !== undefined && s.scope !== undefined && pendingWithin(s, start, s.pos)) {
      const offset = s.pos
      s.reserve(fixed)
      s.bytes.fill(0, offset, offset + fixed)
      s.pos += fixed
      s.scope.checks.push({ name: '', offset, size: fixed, stored: 0, start: start + skipStart, end: offset - skipEnd, node })
      return
    }
    let sum: number
    try {
      sum = algorithm.compute(s.bytes, start + skipStart, s.pos - skipEnd)
    } catch (thrown) {
      return s.fail('invalid', `${algorithm.name} failed: ${showValue(thrown)}`)
    }
    field(s, sum)
  }
}

/**
 * Checksum fields inside a region that moved (a varint prefix shorter than
 * the room left for it) and not yet computed move with it: their struct
 * computes them later at their recorded offsets.
 */
function movePending(s: EncodeState, from: number, to: number, delta: number): void {
  for (let frame = s.scope; frame !== undefined; frame = frame.parent) {
    for (const check of frame.checks) {
      if (check.offset < from || check.offset >= to) continue
      check.offset += delta
      if (check.start !== undefined) check.start += delta
      if (check.end !== undefined) check.end += delta
    }
  }
}

/** Whether a checksum field not computed yet lies in `[from, to)`. */
function pendingWithin(s: EncodeState, from: number, to: number): boolean {
  for (let frame = s.scope; frame !== undefined; frame = frame.parent) {
    for (const check of frame.checks) if (check.offset >= from && check.offset < to) return true
  }
  return false
}
