import * as E from 'fp-ts/lib/Either.js'
import type { Codec } from '../../grammar/codec.js'
import { DecodeState } from '../../runtime/decode-state.js'
import type { DecodeError } from '../../runtime/errors.js'
import { close, type Walker } from './builder.js'
import type { DecodedSpans, Span, SpansOptions } from './span.js'
import { walk } from './walk.js'

/**
 * Decodes like {@link decode} and also says where every field's bytes are:
 * a tree of {@link Span}s, one per field, item and derived field (constants,
 * lengths, counts, tags, checksums with their status), each with its path,
 * offset, length and value. On failure the tree holds everything decoded up
 * to it, and the innermost span that failed carries the error (whose
 * `offset` is the byte at fault).
 *
 * It reads the input once, with the decoder's own leaf readers and rules,
 * so `result` is exactly what `decode` answers. It costs more than `decode`
 * (a span per field): it is for tools and tests, not the hot path.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodeSpans } from 'oxwire'
 * import { constant, struct, u8, u16be, varBytes } from 'oxwire/combinators'
 *
 * const frame = struct({ magic: constant(u8, 0x7e), id: u16be, data: varBytes(u8) })
 * const { result, root } = decodeSpans(frame, Uint8Array.of(0x7e, 0, 7, 2, 0xaa, 0xbb))
 * assert.equal(result._tag, 'Right')
 * assert.deepEqual(root.children.map((s) => [s.name, s.role, s.offset, s.length]), [
 *   ['magic', 'constant', 0, 1],
 *   ['id', 'value', 1, 2],
 *   ['data', 'value', 3, 3],
 * ])
 * // The data's length prefix is a derived span of its own.
 * const data = root.children[2]!
 * assert.deepEqual(data.children.map((s) => [s.path.join('.'), s.role, s.offset, s.value]), [
 *   ['data.length', 'length', 3, 2],
 *   ['data', 'value', 4, Uint8Array.of(0xaa, 0xbb)],
 * ])
 *
 * // A wrong constant: the spans so far, and the error at its byte.
 * const bad = decodeSpans(frame, Uint8Array.of(0x7f, 0, 7))
 * assert.equal(bad.root.children[0]!.error?.offset, 0)
 * assert.equal(bad.root.complete, false)
 * ```
 * @category Spans
 */
export function decodeSpans<A>(codec: Codec<A>, bytes: Uint8Array, options: SpansOptions = {}): DecodedSpans<A> {
  const maxSpans = options.maxSpans ?? 100_000
  if (!Number.isSafeInteger(maxSpans) || maxSpans < 0) throw new RangeError('decodeSpans: maxSpans must be a non-negative integer')
  const state = new DecodeState(bytes)
  const w: Walker = { s: state, walk, budget: maxSpans, truncated: false }
  const at = { path: [], label: [] }
  const part = walk(codec.node, at, w)
  const root = close(w, { name: '', role: 'value', kind: codec.node.tag, path: [], value: part.value }, 0, part.spans)
  let error: DecodeError | undefined = state.error
  if (error === undefined && state.pos !== bytes.length) {
    const remaining = bytes.length - state.pos
    error = { kind: 'trailing', offset: state.pos, path: [], message: `${remaining} byte(s) left after the value`, remaining }
  }
  const result = error === undefined ? E.right(part.value as A) : E.left(error)
  return { result, root, truncated: w.truncated }
}

/**
 * The spans that hold byte `offset`, from the root down to the innermost
 * (a field's deepest part): what a byte view highlights when that byte is
 * pointed at. Empty when no span holds it (past the decoded bytes). Bit
 * fields share their bytes, so the chain stops at the span holding them.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodeSpans, spansAt } from 'oxwire'
 * import { struct, u8, u16be } from 'oxwire/combinators'
 *
 * const { root } = decodeSpans(struct({ id: u8, size: u16be }), Uint8Array.of(1, 0, 9))
 * assert.deepEqual(spansAt(root, 2).map((s) => s.name), ['', 'size'])
 * assert.deepEqual(spansAt(root, 3), [])
 * ```
 * @category Spans
 */
export function spansAt(root: Span, offset: number): Span[] {
  const chain: Span[] = []
  let here: Span | undefined = holds(root, offset) ? root : undefined
  while (here !== undefined) {
    chain.push(here)
    here = childAt(here.children, offset)
  }
  return chain
}

// Children are in wire order and do not overlap: a binary search finds the
// one holding the byte, so a pointer over a large array stays cheap.
function childAt(children: readonly Span[], offset: number): Span | undefined {
  let lo = 0
  let hi = children.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const c = children[mid] as Span
    if (c.offset + c.length <= offset) lo = mid + 1
    else if (c.offset > offset) hi = mid - 1
    else return c.bits === undefined && c.length > 0 ? c : undefined
  }
  return undefined
}

function holds(span: Span, offset: number): boolean {
  return offset >= span.offset && offset < span.offset + span.length
}
