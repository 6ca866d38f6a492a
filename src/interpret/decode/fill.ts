// Object-valued grammars decoded straight into an object the caller made:
// a struct's `inline` fields and a `tagged` struct's discriminant then cost
// no second object and no copy (`Object.assign`, the spread of `tagged`).
// Only grammars whose value is an object built here have a filler; errors,
// paths and committed flags are exactly those of their decoders.
import type { DependentNode, Node, StructNode } from '../../grammar/node.js'
import { prependPath } from '../../runtime/error-path.js'
import { producesNoValue } from '../../analysis/void-value.js'
import { showValue } from '../show-value.js'
import type { DecodeFn, DecoderOf, FillFn } from './decode-fn.js'
import { caseFinder, sizedFiller } from './regions.js'
import { usesScope } from '../references.js'
import { constantField, fixedFieldsOf, fixedFiller } from './fixed-struct.js'
import { arityFiller, taggedArityFiller } from './struct-arity.js'

export type { FillFn } from './decode-fn.js'

const cache = new WeakMap<Node, FillFn | null>()

/** The filler of a node, or undefined when its value is not an object built by the interpreter. */
export function fillerOf(node: Node, decoderOf: DecoderOf): FillFn | undefined {
  let fill = cache.get(node)
  if (fill === undefined) {
    // Set first: a recursive grammar meets itself as "no filler" and decodes.
    cache.set(node, null)
    fill = build(node, decoderOf)
    cache.set(node, fill)
  }
  return fill ?? undefined
}

function build(node: Node, decoderOf: DecoderOf): FillFn | null {
  // References between fields keep frames of names: their structs decode themselves.
  if (usesScope(node)) return null
  switch (node.tag) {
    case 'struct': {
      const fill = structFiller(node, decoderOf)
      return fixedFiller(fixedFieldsOf(node), fill) ?? fill
    }
    case 'inline':
    case 'named':
      return fillerOf(node.inner.node, decoderOf) ?? null
    case 'map': {
      // `tagged`: its decode puts the discriminant in front of the inner
      // object's properties, which is what writing it first does.
      const inner = node.discriminant === undefined ? undefined : fillerOf(node.inner.node, decoderOf)
      // A hand-made node keyed `__proto__` (tagged() refuses it) keeps the spread.
      if (inner === undefined || node.discriminant === undefined || node.discriminant.key === '__proto__') return null
      const { key, value } = node.discriminant
      const tagged: FillFn = (s, out) => {
        out[key] = value
        inner(s, out)
      }
      const struct = node.inner.node
      return struct.tag === 'struct' ? (taggedStructFiller(key, value, struct, decoderOf, tagged) ?? tagged) : tagged
    }
    case 'dependent':
      return dependentFiller(node, decoderOf)
    case 'sized': {
      // `inline(sized(n, struct(...)))`: the fields go straight into the
      // enclosing struct's object instead of a temporary one copied over.
      const inner = fillerOf(node.inner.node, decoderOf)
      return inner === undefined ? null : sizedFiller(node.length, inner, decoderOf)
    }
    default:
      return null
  }
}

// `tagged(key, value, struct(...))` as one struct whose first field is the
// discriminant, read from no bytes: one closure (fixed or per arity) builds
// the whole object, and the discriminant's store has a site of its own.
function taggedStructFiller(key: string, value: string, node: StructNode, decoderOf: DecoderOf, tagged: FillFn): FillFn | undefined {
  const fixed = fixedFiller([[key, constantField(value)], ...fixedFieldsOf(node)], tagged)
  if (fixed !== undefined) return fixed
  if (!node.fields.every(([k, g]) => g.node.tag !== 'inline' && !producesNoValue(g.node) && k !== '__proto__')) return undefined
  return taggedArityFiller(key, value, node.fields.map(([k]) => k), node.fields.map(([, g]) => decoderOf(g.node)))
}

const VALUE = 0
const HIDDEN = 1
const INLINE = 2
const INLINE_FILL = 3
const OWN = 4

function structFiller(node: StructNode, decoderOf: DecoderOf): FillFn {
  const count = node.fields.length
  const keys = node.fields.map(([key]) => key)
  const decoders: DecodeFn[] = []
  const fillers: (FillFn | undefined)[] = []
  const modes: number[] = []
  for (const [, g] of node.fields) {
    const inline = g.node.tag === 'inline'
    const fill = inline ? fillerOf(g.node, decoderOf) : undefined
    fillers.push(fill)
    decoders.push(decoderOf(g.node))
    modes.push(fill !== undefined ? INLINE_FILL : inline ? INLINE : producesNoValue(g.node) ? HIDDEN : keys[modes.length] === '__proto__' ? OWN : VALUE)
  }
  const byArity = modes.every((m) => m === VALUE) ? arityFiller(keys, decoders) : undefined
  if (byArity !== undefined) return byArity
  return (s, out) => {
    for (let i = 0; i < count; i++) {
      const mode = modes[i]
      if (mode === INLINE_FILL) {
        ;(fillers[i] as FillFn)(s, out)
        if (s.error !== undefined) return
        continue
      }
      const v = (decoders[i] as DecodeFn)(s)
      if (s.error !== undefined) {
        if (mode !== INLINE) prependPath(s, keys[i] as string)
        return
      }
      if (mode === VALUE) out[keys[i] as string] = v
      // A hand-made node (struct() refuses the name) must not set the prototype.
      else if (mode === OWN) Object.defineProperty(out, keys[i] as string, { value: v, enumerable: true, writable: true, configurable: true })
      else if (mode === INLINE) Object.assign(out, v)
    }
  }
}

// As the dependent decoder, when every case fills and there is no
// `otherwise` (whose grammars are known only at run time).
function dependentFiller(node: DependentNode, decoderOf: DecoderOf): FillFn | null {
  if (node.otherwise !== undefined) return null
  const cases = new Map<string, FillFn>()
  for (const [k, g] of Object.entries(node.cases)) {
    const fill = fillerOf(g.node, decoderOf)
    if (fill === undefined) return null
    cases.set(k, fill)
  }
  const head = decoderOf(node.head.node)
  const find = caseFinder(cases)
  const { headName } = node
  return (s, out) => {
    const start = s.pos
    const key = head(s)
    if (s.error !== undefined) {
      prependPath(s, headName)
      return
    }
    const body = find(key)
    if (body === undefined) {
      s.failInvalid(`no case for ${headName} ${showValue(key)}`, `one of ${[...cases.keys()].join(', ')}`, showValue(key), start)
      prependPath(s, headName)
      return
    }
    body(s, out)
  }
}
