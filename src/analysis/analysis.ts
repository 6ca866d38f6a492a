import type { Grammar } from '../grammar/codec.js'
import type { Node } from '../grammar/node.js'
import { ANY_BYTE, unionOf, type ByteSet } from './byte-set.js'
import { computeLeads, type Lead } from './lead.js'
import { computeLargestValue, computeSizeBounds, type SizeBounds } from './size.js'
import { computeValueKind, type ValueKind } from './value-kind.js'
import { computeScoped } from './scope.js'
import { computeNumericDomain, type NumericDomain } from './numeric-domain.js'
import { computeFrameKinds, computeFraming, computeUnnamed } from './wrappers.js'

/**
 * Everything the interpreters, the compiler and the stream decoder need to
 * know about a node that is not in the node itself, computed once per node
 * (each part on first use) and kept for the node's lifetime.
 */
export interface NodeAnalysis {
  /** Fewest and most bytes. */
  readonly size: SizeBounds
  /** The largest value a numeric grammar can decode to, or Infinity. */
  readonly largestValue: number
  /** What the value and encoding are like. */
  readonly kind: ValueKind
  /** The ways the encoding can begin, entered uncommitted (a frame, a `oneOf` alternative). */
  readonly leads: readonly Lead[]
  /** The ways the encoding can begin, entered after a matched marker. */
  readonly leadsCommitted: readonly Lead[]
  /** The bytes a frame of this node can begin with (`ANY_BYTE`: any). */
  readonly firstBytes: ByteSet
  /** It refers to fields by name, or holds derived or checksum fields (see `scope.ts`). */
  readonly scoped: boolean
  /** The values a numeric node holds, or undefined for other nodes. */
  readonly domain: NumericDomain | undefined
  /** The node under its `named` wrappers (see `wrappers.ts`). */
  readonly unnamed: Node
  /** The node under the wrappers that change only the value: what frames it (see `wrappers.ts`). */
  readonly framing: Node
  /** The kinds of frame it is: the alternatives of the `oneOf` that frames it, flattened, or its framing node alone. */
  readonly frameKinds: readonly Node[]
}

const cache = new WeakMap<Node, NodeAnalysis>()

/** The analysis of a grammar or node, memoised per node. */
export function analysisOf(grammar: Grammar | Node): NodeAnalysis {
  const node = 'node' in grammar ? grammar.node : grammar
  let found = cache.get(node)
  if (found === undefined) {
    found = new LazyAnalysis(node)
    cache.set(node, found)
  }
  return found
}

const leadsOf = (node: Node, committed: boolean): readonly Lead[] =>
  committed ? analysisOf(node).leadsCommitted : analysisOf(node).leads

// Each part is computed on first use: a decoder needs sizes, a stream
// decoder leads, the compiler value kinds; none pays for the others.
class LazyAnalysis implements NodeAnalysis {
  private sizeMemo: SizeBounds | undefined
  private largestMemo: number | undefined
  private kindMemo: ValueKind | undefined
  private leadsMemo: readonly Lead[] | undefined
  private leadsCommittedMemo: readonly Lead[] | undefined
  private firstMemo: ByteSet | undefined
  private scopedMemo: boolean | undefined
  private domainMemo: { readonly value: NumericDomain | undefined } | undefined
  private unnamedMemo: Node | undefined
  private framingMemo: Node | undefined
  private frameKindsMemo: readonly Node[] | undefined

  constructor(private readonly node: Node) {}

  get size(): SizeBounds {
    return (this.sizeMemo ??= computeSizeBounds(this.node, (n) => analysisOf(n).size, (n) => analysisOf(n).largestValue))
  }

  get largestValue(): number {
    return (this.largestMemo ??= computeLargestValue(this.node, (n) => analysisOf(n).largestValue))
  }

  get kind(): ValueKind {
    return (this.kindMemo ??= computeValueKind(this.node, (n) => analysisOf(n).kind))
  }

  get leads(): readonly Lead[] {
    return (this.leadsMemo ??= computeLeads(this.node, false, leadsOf))
  }

  get leadsCommitted(): readonly Lead[] {
    return (this.leadsCommittedMemo ??= computeLeads(this.node, true, leadsOf))
  }

  get scoped(): boolean {
    return (this.scopedMemo ??= computeScoped(this.node, (n) => analysisOf(n).scoped))
  }

  get domain(): NumericDomain | undefined {
    this.domainMemo ??= { value: computeNumericDomain(this.node, (n) => analysisOf(n).domain, (n) => analysisOf(n).largestValue) }
    return this.domainMemo.value
  }

  get firstBytes(): ByteSet {
    return (this.firstMemo ??= unionOf(this.leads.map((l) => l.bytes[0] ?? ANY_BYTE)))
  }

  get unnamed(): Node {
    return (this.unnamedMemo ??= computeUnnamed(this.node, (n) => analysisOf(n).unnamed))
  }

  get framing(): Node {
    return (this.framingMemo ??= computeFraming(this.node, (n) => analysisOf(n).framing))
  }

  get frameKinds(): readonly Node[] {
    return (this.frameKindsMemo ??= computeFrameKinds(this.node, (n) => analysisOf(n).framing, (n) => analysisOf(n).frameKinds))
  }
}
