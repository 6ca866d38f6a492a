// What `dependentOpen`'s otherwise has returned at each of its sites while
// generated code ran: one grammar, or several. A decoder rebuilt after some
// use decodes a site's one grammar in line (behind a check that it is that
// grammar again), instead of calling out for it with the frames of names.
import type { Node } from '../grammar/node.js'

const SEVERAL = Symbol('several')
const seen = new WeakMap<Node, Node | typeof SEVERAL>()

/** Records that the otherwise of the `dependent` node `site` returned the grammar `node`. */
export function recordOpen(site: Node, node: Node): void {
  const before = seen.get(site)
  if (before === undefined) seen.set(site, node)
  else if (before !== node) seen.set(site, SEVERAL)
}

/** The one grammar the otherwise of `site` has returned so far, if it has returned exactly one. */
export function openFeedback(site: Node): Node | undefined {
  const node = seen.get(site)
  return node === SEVERAL ? undefined : node
}
