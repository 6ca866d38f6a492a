import type { BitsNode, EnumNode, IntNode, Node, RangeNode } from '../grammar/node.js'
import { lazyTarget } from '../grammar/lazy.js'
import { ANY_BYTE, byteSetOf, maskedBytes, unionOf, type ByteSet } from './byte-set.js'
import { unreachable } from '../grammar/exhaustive.js'
import { constantBits } from './bit-layout.js'

/**
 * One way a node's encoding can begin: a set of allowed values for each of
 * its leading bytes.
 *
 * Reading: whenever decoding the node from a cursor whose `committed` flag
 * was as given ends in success or in a committed failure, the input agrees
 * with `bytes` (as far as it goes) for at least one of the node's leads.
 * So a position that agrees with none of them is "not a frame here", never
 * "a broken frame".
 */
export interface Lead {
  /** Allowed values of the leading bytes, in order. */
  readonly bytes: readonly ByteSet[]
  /**
   * The lead describes the node to its end: on input that agrees with it,
   * the node either fails uncommitted or succeeds after exactly
   * `bytes.length` bytes, so what follows the node may extend the lead.
   */
  readonly whole: boolean
  /** The cursor's `committed` flag after the node, when `whole`. */
  readonly committed: boolean
}

// Past these, leads are merged or cut: they only narrow a search, so a
// shorter or looser lead is still right, just less selective.
const MAX_LEADS = 32
const MAX_BYTES = 32

/** How a node's leads are found from its children's, given as a callback so the analysis can memoise. */
export type LeadsOf = (node: Node, committed: boolean) => readonly Lead[]

/**
 * The leads of `node` entered with the cursor's `committed` flag as given.
 * Past a matched marker (`committed`), a failure is the frame's, so only
 * parts that cannot fail, and markers (whose failure is never committed),
 * may narrow the lead further.
 */
export function computeLeads(node: Node, committed: boolean, leadsOf: LeadsOf): readonly Lead[] {
  switch (node.tag) {
    case 'int':
      return anyBytes(node.size, committed)
    case 'bigint':
      return anyBytes(8, committed)
    case 'float':
      return anyBytes(node.size, committed)
    case 'bytes':
      return node.size === undefined ? open(committed) : anyBytes(node.size, committed)
    case 'padded':
      return anyBytes(node.width, committed)
    case 'uleb128':
    case 'custom':
    case 'terminated':
    case 'untilLast':
      // A varint or a hand-written decoder may fail on any byte; a
      // terminator or the region's end may be missing after any byte.
      return open(committed)
    case 'many':
      // Empty (its region ends here), or items up to an end we do not know.
      return cap([{ bytes: [], whole: true, committed }, ...notWhole(leadsOf(node.item.node, committed))])
    case 'repeatUntil':
      // The first item; whether more follow depends on its value.
      return notWhole(leadsOf(node.item.node, committed))
    case 'lazy':
      return leadsOf(lazyTarget(node), committed)
    case 'constant':
      return committed ? open(committed) : [{ bytes: [...node.bytes].map((b) => byteSetOf([b])), whole: true, committed }]
    case 'marker':
      // A failure anywhere inside a marker means "not this frame"; its
      // success commits.
      return leadsOf(node.inner.node, false).map((l) => ({ ...l, committed: true }))
    case 'bits':
      return bitsLeads(node, committed)
    case 'struct':
      return sequence(node.fields.map(([, g]) => g.node), committed, leadsOf)
    case 'named':
    case 'inline':
      return leadsOf(node.inner.node, committed)
    case 'utf8':
    case 'text':
    case 'refine':
    case 'map':
      return checked(leadsOf(node.inner.node, committed))
    case 'enum':
      return checked(!committed && isInt(node.inner.node) ? enumLeads(node, node.inner.node) : leadsOf(node.inner.node, committed))
    case 'range':
      return checked(!committed && isByte(node.inner.node) ? rangeLeads(node, node.inner.node) : leadsOf(node.inner.node, committed))
    case 'array':
      if (typeof node.count !== 'number') return notWhole(leadsOf(node.count.node, committed))
      return sequence(Array.from({ length: Math.min(node.count, MAX_BYTES + 1) }, () => node.item.node), committed, leadsOf, node.count > MAX_BYTES + 1)
    case 'sized': {
      // A length read from the wire bounds what the inner grammar may read,
      // and overrunning a region is a failure like any other: only the
      // prefix is safe to use.
      if (typeof node.length !== 'number') return notWhole(leadsOf(node.length.node, committed))
      // An inner lead longer than the region cannot succeed in it; unless a
      // marker matched on the way, its failure is not committed either.
      const n = node.length
      const fitting = leadsOf(node.inner.node, committed).filter((l) => l.bytes.length <= n || l.committed)
      return cap(fitting.map((l) => ({ bytes: l.bytes.slice(0, n), whole: l.whole && l.bytes.length === n, committed: l.committed })))
    }
    case 'dependent':
      return notWhole(leadsOf(node.head.node, committed))
    case 'checksum':
      return checked(sequence([node.inner.node, node.field.node], committed, leadsOf))
    case 'oneOf':
      // Past a marker, all alternatives failing is a committed failure of
      // the enclosing frame, on any input. Before it, each alternative's
      // own leads; on success the cursor's flag is restored.
      if (committed) return open(committed)
      return cap(node.alternatives.flatMap((a) => leadsOf(a.inner.node, false).map((l) => ({ ...l, committed }))))
    case 'derived':
      return leadsOf(node.inner.node, committed)
    case 'expr':
      // No bytes, but it fails when the fields it names do not add up.
      return checked([{ bytes: [], whole: true, committed }])
    case 'checksumField':
      // Its struct checks it when the struct ends.
      return checked(leadsOf(node.field.node, committed))
  }
  return unreachable(node)
}

function anyBytes(n: number, committed: boolean): readonly Lead[] {
  return [{ bytes: Array.from({ length: Math.min(n, MAX_BYTES) }, () => ANY_BYTE), whole: n <= MAX_BYTES, committed }]
}

function open(committed: boolean): readonly Lead[] {
  return [{ bytes: [], whole: false, committed }]
}

function notWhole(leads: readonly Lead[]): readonly Lead[] {
  return leads.map((l) => (l.whole ? { ...l, whole: false } : l))
}

// A node that checks its inner value after reading it (a range, a
// refinement, a checksum, ...) fails committed when a marker inside matched.
function checked(leads: readonly Lead[]): readonly Lead[] {
  return leads.map((l) => (l.whole && l.committed ? { ...l, whole: false } : l))
}

// Parts in order: each lead that reaches the end of the parts so far is
// extended by the next part's leads.
function sequence(parts: readonly Node[], committed: boolean, leadsOf: LeadsOf, cut = false): readonly Lead[] {
  let leads: readonly Lead[] = [{ bytes: [], whole: true, committed }]
  for (const part of parts) {
    if (!leads.some((l) => l.whole)) return leads
    leads = cap(leads.flatMap((l) => (l.whole ? leadsOf(part, l.committed).map((next) => concat(l, next)) : [l])))
  }
  return cut ? notWhole(leads) : leads
}

function concat(a: Lead, b: Lead): Lead {
  const bytes = [...a.bytes, ...b.bytes]
  if (bytes.length <= MAX_BYTES) return { bytes, whole: b.whole, committed: b.committed }
  return { bytes: bytes.slice(0, MAX_BYTES), whole: false, committed: b.committed }
}

// Too many leads (a oneOf inside a oneOf, a long enumeration): merge them
// byte by byte into one, as long as the shortest. Leads with an empty byte
// set can never match and are dropped first.
function cap(leads: readonly Lead[]): readonly Lead[] {
  const possible = leads.filter((l) => l.bytes.every((set) => set === ANY_BYTE || set.includes(1)))
  if (possible.length <= MAX_LEADS) return possible
  const length = Math.min(...possible.map((l) => l.bytes.length))
  const bytes = Array.from({ length }, (_, i) => unionOf(possible.map((l) => l.bytes[i] as ByteSet)))
  return [{ bytes, whole: false, committed: possible.some((l) => l.committed) }]
}

function isInt(node: Node): node is IntNode {
  return node.tag === 'int'
}

function isByte(node: Node): node is IntNode {
  return node.tag === 'int' && node.size === 1
}

// Each code, as the integer grammar writes it (two's complement when signed).
function enumLeads(node: EnumNode, int: IntNode): readonly Lead[] {
  const leads: Lead[] = []
  for (const code of node.names.keys()) {
    const bytes = intBytes(code, int)
    if (bytes !== undefined) leads.push({ bytes: bytes.map((b) => byteSetOf([b])), whole: true, committed: false })
  }
  return cap(leads)
}

function intBytes(value: number, int: IntNode): number[] | undefined {
  const bits = int.size * 8
  const lo = int.signed ? -(2 ** (bits - 1)) : 0
  const hi = int.signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1
  if (!Number.isInteger(value) || value < lo || value > hi) return undefined
  let u = value < 0 ? value + 2 ** bits : value
  const out: number[] = []
  for (let i = 0; i < int.size; i++) {
    out.push(u % 256)
    u = Math.floor(u / 256)
  }
  return int.littleEndian ? out : out.reverse()
}

function rangeLeads(node: RangeNode, int: IntNode): readonly Lead[] {
  const allowed: number[] = []
  for (let b = 0; b < 256; b++) {
    const v = int.signed && b >= 128 ? b - 256 : b
    if (v >= node.min && v <= node.max) allowed.push(b)
  }
  return [{ bytes: [byteSetOf(allowed)], whole: true, committed: false }]
}

// Constant bit fields fix bits of the bytes they cover, wherever the bit
// order puts them. A non-marker constant after a matched marker fails
// committed, so the lead stops there.
function bitsLeads(node: BitsNode, committed: boolean): readonly Lead[] {
  let marked = committed
  let whole = true
  const { masks, values } = constantBits(node, ({ field }) => {
    if (!whole || field.kind !== 'constant') return false
    if (marked && !field.marker) {
      whole = false
      return false
    }
    if (field.marker) marked = true
    return true
  })
  return [{ bytes: masks.map((mask, i) => maskedBytes(mask, values[i] as number)), whole, committed: marked }]
}
