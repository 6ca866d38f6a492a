import type { Grammar } from '../grammar/codec.js'
import type { Node } from '../grammar/node.js'
import { ANY_BYTE, unionOf, type ByteSet } from './byte-set.js'
import { computeLeads, type Lead } from './lead.js'
import { computeLargestValue, computeSizeBounds, type SizeBounds } from './size.js'
import { computeValueKind, type ValueKind } from './value-kind.js'
import { computeScoped } from './scope.js'
import { computeNumericDomain, type NumericDomain } from './numeric-domain.js'
import { computeHoldsMarker } from './markers.js'
import { computeFrameKinds, computeFraming, computeUnchecked, computeUnnamed } from './wrappers.js'
import { LazyNotReady } from '../grammar/lazy.js'

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
  /** It is or holds a detection marker, anywhere inside. */
  readonly holdsMarker: boolean
  /** The node under the wrappers that only check or label its value (see `wrappers.ts`). */
  readonly unchecked: Node
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

/**
 * The size bounds of a grammar as far as they can be known now, or
 * undefined while it holds a `lazy` grammar whose function cannot give its
 * grammar yet (the recursive grammar is still being built). Combinators
 * check sizes with this, and leave the check to decoding when it cannot
 * be made.
 * @internal
 */
export function sizeBoundsNow(grammar: Grammar | Node): SizeBounds | undefined {
  const before = notReady
  const size = analysisOf(grammar).size
  return notReady === before ? size : undefined
}

const leadsOf = (node: Node, committed: boolean): readonly Lead[] =>
  committed ? analysisOf(node).leadsCommitted : analysisOf(node).leads

// Recursive grammars (`lazy`) make the node graph cyclic. A part asked for
// again while it is being computed answers a conservative value (a cycle);
// a lazy grammar whose function cannot give its grammar yet answers one
// too (`notReady` counts those). What was computed from a conservative
// answer is remembered only by the node whose computation was re-entered
// (its answer is then sound, the cycle's other nodes ask it again later),
// and never while a grammar is not ready.
let notReady = 0
/** Parts re-entered, in order, while computations are under way. */
const reentered: Busy[] = []
/** Computations under way. */
let underWay = 0

interface Busy {
  /** Still being computed. */
  active: boolean
}

// The conservative answers: bounds that hold for any grammar, claims that
// no value makes, and no narrowing of where a frame may start (value kinds
// in a cycle are the exception: see `kind`).
const ANY_SIZE: SizeBounds = { min: 0, max: Infinity }
const NO_CLAIMS: ValueKind = { integral: false, natural: false, stringValued: false, pure: false, freshObject: false, selfDelimiting: false }
const ALL_CLAIMS: ValueKind = { integral: true, natural: true, stringValued: true, pure: true, freshObject: true, selfDelimiting: true }
const OPEN = (committed: boolean): readonly Lead[] => [{ bytes: [], whole: false, committed }]

class Part<T> {
  /** The answer, once known (read first, without making the closures `get` takes). */
  value: { readonly v: T } | undefined
  private busy: Busy | undefined

  get(compute: () => T, onCycle: () => T, notYet: () => T = onCycle): T {
    if (this.value !== undefined) return this.value.v
    if (this.busy !== undefined) {
      reentered.push(this.busy)
      return onCycle()
    }
    const busy: Busy = { active: true }
    this.busy = busy
    const before = notReady
    const mark = reentered.length
    underWay++
    let v: T
    try {
      v = compute()
    } catch (thrown) {
      if (!(thrown instanceof LazyNotReady)) throw thrown
      notReady++
      v = notYet()
    } finally {
      busy.active = false
      this.busy = undefined
      underWay--
    }
    // Sound to keep unless it leaned on an answer still being computed
    // further out (that node keeps its own, and this one is asked again).
    let keep = notReady === before
    for (let i = mark; keep && i < reentered.length; i++) if ((reentered[i] as Busy).active) keep = false
    if (keep) this.value = { v }
    if (underWay === 0) reentered.length = 0
    return v
  }
}

// Each part is computed on first use: a decoder needs sizes, a stream
// decoder leads, the compiler value kinds; none pays for the others.
class LazyAnalysis implements NodeAnalysis {
  private readonly sizePart = new Part<SizeBounds>()
  private readonly largestPart = new Part<number>()
  private readonly kindPart = new Part<ValueKind>()
  private readonly leadsPart = new Part<readonly Lead[]>()
  private readonly leadsCommittedPart = new Part<readonly Lead[]>()
  private readonly firstPart = new Part<ByteSet>()
  private readonly scopedPart = new Part<boolean>()
  private readonly domainPart = new Part<NumericDomain | undefined>()
  private readonly holdsMarkerPart = new Part<boolean>()
  // Wrappers only, never through a lazy grammar: no cycle to guard.
  private unnamedMemo: Node | undefined
  private framingMemo: Node | undefined
  private frameKindsMemo: readonly Node[] | undefined
  private uncheckedMemo: Node | undefined

  constructor(private readonly node: Node) {}

  get size(): SizeBounds {
    return this.sizePart.value?.v ?? this.sizePart.get(() => computeSizeBounds(this.node, (n) => analysisOf(n).size, (n) => analysisOf(n).largestValue), () => ANY_SIZE)
  }

  get largestValue(): number {
    return this.largestPart.value?.v ?? this.largestPart.get(() => computeLargestValue(this.node, (n) => analysisOf(n).largestValue), () => Infinity)
  }

  get kind(): ValueKind {
    // In a cycle every claim is assumed, and holds for the whole by
    // induction on the (finite) values: a tree of self-delimiting parts is
    // self-delimiting. A grammar not defined yet makes none.
    return this.kindPart.value?.v ?? this.kindPart.get(() => computeValueKind(this.node, (n) => analysisOf(n).kind), () => ALL_CLAIMS, () => NO_CLAIMS)
  }

  get leads(): readonly Lead[] {
    return this.leadsPart.value?.v ?? this.leadsPart.get(() => computeLeads(this.node, false, leadsOf), () => OPEN(false))
  }

  get leadsCommitted(): readonly Lead[] {
    return this.leadsCommittedPart.value?.v ?? this.leadsCommittedPart.get(() => computeLeads(this.node, true, leadsOf), () => OPEN(true))
  }

  get scoped(): boolean {
    // False is exact for a cycle: a node's answer is the OR of everything
    // it reaches, and the re-entered node gathers the rest itself.
    return this.scopedPart.value?.v ?? this.scopedPart.get(() => computeScoped(this.node, (n) => analysisOf(n).scoped), () => false)
  }

  get domain(): NumericDomain | undefined {
    return this.domainPart.value?.v ?? this.domainPart.get(() => computeNumericDomain(this.node, (n) => analysisOf(n).domain, (n) => analysisOf(n).largestValue), () => undefined)
  }

  get firstBytes(): ByteSet {
    return this.firstPart.value?.v ?? this.firstPart.get(() => unionOf(this.leads.map((l) => l.bytes[0] ?? ANY_BYTE)), () => ANY_BYTE)
  }

  get unnamed(): Node {
    return (this.unnamedMemo ??= computeUnnamed(this.node, (n) => analysisOf(n).unnamed))
  }

  get framing(): Node {
    return (this.framingMemo ??= computeFraming(this.node, (n) => analysisOf(n).framing))
  }

  get holdsMarker(): boolean {
    // False is exact for a cycle, as for `scoped`. A grammar not defined yet
    // may hold one: true, the answer that claims nothing is settled.
    return this.holdsMarkerPart.value?.v ?? this.holdsMarkerPart.get(() => computeHoldsMarker(this.node, (n) => analysisOf(n).holdsMarker), () => false, () => true)
  }

  get unchecked(): Node {
    return (this.uncheckedMemo ??= computeUnchecked(this.node, (n) => analysisOf(n).unchecked))
  }

  get frameKinds(): readonly Node[] {
    return (this.frameKindsMemo ??= computeFrameKinds(this.node, (n) => analysisOf(n).framing, (n) => analysisOf(n).frameKinds))
  }
}
