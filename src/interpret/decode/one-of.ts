// oneOf: alternatives tried in order, chosen first by their leading bytes.
import type { OneOfNode } from '../../grammar/node.js'
import type { DecodeError } from '../../runtime/errors.js'
import { hexByte } from '../../runtime/hex.js'
import type { DecodeFn, DecoderOf } from './decode-fn.js'
import { candidatesByFirstByte } from '../../analysis/index.js'

export function oneOfDecoder(node: OneOfNode, decoderOf: DecoderOf): DecodeFn {
  const alternatives = node.alternatives.map((a) => ({ name: a.name, decode: decoderOf(a.inner.node) }))
  // Alternatives whose leading constants cannot match the first byte fail
  // uncommitted: try only the others first (nom's peek-and-dispatch).
  const candidates = candidatesByFirstByte(node.alternatives)
  return (s) => {
    const start = s.pos
    const outerCommitted = s.committed
    const likely = start < s.limit ? candidates[s.bytes[start] as number] : undefined
    if (likely !== undefined) {
      for (const i of likely) {
        const alt = alternatives[i] as (typeof alternatives)[number]
        s.pos = start
        s.error = undefined
        s.committed = false
        const value = alt.decode(s)
        if (s.error === undefined || s.committed) {
          s.committed = outerCommitted
          return s.error === undefined ? { protocol: alt.name, value } : undefined
        }
      }
      // All failed uncommitted: the full round below makes the error.
    }
    const errors: { name: string; error: DecodeError }[] = []
    for (const alt of alternatives) {
      s.pos = start
      s.error = undefined
      s.committed = false
      const value = alt.decode(s)
      if (s.error === undefined) {
        s.committed = outerCommitted
        return { protocol: alt.name, value }
      }
      // Past its marker, an alternative's failure is the answer.
      if (s.committed) {
        s.committed = outerCommitted
        return undefined
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
      return undefined
    }
    s.fail({
      kind: 'no-match',
      offset: start,
      path: [],
      message: `no alternative matched at offset ${start} (${errors.map((e) => `${e.name}: ${e.error.message}`).join('; ')}; first byte ${start < s.limit ? hexByte(s.bytes[start] as number) : 'none'})`,
      alternatives: errors,
    })
    return undefined
  }
}
