// The spans of a oneOf: the alternative that matched, or the one whose
// committed failure is the answer. The trial order, commitment and the
// combined error follow decode/one-of.ts (without its first-byte shortcut,
// which only skips alternatives that cannot match and so never changes the
// answer).
import type { OneOfNode } from '../../grammar/node.js'
import type { DecodeError } from '../../runtime/errors.js'
import { hexByte } from '../../runtime/hex.js'
import { close, type OpenSpan, type Part, type Place, type Walker } from './builder.js'

export function oneOfPart(node: OneOfNode, at: Place, w: Walker): Part {
  const s = w.s
  const start = s.pos
  const outerCommitted = s.committed
  const errors: { name: string; error: DecodeError }[] = []
  for (const alt of node.alternatives) {
    s.pos = start
    s.error = undefined
    s.committed = false
    const path = [...at.path, 'value']
    const part = w.walk(alt.inner.node, { path, label: path }, w)
    if (s.error === undefined || s.committed) {
      s.committed = outerCommitted
      const value = s.error === undefined ? { protocol: alt.name, value: part.value } : undefined
      const span: OpenSpan = close(w, { name: alt.name, role: 'value', kind: 'named', path, value: part.value }, start, part.spans)
      return { value, spans: [span] }
    }
    errors.push({ name: alt.name, error: s.error })
  }
  s.committed = outerCommitted
  s.pos = start
  const incomplete = errors.filter((e) => e.error.kind === 'incomplete')
  if (incomplete.length > 0) {
    const known = incomplete.map((e) => (e.error.kind === 'incomplete' ? e.error.needed : undefined)).filter((n) => n !== undefined)
    const needed = known.length === incomplete.length ? Math.min(...known) : undefined
    s.failIncomplete(needed, `input ended before any of ${errors.map((e) => e.name).join(', ')} could match`, start)
    return { value: undefined, spans: [] }
  }
  s.fail({
    kind: 'no-match',
    offset: start,
    path: [],
    message: `no alternative matched at offset ${start} (${errors.map((e) => `${e.name}: ${e.error.message}`).join('; ')}; first byte ${start < s.limit ? hexByte(s.bytes[start] as number) : 'none'})`,
    alternatives: errors,
  })
  return { value: undefined, spans: [] }
}
