import type { BitsNode, Node, StructNode } from '../node.js'
import { EncodeState } from '../encode-state.js'
import type { EncodeError } from '../errors.js'
import { prependPath } from '../decode-state.js'
import { producesNoValue } from './void-value.js'
import { largestValue, sizeBounds } from './size.js'
import { caseKey, showValue } from './show-value.js'

/**
 * Writes one value at the state's cursor. On failure it records the error in
 * `state.error`; the caller checks it after each step.
 */
export type EncodeFn = (state: EncodeState, value: unknown) => void

const cache = new WeakMap<Node, EncodeFn>()

/** The encoder of a node, built once per node and cached. */
export function encoderOf(node: Node): EncodeFn {
  let fn = cache.get(node)
  if (fn === undefined) {
    fn = build(node)
    cache.set(node, fn)
  }
  return fn
}

/** Makes `fn` the encoder of `node` (how compiled grammars plug in). @internal */
export function installEncoder(node: Node, fn: EncodeFn): void {
  cache.set(node, fn)
}

const utf8Encoder = new TextEncoder()

function build(node: Node): EncodeFn {
  switch (node.tag) {
    case 'int':
      return intEncoder(node.size, node.signed, node.littleEndian)
    case 'bigint': {
      const { signed, littleEndian } = node
      const min = signed ? -(2n ** 63n) : 0n
      const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n
      return (s, v) => {
        if (typeof v !== 'bigint') return s.fail('type', `expected a bigint, got ${typeof v}`)
        if (v < min || v > max) return s.fail('range', `${v} is outside ${min}..${max}`)
        s.reserve(8)
        if (signed) s.view.setBigInt64(s.pos, v, littleEndian)
        else s.view.setBigUint64(s.pos, v, littleEndian)
        s.pos += 8
      }
    }
    case 'float': {
      const { size, littleEndian } = node
      return (s, v) => {
        if (typeof v !== 'number') return s.fail('type', `expected a number, got ${typeof v}`)
        // binary32 rounds; a finite value that only fits as Infinity is out of range.
        if (size === 4 && Number.isFinite(v) && !Number.isFinite(Math.fround(v))) {
          return s.fail('range', `${v} is too large for a 32-bit float`)
        }
        s.reserve(size)
        if (size === 4) s.view.setFloat32(s.pos, v, littleEndian)
        else s.view.setFloat64(s.pos, v, littleEndian)
        s.pos += size
      }
    }
    case 'uleb128': {
      const max = Math.min(largestValue(node), Number.MAX_SAFE_INTEGER)
      return (s, v) => {
        if (typeof v !== 'number' || !Number.isInteger(v)) return s.fail('type', `expected an integer, got ${showValue(v)}`)
        if (v < 0 || v > max) return s.fail('range', `${v} is outside 0..${max}`)
        s.reserve(node.maxBytes)
        let rest = v
        while (rest >= 0x80) {
          s.bytes[s.pos++] = (rest % 128) | 0x80
          rest = Math.floor(rest / 128)
        }
        s.bytes[s.pos++] = rest
      }
    }
    case 'bytes': {
      const size = node.size
      return (s, v) => {
        if (!(v instanceof Uint8Array)) return s.fail('type', 'expected a Uint8Array')
        if (size !== undefined && v.length !== size) return s.fail('length', `expected ${size} byte(s), got ${v.length}`)
        s.write(v)
      }
    }
    case 'utf8': {
      const inner = encoderOf(node.inner.node)
      return (s, v) => {
        if (typeof v !== 'string') return s.fail('type', `expected a string, got ${typeof v}`)
        // A lone surrogate would be written as U+FFFD and not decode back.
        if (!v.isWellFormed()) return s.fail('invalid', 'string has a lone surrogate, not valid Unicode')
        inner(s, utf8Encoder.encode(v))
      }
    }
    case 'constant': {
      const bytes = node.bytes
      return (s) => s.write(bytes)
    }
    case 'marker':
    case 'inline':
    case 'named':
      return encoderOf(node.inner.node)
    case 'bits':
      return bitsEncoder(node)
    case 'struct':
      return structEncoder(node)
    case 'enum': {
      const inner = encoderOf(node.inner.node)
      const codes = node.codes
      return (s, v) => {
        if (typeof v !== 'string' || !Object.hasOwn(codes, v)) {
          return s.fail('tag', `unknown name ${showValue(v)}; expected one of ${Object.keys(codes).join(', ')}`)
        }
        inner(s, codes[v])
      }
    }
    case 'range': {
      const inner = encoderOf(node.inner.node)
      const { min, max } = node
      return (s, v) => {
        if (typeof v !== typeof min) return s.fail('type', `expected a ${typeof min}, got ${typeof v}`)
        if (!((v as number) >= min && (v as number) <= max)) return s.fail('range', `${showValue(v)} is outside ${min}..${max}`)
        inner(s, v)
      }
    }
    case 'refine': {
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
    case 'map': {
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
    case 'array': {
      const item = encoderOf(node.item.node)
      const count = node.count
      const countFn = typeof count === 'number' ? undefined : encoderOf(count.node)
      return (s, v) => {
        if (!Array.isArray(v)) return s.fail('type', 'expected an array')
        if (countFn === undefined) {
          if (v.length !== count) return s.fail('length', `expected ${String(count)} item(s), got ${v.length}`)
        } else {
          countFn(s, v.length)
          if (s.error !== undefined) return s.fail('length', `${v.length} item(s) do not fit the count field: ${s.error.message}`)
        }
        for (let i = 0; i < v.length; i++) {
          item(s, v[i])
          if (s.error !== undefined) return prependPath(s, i)
        }
      }
    }
    case 'many': {
      const item = encoderOf(node.item.node)
      return (s, v) => {
        if (!Array.isArray(v)) return s.fail('type', 'expected an array')
        for (let i = 0; i < v.length; i++) {
          item(s, v[i])
          if (s.error !== undefined) return prependPath(s, i)
        }
      }
    }
    case 'sized':
      return sizedEncoder(node.length, node.inner.node)
    case 'dependent': {
      const head = encoderOf(node.head.node)
      const { headName, headOf, otherwise } = node
      const cases = new Map(Object.entries(node.cases).map(([k, g]) => [k, encoderOf(g.node)]))
      return (s, v) => {
        let key: unknown
        try {
          key = headOf(v)
        } catch (thrown) {
          return s.fail('tag', `cannot tell the ${headName} of this value: ${showValue(thrown)}`)
        }
        const k = caseKey(key)
        let body = k === undefined ? undefined : cases.get(k)
        if (body === undefined && otherwise !== undefined) {
          try {
            body = encoderOf(otherwise(key).node)
          } catch (thrown) {
            return s.fail('tag', `no grammar for ${headName} ${showValue(key)}: ${showValue(thrown)}`)
          }
        }
        if (body === undefined) return s.fail('tag', `no case for ${headName} ${showValue(key)}`)
        head(s, key)
        if (s.error !== undefined) return prependPath(s, headName)
        body(s, v)
      }
    }
    case 'checksum': {
      const inner = encoderOf(node.inner.node)
      const field = encoderOf(node.field.node)
      const { algorithm, skipStart, skipEnd } = node
      return (s, v) => {
        const start = s.pos
        inner(s, v)
        if (s.error !== undefined) return
        if (s.pos - start < skipStart + skipEnd) {
          return s.fail('length', `${s.pos - start} byte(s) of data, fewer than the ${skipStart + skipEnd} the checksum skips`)
        }
        let sum: number
        try {
          sum = algorithm.compute(s.bytes, start + skipStart, s.pos - skipEnd)
        } catch (thrown) {
          return s.fail('invalid', `${algorithm.name} failed: ${showValue(thrown)}`)
        }
        field(s, sum)
      }
    }
    case 'oneOf': {
      const byName = new Map(node.alternatives.map((a) => [a.name, encoderOf(a.inner.node)]))
      return (s, v) => {
        const protocol = typeof v === 'object' && v !== null ? (v as { protocol?: unknown }).protocol : undefined
        const alt = typeof protocol === 'string' ? byName.get(protocol) : undefined
        if (alt === undefined) return s.fail('tag', `unknown alternative ${showValue(protocol)}; expected one of ${[...byName.keys()].join(', ')}`)
        alt(s, (v as { value: unknown }).value)
      }
    }
    case 'custom': {
      const f = node.encode
      return (s, v) => {
        try {
          f(s, v)
        } catch (thrown) {
          s.fail('invalid', `${node.name} failed: ${showValue(thrown)}`)
        }
      }
    }
  }
}

function intEncoder(size: 1 | 2 | 4, signed: boolean, le: boolean): EncodeFn {
  const min = signed ? -(2 ** (size * 8 - 1)) : 0
  const max = signed ? 2 ** (size * 8 - 1) - 1 : 2 ** (size * 8) - 1
  return (s, v) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return s.fail('type', `expected an integer, got ${showValue(v)}`)
    if (v < min || v > max) return s.fail('range', `${v} is outside ${min}..${max}`)
    s.reserve(size)
    if (size === 1) s.bytes[s.pos] = v & 0xff
    else if (size === 2) s.view.setUint16(s.pos, v & 0xffff, le)
    else s.view.setUint32(s.pos, v >>> 0, le)
    s.pos += size
  }
}

function bitsEncoder(node: BitsNode): EncodeFn {
  const { fields, size } = node
  return (s, v) => {
    if (typeof v !== 'object' || v === null) return s.fail('type', 'expected an object of bit fields')
    const record = v as Record<string, unknown>
    let word = 0
    for (const [name, field] of fields) {
      let bits: number
      if (field.kind === 'constant') bits = field.value
      else if (field.kind === 'flag') {
        const flag = record[name]
        if (typeof flag !== 'boolean') return fieldFail(s, name, 'type', `expected a boolean, got ${typeof flag}`)
        bits = flag ? 1 : 0
      } else {
        const n = record[name]
        if (typeof n !== 'number' || !Number.isInteger(n)) return fieldFail(s, name, 'type', `expected an integer, got ${showValue(n)}`)
        if (n < 0 || n >= 2 ** field.width) return fieldFail(s, name, 'range', `${n} does not fit ${field.width} bit(s)`)
        bits = n
      }
      word = word * 2 ** field.width + bits
    }
    s.reserve(size)
    for (let i = size - 1; i >= 0; i--) {
      s.bytes[s.pos + i] = word % 256
      word = Math.floor(word / 256)
    }
    s.pos += size
  }
}

function fieldFail(s: EncodeState, name: string, kind: 'type' | 'range', message: string): void {
  s.fail(kind, message)
  prependPath(s, name)
}

function structEncoder(node: StructNode): EncodeFn {
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

function sizedEncoder(length: number | { node: Node }, innerNode: Node): EncodeFn {
  const inner = encoderOf(innerNode)
  if (typeof length === 'number') {
    return (s, v) => {
      const start = s.pos
      inner(s, v)
      if (s.error === undefined && s.pos - start !== length) s.fail('length', `region must be ${length} byte(s), value takes ${s.pos - start}`)
    }
  }
  const lengthFn = encoderOf(length.node)
  const prefix = sizeBounds(length.node)
  if (prefix.max === Infinity) {
    // No bound on the prefix: encode the region apart, then prefix and copy.
    return (s, v) => {
      const region = new EncodeState()
      inner(region, v)
      if (region.error !== undefined) return void (s.error = region.error)
      lengthFn(s, region.pos)
      if (s.error === undefined) s.write(region.bytes.subarray(0, region.pos))
    }
  }
  // Leave room for the longest prefix, write the region, then write the
  // prefix and close any gap: one pass, no second buffer.
  return (s, v) => {
    const lengthAt = s.pos
    s.reserve(prefix.max)
    const regionAt = lengthAt + prefix.max
    s.pos = regionAt
    inner(s, v)
    if (s.error !== undefined) return
    const regionEnd = s.pos
    const n = regionEnd - regionAt
    s.pos = lengthAt
    lengthFn(s, n)
    // Read through a fresh binding: the check above narrowed `s.error`.
    const lengthError = s.error as EncodeError | undefined
    if (lengthError !== undefined) {
      return s.fail('length', `region of ${n} byte(s) does not fit its length field: ${lengthError.message}`)
    }
    if (s.pos !== regionAt) s.bytes.copyWithin(s.pos, regionAt, regionEnd)
    s.pos += n
  }
}
