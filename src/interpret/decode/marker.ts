// A detection marker: once it has matched, later failures are committed.
import type { MarkerNode } from '../../grammar/node.js'
import type { DecodeFn, DecoderOf } from './decode-fn.js'

export function markerDecoder(node: MarkerNode, decoderOf: DecoderOf): DecodeFn {
  const inner = decoderOf(node.inner.node)
  return (s) => {
    const v = inner(s)
    // Failing any part of a marker means "not this protocol", even after
    // an earlier part matched; passing it commits.
    s.committed = s.error === undefined
    return v
  }
}
