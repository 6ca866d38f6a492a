import type { Grammar } from '../grammar/codec.js'
import type { BitsNode, ChecksumNode, IntNode, Node } from '../grammar/node.js'
import type { ChecksumError } from '../runtime/errors.js'
import { analysisOf } from '../analysis/index.js'
import type { WindowCrc } from './window-crc.js'
import { constantBits } from '../analysis/bit-layout.js'

/**
 * How long a frame is, as far as its first bytes tell: a fixed size, or a
 * length field at a fixed offset plus a fixed number of other bytes.
 * @internal
 */
export type FrameLength =
  | { readonly kind: 'fixed'; readonly size: number }
  | {
      readonly kind: 'prefixed'
      /** Offset of the length field from the frame's first byte. */
      readonly at: number
      /** The length field: an unsigned integer. */
      readonly field: IntNode
      /** Smallest and largest value the grammar allows the field. */
      readonly min: number
      readonly max: number
      /** Bytes of the frame besides the `length` ones. */
      readonly base: number
    }

/**
 * A check of a whole frame that is cheaper than decoding it: the frame's
 * length from its header, and a checksum stored right after the bytes it
 * covers, at the frame's end. A false header in garbage almost never
 * carries the right checksum, so checking it first rejects it without
 * decoding the body it claims.
 * @internal
 */
export interface FrameCheck {
  /** Fixed leading bits of the frame (up to its marker): `(byte & mask[i]) === value[i]`. */
  readonly mask: Uint8Array
  readonly value: Uint8Array
  /** True when those bits end in a detection marker, so a failure past them is the frame's own (committed). */
  readonly commits: boolean
  readonly length: FrameLength
  readonly checksum: ChecksumNode
  /** The stored checksum's integer field. */
  readonly field: IntNode
}

/**
 * What {@link runChecks} says about a candidate: decode it as usual, wait
 * until the whole frame (a positive byte count) is held, or reject it.
 * @internal
 */
export const DECODE = -1
/** The candidate's checksum is wrong: see {@link CheckVerdict}. @internal */
export const BAD = -2

/**
 * Details of the last {@link BAD} verdict. Kept in one reused object rather
 * than a result per call: under a flood of false headers this runs for
 * every fourth input byte.
 * @internal
 */
export interface CheckVerdict {
  check: FrameCheck | undefined
  /** Offset of the stored checksum from the frame's first byte. */
  covered: number
  expected: number
  found: number
}

/** The verdict of the last rejected candidate. @internal */
export const verdict: CheckVerdict = { check: undefined, covered: 0, expected: 0, found: 0 }

// One analysis per grammar node, kept as long as the node lives.
const cache = new WeakMap<Node, readonly (FrameCheck | undefined)[] | null>()

/**
 * The checks of a grammar's alternatives, in trial order (one for a grammar
 * that is not a `oneOf`); `undefined` for an alternative without one, and
 * `undefined` overall when no alternative has one.
 *
 * An alternative has a check when it is (under names and mappings) a
 * checksum that covers all of it but the stored checksum, whose length its
 * header gives.
 * @internal
 */
export function frameChecks(grammar: Grammar | Node): readonly (FrameCheck | undefined)[] | undefined {
  const root = 'node' in grammar ? grammar.node : grammar
  let checks = cache.get(root)
  if (checks === undefined) {
    const alternatives = analysisOf(root).frameKinds
    const found = alternatives.map(checkOf)
    checks = found.some((c) => c !== undefined) ? found : null
    cache.set(root, checks)
  }
  return checks ?? undefined
}

/**
 * Runs the checks at `bytes[pos, end)` as a `oneOf` would try the
 * alternatives (the first whose leading bits match decides): {@link DECODE},
 * {@link BAD} (details in {@link verdict}), or the frame's total length when
 * it must be waited for.
 * @internal
 */
export function runChecks(
  checks: readonly (FrameCheck | undefined)[],
  bytes: Uint8Array,
  pos: number,
  end: number,
  maxFrame: number,
  final: boolean,
  windows?: readonly (WindowCrc | undefined)[],
): number {
  for (let k = 0; k < checks.length; k++) {
    const check = checks[k]
    if (check === undefined) return DECODE // an alternative we cannot judge comes first
    const n = check.mask.length
    if (end - pos < n) return DECODE
    let matches = true
    for (let i = 0; i < n; i++) {
      if (((bytes[pos + i] as number) & (check.mask[i] as number)) !== check.value[i]) {
        matches = false
        break
      }
    }
    if (!matches) continue
    // Past an uncommitted alternative's leading bits, its failure would
    // let the next alternative try: only decoding can tell.
    if (!check.commits && checks.length > 1) return DECODE
    return runCheck(check, bytes, pos, end, maxFrame, final, windows?.[k])
  }
  return DECODE
}

function runCheck(check: FrameCheck, bytes: Uint8Array, pos: number, end: number, maxFrame: number, final: boolean, window: WindowCrc | undefined): number {
  const { length } = check
  let total: number
  if (length.kind === 'fixed') total = length.size
  else {
    if (end - pos < length.at + length.field.size) return DECODE
    const n = readInt(length.field, bytes, pos + length.at)
    // An out-of-range length fails decoding at once; no need to look further.
    if (n < length.min || n > length.max) return DECODE
    total = length.base + n
  }
  if (total > maxFrame) return DECODE
  if (end - pos < total) return final ? DECODE : total
  const { checksum, field } = check
  const covered = total - field.size
  if (covered < checksum.skipStart + checksum.skipEnd) return DECODE
  let expected = -1
  try {
    const from = pos + checksum.skipStart
    const to = pos + covered - checksum.skipEnd
    // Overlapping candidates of one claimed length: constant time each.
    if (window !== undefined) expected = window.compute(bytes, from, to)
    if (expected < 0) expected = checksum.algorithm.compute(bytes, from, to)
  } catch {
    return DECODE // a user's algorithm that throws: decoding reports it
  }
  const found = readInt(field, bytes, pos + covered)
  if (found === expected) return DECODE
  verdict.check = check
  verdict.covered = covered
  verdict.expected = expected
  verdict.found = found
  return BAD
}

/** The error decoding would report for the last {@link BAD} verdict. @internal */
export function verdictError(): ChecksumError {
  const { check, covered, expected, found } = verdict
  const algorithm = (check as FrameCheck).checksum.algorithm
  const digits = algorithm.width / 4
  return {
    kind: 'checksum',
    offset: covered,
    path: [],
    message: `${algorithm.name} mismatch: computed 0x${expected.toString(16).padStart(digits, '0')}, found 0x${found.toString(16).padStart(digits, '0')}`,
    algorithm: algorithm.name,
    expected,
    found,
  }
}

function readInt(field: IntNode, bytes: Uint8Array, at: number): number {
  let v = 0
  for (let i = 0; i < field.size; i++) {
    const b = bytes[at + (field.littleEndian ? field.size - 1 - i : i)] as number
    v = v * 256 + b
  }
  return v
}

// `node` is a frame kind of the analysis: already under its names and mappings.
function checkOf(node: Node): FrameCheck | undefined {
  if (node.tag !== 'checksum') return undefined
  const field = unsignedInt(node.field.node)
  if (field === undefined) return undefined
  const inner = lengthOf(node.inner.node)
  if (inner === undefined) return undefined
  const length: FrameLength =
    inner.kind === 'fixed' ? { kind: 'fixed', size: inner.size + field.size } : { ...inner, base: inner.base + field.size }
  const lead = new Lead()
  lead.node(node.inner.node)
  // Whether a failed check is the frame's own failure must be certain: a
  // marker the leading bits do not settle (not constant, or after a field
  // that varies) may or may not commit, which only decoding can tell.
  if (!lead.committed && analysisOf(node.inner.node).holdsMarker) return undefined
  return { mask: Uint8Array.from(lead.mask), value: Uint8Array.from(lead.value), commits: lead.committed, length, checksum: node, field }
}

// The stored checksum (and a length field) must be a plain unsigned integer
// for the check to read it as the decoder would.
function unsignedInt(node: Node): IntNode | undefined {
  return node.tag === 'int' && !node.signed ? node : undefined
}

// A frame's length from its first bytes, walking the grammar as the decoder
// reads it; undefined when the bytes do not say it simply.
function lengthOf(node: Node): FrameLength | undefined {
  switch (node.tag) {
    case 'int':
    case 'float':
      return fixed(node.size)
    case 'bigint':
      return fixed(8)
    case 'bits':
      return fixed(node.size)
    case 'constant':
      return fixed(node.bytes.length)
    case 'bytes':
      return node.size === undefined ? undefined : fixed(node.size)
    case 'marker':
    case 'named':
    case 'inline':
    case 'map':
    case 'refine':
    case 'enum':
    case 'range':
    case 'utf8':
    case 'text':
      return lengthOf(node.inner.node)
    case 'padded':
      return fixed(node.width)
    case 'struct':
      return sequence(node.fields.map(([, g]) => g.node))
    case 'checksum': {
      const field = lengthOf(node.field.node)
      return field?.kind === 'fixed' ? sequence([node.inner.node, node.field.node]) : undefined
    }
    case 'sized': {
      if (typeof node.length === 'number') return fixed(node.length)
      const prefix = lengthField(node.length.node)
      return prefix === undefined ? undefined : { kind: 'prefixed', at: 0, ...prefix, base: prefix.field.size }
    }
    case 'array': {
      if (typeof node.count !== 'number') return undefined
      const item = lengthOf(node.item.node)
      return item?.kind === 'fixed' ? fixed(item.size * node.count) : undefined
    }
    case 'dependent': {
      const head = lengthOf(node.head.node)
      if (head?.kind !== 'fixed' || node.otherwise !== undefined) return undefined
      const cases = Object.values(node.cases).map((g) => lengthOf(g.node))
      const first = cases[0]
      if (first === undefined || !cases.every((c) => c !== undefined && sameLength(c, first))) return undefined
      return sequenceOf([head, first])
    }
    case 'many':
    case 'uleb128':
    case 'oneOf':
    case 'custom':
      return undefined
  }
}

function lengthField(node: Node): { field: IntNode; min: number; max: number } | undefined {
  if (node.tag === 'range') {
    const inner = unsignedInt(node.inner.node)
    if (inner === undefined || typeof node.min !== 'number' || typeof node.max !== 'number') return undefined
    return { field: inner, min: node.min, max: node.max }
  }
  const field = unsignedInt(node)
  return field === undefined ? undefined : { field, min: 0, max: 2 ** (8 * field.size) - 1 }
}

function fixed(size: number): FrameLength {
  return { kind: 'fixed', size }
}

function sequence(parts: readonly Node[]): FrameLength | undefined {
  const lengths: FrameLength[] = []
  for (const part of parts) {
    const length = lengthOf(part)
    if (length === undefined) return undefined
    lengths.push(length)
  }
  return sequenceOf(lengths)
}

// Fixed parts before a length field move it; at most one length field.
function sequenceOf(lengths: readonly FrameLength[]): FrameLength | undefined {
  let before = 0
  let prefixed: Extract<FrameLength, { kind: 'prefixed' }> | undefined
  let after = 0
  for (const length of lengths) {
    if (length.kind === 'fixed') {
      if (prefixed === undefined) before += length.size
      else after += length.size
    } else {
      if (prefixed !== undefined) return undefined
      prefixed = length
    }
  }
  if (prefixed === undefined) return fixed(before)
  return { ...prefixed, at: prefixed.at + before, base: prefixed.base + before + after }
}

function sameLength(a: FrameLength, b: FrameLength): boolean {
  if (a.kind === 'fixed') return b.kind === 'fixed' && a.size === b.size
  if (b.kind === 'fixed') return false
  return (
    a.at === b.at && a.base === b.base && a.min === b.min && a.max === b.max &&
    a.field.size === b.field.size && a.field.littleEndian === b.field.littleEndian
  )
}

// Fixed leading bits up to the end of the first marker (after it, a
// mismatch is the frame's own failure, not "another alternative").
class Lead {
  readonly mask: number[] = []
  readonly value: number[] = []
  committed = false

  /** Walks a node; true when it was fixed all the way, so the walk may go on. */
  node(node: Node): boolean {
    if (this.committed) return false
    switch (node.tag) {
      case 'constant':
        for (const b of node.bytes) this.push(0xff, b)
        return true
      case 'marker': {
        const whole = this.node(node.inner.node)
        this.committed = whole
        return false
      }
      case 'named':
      case 'inline':
        return this.node(node.inner.node)
      case 'struct':
        for (const [, field] of node.fields) if (!this.node(field.node)) return false
        return true
      case 'bits':
        return this.bits(node)
      default:
        return false
    }
  }

  private bits(node: BitsNode): boolean {
    // Constants up to a matched marker, wherever the bit order puts them.
    const { masks, values } = constantBits(node, ({ field }) => {
      if (field.kind !== 'constant' || this.committed) return false
      if (field.marker) this.committed = true
      return true
    })
    masks.forEach((mask, i) => this.push(mask, values[i] as number))
    return !this.committed
  }

  private push(mask: number, value: number): void {
    this.mask.push(mask)
    this.value.push(value & mask)
  }
}
