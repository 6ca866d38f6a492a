// Decoders that shape values: struct, enumeration, range, refine, map.
import type { EnumNode, MapNode, RangeNode, RefineNode, StructNode } from '../../grammar/node.js'
import { fillerOf, type FillFn } from './fill.js'
import { showValue } from '../show-value.js'
import type { DecodeFn, DecoderOf } from './decode-fn.js'
import { usesScope } from '../references.js'
import { scopedStructDecoder } from './references.js'
import { fixedStructDecoder } from './fixed-struct.js'
import { codeTable } from './code-table.js'

export function structDecoder(node: StructNode, decoderOf: DecoderOf): DecodeFn {
  if (usesScope(node)) return scopedStructDecoder(node, decoderOf)
  const fill = fillerOf(node, decoderOf) as FillFn
  const fixed = fixedStructDecoder(node, fill)
  if (fixed !== undefined) return fixed
  return (s) => {
    const out: Record<string, unknown> = {}
    fill(s, out)
    return s.error === undefined ? out : undefined
  }
}

export function enumDecoder(node: EnumNode, decoderOf: DecoderOf): DecodeFn {
  const inner = decoderOf(node.inner.node)
  const { names, codes } = node
  const allowed = Object.entries(codes).map(([name, code]) => `${code} (${name})`).join(', ')
  const table = codeTable(names)
  if (table !== undefined) {
    const size = table.length
    return (s) => {
      const start = s.pos
      const code = inner(s) as number
      if (s.error !== undefined) return undefined
      const name = code < size && code >= 0 ? table[code] : undefined
      if (name === undefined) s.failInvalid(`unknown code ${code}`, `one of ${allowed}`, String(code), start)
      return name
    }
  }
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
  // `tagged` over an object the interpreter builds: the discriminant is
  // written first into the same object, without the spread copy.
  const fill = fillerOf(node, decoderOf)
  if (fill !== undefined) {
    return (s) => {
      const out: Record<string, unknown> = {}
      fill(s, out)
      return s.error === undefined ? out : undefined
    }
  }
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
