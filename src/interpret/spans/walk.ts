// The spans interpreter: decoding that records, for every field, the bytes
// it came from. Leaves are read by the decoder's own functions and wrapper
// rules are applied by them too (see replay.ts), so values and errors are
// those of `decode`; this file and its siblings hold only the walk, which
// has to see every part that `decode` reads in one pass.
import type { BitsNode, Node, StructNode } from '../../grammar/node.js'
import { bitLayout } from '../../analysis/bit-layout.js'
import { lazyTarget } from '../../grammar/lazy.js'
import { prependPath } from '../../runtime/error-path.js'
import { decoderOf } from '../decoder.js'
import { producesNoValue } from '../../analysis/void-value.js'
import { add, close, fieldSpan, type OpenSpan, type Part, type Place, type Walker } from './builder.js'
import { applyWrapper } from './replay.js'
import { arrayPart, checksumPart, dependentPart, manyPart, repeatUntilPart, sizedPart, untilLastPart } from './walk-regions.js'
import { oneOfPart } from './walk-one-of.js'
import { usesScope } from '../references.js'
import { closeFrame, openFrame } from '../decode/references.js'
import type { DecodeFrame } from '../../runtime/scope.js'

const none: OpenSpan[] = []

/**
 * Reads `node` at the cursor, returning its value and the spans it adds at
 * its level. The switch has no `default:`: a node kind it was not taught
 * leaves a path without a return, which is a compile error.
 */
export function walk(node: Node, at: Place, w: Walker): Part {
  switch (node.tag) {
    case 'int':
    case 'bigint':
    case 'float':
    case 'uleb128':
    case 'bytes':
    case 'constant':
    case 'custom':
    case 'terminated':
    case 'padded':
      return { value: decoderOf(node)(w.s), spans: [] }
    case 'utf8':
    case 'text':
    case 'enum':
    case 'range':
    case 'refine':
    case 'map': {
      const start = w.s.pos
      const inner = walk(node.inner.node, at, w)
      if (w.s.error !== undefined) return inner
      return { value: applyWrapper(node, w.s, start, inner.value, w.s.pos), spans: inner.spans }
    }
    case 'marker': {
      const inner = walk(node.inner.node, at, w)
      // As the decoder: failing any part of a marker means "not this
      // protocol"; passing it commits.
      w.s.committed = w.s.error === undefined
      return inner
    }
    case 'named':
    case 'inline':
      return walk(node.inner.node, at, w)
    case 'bits':
      return bitsPart(node, at, w)
    case 'struct':
      return structPart(node, at, w)
    case 'array':
      return arrayPart(node, at, w)
    case 'many':
      return manyPart(node, at, w)
    case 'repeatUntil':
      return repeatUntilPart(node, at, w)
    case 'lazy': {
      const s = w.s
      let target: Node
      try {
        target = lazyTarget(node)
      } catch {
        // The decoder says what is wrong with the grammar.
        return { value: decoderOf(node)(s), spans: [] }
      }
      // Too deep: the decoder's error, at the same place.
      if (s.depth >= node.maxDepth) return { value: decoderOf(node)(s), spans: [] }
      s.depth++
      try {
        return walk(target, at, w)
      } finally {
        s.depth--
      }
    }
    case 'sized':
      return sizedPart(node, at, w)
    case 'untilLast':
      return untilLastPart(node, at, w)
    case 'dependent':
      return dependentPart(node, at, w)
    case 'checksum':
      return checksumPart(node, at, w)
    case 'oneOf':
      return oneOfPart(node, at, w)
    case 'derived':
      return walk(node.inner.node, at, w)
    case 'expr':
    case 'checksumField':
      return { value: decoderOf(node)(w.s), spans: [] }
  }
}

function structPart(node: StructNode, at: Place, w: Walker): Part {
  if (!usesScope(node)) return structFields(node, at, w)
  // References between fields: the names a struct's fields are known by.
  const frame = openFrame(w.s)
  const part = structFields(node, at, w, frame)
  closeFrame(w.s, frame)
  return w.s.error === undefined ? part : { value: undefined, spans: part.spans }
}

function structFields(node: StructNode, at: Place, w: Walker, frame?: DecodeFrame): Part {
  const s = w.s
  const out: Record<string, unknown> = {}
  const spans: OpenSpan[] = []
  for (const [key, g] of node.fields) {
    const field = g.node
    if (field.tag === 'inline') {
      // Its values merge into this struct; only a region's length field
      // keeps the part's key in its name (EVR's body.length).
      const label = field.inner.node.tag === 'sized' ? [...at.path, key] : at.path
      const start = s.pos
      if (frame !== undefined) s.joinScope = true
      const part = walk(field, { path: at.path, label }, w)
      s.joinScope = false
      for (const span of part.spans) add(w, spans, span)
      // An inlined part with no fields of its own (a custom codec, say)
      // still gets a span, so that its bytes are not left uncovered.
      if (part.spans.length === 0 && (s.error !== undefined || s.pos > start)) {
        add(w, spans, close(w, { name: key, role: 'value', kind: field.tag, path: at.path, value: part.value }, start, []))
      }
      if (s.error !== undefined) return { value: undefined, spans }
      Object.assign(out, part.value)
      continue
    }
    const path = [...at.path, key]
    const hidden = producesNoValue(field)
    const { span, value } = fieldSpan(w, field, key, hidden ? 'constant' : 'value', { path, label: path })
    add(w, spans, span)
    if (s.error !== undefined) {
      prependPath(s, key)
      return { value: undefined, spans }
    }
    if (!hidden || (field.tag === 'checksumField' && value !== undefined)) out[key] = value
    if (frame !== undefined) {
      frame.vars[key] = value
      const pending = field.tag === 'checksumField' ? frame.checks?.[frame.checks.length - 1] : undefined
      if (pending !== undefined) pending.name = key
    }
  }
  return { value: out, spans }
}

// Bit fields share their bytes: each has a span over the whole word and
// names its own bits. The value and any error come from the decoder; the
// spans are read from the same word.
function bitsPart(node: BitsNode, at: Place, w: Walker): Part {
  const s = w.s
  const start = s.pos
  const value = decoderOf(node)(s) as Record<string, unknown> | undefined
  if (start + node.size > s.limit) return { value, spans: none }
  // The fields' raw bits, from the word both bit orders share (bit-layout.ts).
  let word = 0n
  for (let i = 0; i < node.size; i++) word = (word << 8n) | BigInt(s.bytes[start + (node.lsbFirst ? node.size - 1 - i : i)] as number)
  const spans: OpenSpan[] = []
  let offset = 0
  for (const { name, field, shift, big } of bitLayout(node)) {
    const unsigned = BigInt.asUintN(field.width, word >> BigInt(shift))
    const read = field.kind === 'int' ? BigInt.asIntN(field.width, unsigned) : unsigned
    const raw = big ? read : Number(read)
    const ok = field.kind !== 'constant' || raw === field.value
    const span: OpenSpan = {
      name,
      role: field.kind === 'constant' ? 'constant' : 'value',
      kind: 'bits',
      path: [...at.path, name],
      offset: start,
      length: node.size,
      value: field.kind === 'flag' ? raw === 1 : raw,
      complete: ok,
      bits: node.lsbFirst ? { offset, width: field.width, lsbFirst: true } : { offset, width: field.width },
      children: [],
    }
    offset += field.width
    if (!ok && s.error !== undefined) span.error = s.error
    add(w, spans, span)
    if (!ok) break
  }
  return { value, spans }
}
