import type { Node } from '../grammar/node.js'
import { lazyTarget } from '../grammar/lazy.js'
import { unreachable } from '../grammar/exhaustive.js'

/**
 * What a node's value and encoding are like, as code generation, the
 * arbitraries and the test properties need to know.
 */
export interface ValueKind {
  /** Always decodes to an integer-valued number. */
  readonly integral: boolean
  /** Always decodes to a non-negative safe integer. */
  readonly natural: boolean
  /** Always decodes to a string. */
  readonly stringValued: boolean
  /**
   * Encoding a given value calls no user code (mappings, refinements,
   * custom codecs), so the bytes for a known value can be computed once.
   */
  readonly pure: boolean
  /**
   * The decoded value is always a new plain object made by the grammar
   * itself (a struct, possibly wrapped), so an `inline` of it can hand the
   * object on instead of copying it.
   */
  readonly freshObject: boolean
  /**
   * The encoding says where it ends, so any strict prefix of a frame is
   * `incomplete` rather than a shorter valid value. The rest of the input
   * (`rest`, `many`) outside a sized region is not; `dependent` bodies for
   * unknown heads and `custom` codecs cannot be inspected and are assumed to be.
   */
  readonly selfDelimiting: boolean
}

const NOTHING: ValueKind = { integral: false, natural: false, stringValued: false, pure: false, freshObject: false, selfDelimiting: true }
const NUMBER: ValueKind = { ...NOTHING, pure: true }
const INTEGER: ValueKind = { ...NUMBER, integral: true }

/** The value kind of `node`, from its children's (`of`, memoised by the caller). */
export function computeValueKind(node: Node, of: (node: Node) => ValueKind): ValueKind {
  switch (node.tag) {
    case 'int':
      return { ...INTEGER, natural: !node.signed }
    case 'uleb128':
      return { ...INTEGER, natural: true }
    case 'bigint':
    case 'float':
      return NUMBER
    case 'bytes':
      return { ...NUMBER, selfDelimiting: node.size !== undefined }
    case 'constant':
      return { ...NUMBER, selfDelimiting: of(node.inner.node).selfDelimiting }
    case 'terminated':
    case 'padded':
      return NUMBER
    case 'untilLast':
      // It ends where its enclosing region (or the input) ends, less the reserve.
      return { ...NOTHING, freshObject: of(node.inner.node).freshObject, selfDelimiting: false }
    case 'utf8':
    case 'text':
      return { ...NOTHING, stringValued: true, selfDelimiting: of(node.inner.node).selfDelimiting }
    case 'bits':
      return { ...NOTHING, freshObject: true }
    case 'struct':
      return { ...NOTHING, freshObject: true, selfDelimiting: node.fields.every(([, g]) => of(g.node).selfDelimiting) }
    case 'named':
    case 'marker':
      return of(node.inner.node)
    case 'inline': {
      const inner = of(node.inner.node)
      return { ...NOTHING, freshObject: inner.freshObject, selfDelimiting: inner.selfDelimiting }
    }
    case 'enum': {
      const inner = of(node.inner.node)
      return { ...NOTHING, stringValued: true, pure: inner.pure, selfDelimiting: inner.selfDelimiting }
    }
    case 'range': {
      const inner = of(node.inner.node)
      return {
        ...NOTHING,
        integral: inner.integral,
        natural: typeof node.min === 'number' && node.min >= 0 && inner.integral,
        pure: inner.pure,
        selfDelimiting: inner.selfDelimiting,
      }
    }
    case 'refine': {
      const inner = of(node.inner.node)
      return { ...inner, pure: false, freshObject: false }
    }
    case 'map':
      return { ...NOTHING, selfDelimiting: of(node.inner.node).selfDelimiting }
    case 'array':
      return { ...NOTHING, selfDelimiting: of(node.item.node).selfDelimiting }
    case 'many':
      return { ...NOTHING, selfDelimiting: false }
    case 'repeatUntil':
      // A cut list lacks its last item: incomplete, if items say where they end.
      return { ...NOTHING, selfDelimiting: of(node.item.node).selfDelimiting }
    case 'lazy':
      return of(lazyTarget(node))
    case 'sized':
      return { ...NOTHING, freshObject: of(node.inner.node).freshObject }
    case 'dependent': {
      const cases = Object.values(node.cases).map((g) => of(g.node))
      return {
        ...NOTHING,
        freshObject: node.otherwise === undefined && cases.every((k) => k.freshObject),
        selfDelimiting: of(node.head.node).selfDelimiting && cases.every((k) => k.selfDelimiting),
      }
    }
    case 'checksum': {
      const inner = of(node.inner.node)
      return { ...NOTHING, freshObject: inner.freshObject, selfDelimiting: inner.selfDelimiting }
    }
    case 'oneOf':
      return { ...NOTHING, selfDelimiting: node.alternatives.every((a) => of(a.inner.node).selfDelimiting) }
    case 'custom':
    case 'expr':
    case 'checksumField':
      return NOTHING
    case 'derived':
      return { ...of(node.inner.node), freshObject: false }
  }
  return unreachable(node)
}
