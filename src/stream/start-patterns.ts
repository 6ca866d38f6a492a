import type { Grammar } from '../grammar/codec.js'
import type { BitsNode, Node } from '../grammar/node.js'

/**
 * The fixed leading bits of one alternative of a grammar: byte `i` of a
 * frame must satisfy `(byte & mask[i]) === value[i]`.
 * @category Streams
 */
export interface StartPattern {
  /** Which bits of each leading byte are fixed. */
  readonly mask: Uint8Array
  /** Their values. */
  readonly value: Uint8Array
}

/**
 * The fixed leading bytes (and bits) of each alternative of a grammar, as
 * far as a mismatch in them means "not a frame here" rather than "a broken
 * frame": constants before any marker, and markers (constants and marker
 * bit fields). Where a frame can start only where one of these patterns
 * matches, a stream decoder rejects other positions with a few byte
 * comparisons instead of a decode attempt.
 *
 * Returns `undefined` when some alternative has no fixed leading byte.
 *
 * @example
 * ```ts
 * startPatterns(detect)
 * // [{ mask: ff ff ff, value: 5a a5 01 },  TLM magic and version
 * //  { mask: ff f0,    value: b5 20 }]     EVR sync byte and version nibble
 * ```
 * @category Streams
 */
export function startPatterns(grammar: Grammar | Node): readonly StartPattern[] | undefined {
  const alternatives = rootAlternatives('node' in grammar ? grammar.node : grammar)
  const patterns: StartPattern[] = []
  for (const alternative of alternatives) {
    const walk = new Walk()
    walk.node(alternative)
    if (walk.mask.length === 0 || walk.mask[0] === 0) return undefined
    patterns.push({ mask: Uint8Array.from(walk.mask), value: Uint8Array.from(walk.value) })
  }
  return patterns
}

/**
 * True when the bytes from `pos` (up to `end`) agree with some pattern, as
 * far as they go.
 * @internal
 */
export function matchesStart(patterns: readonly StartPattern[], bytes: Uint8Array, pos: number, end: number): boolean {
  for (const { mask, value } of patterns) {
    const n = Math.min(mask.length, end - pos)
    let i = 0
    while (i < n && ((bytes[pos + i] as number) & (mask[i] as number)) === value[i]) i++
    if (i === n) return true
  }
  return false
}

function rootAlternatives(node: Node): Node[] {
  switch (node.tag) {
    case 'named':
    case 'inline':
    case 'map':
    case 'refine':
      return rootAlternatives(node.inner.node)
    case 'oneOf':
      return node.alternatives.flatMap((a) => rootAlternatives(a.inner.node))
    default:
      return [node]
  }
}

// Collects fixed leading bits, following the decoder's order, and stops at
// the first part that is not fixed or whose mismatch would be committed.
class Walk {
  readonly mask: number[] = []
  readonly value: number[] = []
  /** A marker has matched: a later non-marker constant would fail committed. */
  private committed = false

  /** Walks a node; true when it was fixed all the way, so the walk may go on after it. */
  node(node: Node): boolean {
    switch (node.tag) {
      case 'constant':
        if (this.committed) return false
        for (const b of node.bytes) this.push(0xff, b)
        return true
      case 'marker': {
        // A mismatch anywhere inside a marker is "not this protocol".
        const outer = this.committed
        this.committed = false
        const whole = this.node(node.inner.node)
        this.committed = whole || outer
        return whole
      }
      case 'named':
      case 'inline':
        return this.node(node.inner.node)
      case 'struct':
        for (const [, field] of node.fields) if (!this.node(field.node)) return false
        return true
      case 'checksum':
        this.node(node.inner.node)
        return false
      case 'bits':
        return this.bits(node)
      default:
        return false
    }
  }

  private bits(node: BitsNode): boolean {
    let mask = 0
    let value = 0
    let width = 0
    let whole = true
    for (const [, field] of node.fields) {
      const shift = node.size * 8 - width - field.width
      width += field.width
      if (field.kind !== 'constant') continue
      if (!field.marker && this.committed) {
        whole = false
        break
      }
      mask += (2 ** field.width - 1) * 2 ** shift
      value += field.value * 2 ** shift
      if (field.marker) this.committed = true
    }
    for (let i = node.size - 1; i >= 0; i--) {
      const shift = 8 * i
      this.push(Math.floor(mask / 2 ** shift) % 256, Math.floor(value / 2 ** shift) % 256)
    }
    return whole
  }

  private push(mask: number, value: number): void {
    this.mask.push(mask)
    this.value.push(value & mask)
  }
}
