// Walking the span tree the server sent: the same rules as spansAt.
import type { SpanJson } from '../wire.js'

/** The spans holding byte `i`, root first; bit fields stop the descent. */
export function chainAt(root: SpanJson, i: number): SpanJson[] {
  const chain: SpanJson[] = []
  let here: SpanJson | undefined = i >= root.offset && i < root.offset + root.length ? root : undefined
  while (here !== undefined) {
    chain.push(here)
    here = childAt(here.children, i)
  }
  return chain
}

function childAt(children: readonly SpanJson[], i: number): SpanJson | undefined {
  let lo = 0
  let hi = children.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const c = children[mid]!
    if (c.offset + c.length <= i) lo = mid + 1
    else if (c.offset > i) hi = mid - 1
    else return c.bits === undefined && c.length > 0 ? c : undefined
  }
  return undefined
}

/** Colour class per byte: each innermost field gets the next of six; -1 for bytes no field holds. */
export function fieldColours(root: SpanJson, size: number): Int8Array {
  const colours = new Int8Array(size).fill(-1)
  let next = 0
  const visit = (s: SpanJson): void => {
    const leaf = s.children.length === 0 || s.children.every((c) => c.bits !== undefined)
    if (leaf) {
      if (s.length === 0) return
      const c = next++ % 6
      colours.fill(c, s.offset, Math.min(size, s.offset + s.length))
      return
    }
    s.children.forEach(visit)
  }
  visit(root)
  return colours
}

/** Every checksum span, in wire order. */
export function checksumSpans(root: SpanJson): SpanJson[] {
  const out: SpanJson[] = []
  const visit = (s: SpanJson): void => {
    if (s.checksum !== undefined) out.push(s)
    s.children.forEach(visit)
  }
  visit(root)
  return out
}

/** The innermost span holding the error, if one does. */
export function failedSpan(root: SpanJson): SpanJson | undefined {
  if (root.error !== undefined) return root
  for (const c of root.children) {
    const f = failedSpan(c)
    if (f !== undefined) return f
  }
  return undefined
}
