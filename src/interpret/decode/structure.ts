// Decoders that shape values: struct, enumeration, range, refine, map.
import type { EnumNode, MapNode, RangeNode, RefineNode, StructNode } from '../../grammar/node.js'
import { prependPath } from '../../runtime/error-path.js'
import { producesNoValue } from '../void-value.js'
import { showValue } from '../show-value.js'
import type { DecodeFn, DecoderOf } from './decode-fn.js'

const VALUE = 0
const HIDDEN = 1
const INLINE = 2
const OWN = 3

export function structDecoder(node: StructNode, decoderOf: DecoderOf): DecodeFn {
  const fields = node.fields.map(([key, g]) => ({
    key,
    decode: decoderOf(g.node),
    mode: g.node.tag === 'inline' ? INLINE : producesNoValue(g.node) ? HIDDEN : key === '__proto__' ? OWN : VALUE,
  }))
  return (s) => {
    const out: Record<string, unknown> = {}
    for (const f of fields) {
      const v = f.decode(s)
      if (s.error !== undefined) {
        if (f.mode !== INLINE) prependPath(s, f.key)
        return undefined
      }
      if (f.mode === VALUE) out[f.key] = v
      // A hand-made node (struct() refuses the name) must not set the prototype.
      else if (f.mode === OWN) Object.defineProperty(out, f.key, { value: v, enumerable: true, writable: true, configurable: true })
      else if (f.mode === INLINE) Object.assign(out, v)
    }
    return out
  }
}

export function enumDecoder(node: EnumNode, decoderOf: DecoderOf): DecodeFn {
  const inner = decoderOf(node.inner.node)
  const { names, codes } = node
  const allowed = Object.entries(codes).map(([name, code]) => `${code} (${name})`).join(', ')
  return (s) => {
    const start = s.pos
    const code = inner(s) as number
    if (s.error !== undefined) return undefined
    const name = names.get(code)
    if (name === undefined) s.failInvalid(`unknown code ${code}`, `one of ${allowed}`, String(code), start)
    return name
  }
}

export function rangeDecoder(node: RangeNode, decoderOf: DecoderOf): DecodeFn {
  const inner = decoderOf(node.inner.node)
  const { min, max } = node
  return (s) => {
    const start = s.pos
    const v = inner(s) as number | bigint
    if (s.error !== undefined) return undefined
    // Written as "not inside" so that NaN, which compares false, is refused.
    if (!(v >= min && v <= max)) s.failInvalid(`${v} is out of range`, `${min}..${max}`, String(v), start)
    return v
  }
}

export function refineDecoder(node: RefineNode, decoderOf: DecoderOf): DecodeFn {
  const inner = decoderOf(node.inner.node)
  const { check, message } = node
  return (s) => {
    const start = s.pos
    const v = inner(s)
    if (s.error !== undefined) return undefined
    let ok: boolean
    try {
      ok = check(v)
    } catch {
      ok = false
    }
    if (!ok) s.failInvalid(message, message, showValue(v), start)
    return v
  }
}

export function mapDecoder(node: MapNode, decoderOf: DecoderOf): DecodeFn {
  const inner = decoderOf(node.inner.node)
  const f = node.decode
  return (s) => {
    const start = s.pos
    const v = inner(s)
    if (s.error !== undefined) return undefined
    try {
      return f(v)
    } catch (thrown) {
      // A user's mapping function is not allowed to make decode throw.
      s.failInvalid(`mapping failed: ${showValue(thrown)}`, undefined, undefined, start)
      return undefined
    }
  }
}
