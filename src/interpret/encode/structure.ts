// Encoders that shape values: struct, enumeration, range, refine, map.
import type { EnumNode, MapNode, RangeNode, RefineNode, StructNode } from '../../grammar/node.js'
import { prependPath } from '../../runtime/error-path.js'
import { producesNoValue } from '../../analysis/void-value.js'
import { showValue } from '../show-value.js'
import type { EncodeFn, EncoderOf } from './encode-fn.js'
import { usesScope } from '../references.js'
import { scopedStructEncoder } from './references.js'

export function structEncoder(node: StructNode, encoderOf: EncoderOf): EncodeFn {
  if (usesScope(node)) return scopedStructEncoder(node, encoderOf)
  const fields = node.fields.map(([key, g]) => ({
    key,
    encode: encoderOf(g.node),
    inline: g.node.tag === 'inline',
    hidden: producesNoValue(g.node),
  }))
  return (s, v) => {
    if (typeof v !== 'object' || v === null) return s.fail('type', 'expected an object')
    const record = v as Record<string, unknown>
    for (const f of fields) {
      f.encode(s, f.inline ? v : f.hidden ? undefined : record[f.key])
      if (s.error !== undefined) {
        if (!f.inline) prependPath(s, f.key)
        return
      }
    }
  }
}

export function enumEncoder(node: EnumNode, encoderOf: EncoderOf): EncodeFn {
  const inner = encoderOf(node.inner.node)
  const codes = node.codes
  return (s, v) => {
    if (typeof v !== 'string' || !Object.hasOwn(codes, v)) {
      return s.fail('tag', `unknown name ${showValue(v)}; expected one of ${Object.keys(codes).join(', ')}`)
    }
    inner(s, codes[v])
  }
}

export function rangeEncoder(node: RangeNode, encoderOf: EncoderOf): EncodeFn {
  const inner = encoderOf(node.inner.node)
  const { min, max } = node
  return (s, v) => {
    if (typeof v !== typeof min) return s.fail('type', `expected a ${typeof min}, got ${typeof v}`)
    if (!((v as number) >= min && (v as number) <= max)) return s.fail('range', `${showValue(v)} is outside ${min}..${max}`)
    inner(s, v)
  }
}

export function refineEncoder(node: RefineNode, encoderOf: EncoderOf): EncodeFn {
  const inner = encoderOf(node.inner.node)
  const { check, message } = node
  return (s, v) => {
    let ok: boolean
    try {
      ok = check(v)
    } catch {
      ok = false
    }
    if (!ok) return s.fail('invalid', message)
    inner(s, v)
  }
}

export function mapEncoder(node: MapNode, encoderOf: EncoderOf): EncodeFn {
  const inner = encoderOf(node.inner.node)
  const f = node.encode
  return (s, v) => {
    let mapped: unknown
    try {
      mapped = f(v)
    } catch (thrown) {
      return s.fail('invalid', `mapping failed: ${showValue(thrown)}`)
    }
    inner(s, mapped)
  }
}
