// The bookkeeping of the spans walker: where a part's value sits, how a
// field's span is closed (complete, or cut short by a failure), and the
// budget that bounds the tree's size.
import type { Node } from '../../grammar/node.js'
import type { DecodeState } from '../../runtime/decode-state.js'
import type { PathSegment } from '../../runtime/errors.js'
import type { Span, SpanRole } from './span.js'

/** A span while it is being built; handed out as a read-only {@link Span}. */
export type OpenSpan = { -readonly [K in keyof Span]: Span[K] }

/** The state of one walk: the decoder's cursor and the span budget. */
export interface Walker {
  readonly s: DecodeState
  /**
   * The walk itself (walk.ts), passed in rather than imported, so that the
   * files of its parts need not import the file that imports them.
   */
  readonly walk: (node: Node, at: Place, w: Walker) => Part
  budget: number
  truncated: boolean
}

/**
 * Where a part stands: `path` locates its value in the decoded value;
 * `label` names its derived fields (it differs for inlined parts, whose
 * values merge into the enclosing struct but whose length prefix keeps the
 * part's key, as `describe` names them).
 */
export interface Place {
  readonly path: readonly PathSegment[]
  readonly label: readonly PathSegment[]
}

/** What walking a node gives: its value and the spans it adds at its level. */
export interface Part {
  readonly value: unknown
  readonly spans: OpenSpan[]
}

/** Adds a span to a list while the budget lasts. */
export function add(w: Walker, list: OpenSpan[], span: OpenSpan): void {
  if (w.budget > 0) {
    list.push(span)
    w.budget--
  } else w.truncated = true
}

/**
 * Closes the span of a part read from `start`: complete when no error is
 * recorded; otherwise cut at the furthest point reached, and holding the
 * error when none of its children failed (it is the innermost failure).
 */
export function close(
  w: Walker,
  head: { name: string; role: SpanRole; kind: Node['tag']; path: readonly PathSegment[]; value: unknown },
  start: number,
  children: OpenSpan[],
): OpenSpan {
  const s = w.s
  const error = s.error
  // One literal with the same keys in the same order for every span: spans
  // share one object shape (a spread of \`head\` would not).
  if (error === undefined) {
    return { path: head.path, name: head.name, role: head.role, kind: head.kind, offset: start, length: s.pos - start, value: head.value, complete: true, children }
  }
  const last = children[children.length - 1]
  const reached = Math.max(start, last === undefined ? start : last.offset + last.length, Math.min(s.pos, s.bytes.length))
  const span: OpenSpan = { path: head.path, name: head.name, role: head.role, kind: head.kind, offset: start, length: reached - start, value: undefined, complete: false, children }
  if (children.every((c) => c.complete)) span.error = error
  return span
}

/** Marks a span that read well as where a later check failed (a count, a head, a checksum). */
export function failOn(w: Walker, span: OpenSpan): void {
  span.complete = false
  if (w.s.error !== undefined) span.error = w.s.error
}

/** The value a constant stands for (through markers), shown on its span. */
export function constantValue(node: Node): unknown {
  if (node.tag === 'constant') return node.value
  if (node.tag === 'marker') return constantValue(node.inner.node)
  return undefined
}

/**
 * The spans of a part that stands beside derived fields (a length prefix, a
 * head, a checksum): its own spans, or when it has none (raw bytes, text) one
 * span for its bytes, so that the siblings still tile their parent.
 */
export function contentSpans(w: Walker, node: Node, place: Place, part: Part, start: number): OpenSpan[] {
  if (part.spans.length > 0) return part.spans
  return [close(w, { name: 'value', role: 'value', kind: node.tag, path: place.path, value: part.value }, start, [])]
}

/**
 * Reads one named part as a span of its own: a struct field, an item, or a
 * derived field. Returns the span and the part's value.
 */
export function fieldSpan(w: Walker, node: Node, name: string, role: OpenSpan['role'], at: Place): { span: OpenSpan; value: unknown } {
  const start = w.s.pos
  const part = w.walk(node, at, w)
  const shown = role === 'constant' ? constantValue(node) : part.value
  return { span: close(w, { name, role, kind: node.tag, path: at.path, value: shown }, start, part.spans), value: part.value }
}
