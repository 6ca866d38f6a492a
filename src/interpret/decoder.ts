import type { BitsNode, CustomNode, Node, OneOfNode, StructNode } from '../node.js'
import { DecodeState, prependPath } from '../decode-state.js'
import type { DecodeError } from '../errors.js'
import { producesNoValue } from './void-value.js'
import { sizeBounds } from './size.js'
import { hex, hexByte } from '../hex.js'
import { caseKey, showValue } from './show-value.js'

/**
 * Reads one value from the state's cursor. On failure it records the error
 * in `state.error` and its return value is meaningless.
 */
export type DecodeFn = (state: DecodeState) => unknown

const cache = new WeakMap<Node, DecodeFn>()

/** The decoder of a node, built once per node and cached. */
export function decoderOf(node: Node): DecodeFn {
  let fn = cache.get(node)
  if (fn === undefined) {
    fn = build(node)
    cache.set(node, fn)
  }
  return fn
}

/** Makes `fn` the decoder of `node` (how compiled grammars plug in). @internal */
export function installDecoder(node: Node, fn: DecodeFn): void {
  cache.set(node, fn)
}

// Fatal: invalid UTF-8 is a decode error, not U+FFFD. ignoreBOM: a leading
// BOM is content, so that re-encoding gives the same bytes.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function build(node: Node): DecodeFn {
  switch (node.tag) {
    case 'int':
      return intDecoder(node.size, node.signed, node.littleEndian)
    case 'bigint': {
      const { signed, littleEndian } = node
      return (s) => {
        if (!s.has(8)) return undefined
        const v = signed ? s.view.getBigInt64(s.pos, littleEndian) : s.view.getBigUint64(s.pos, littleEndian)
        s.pos += 8
        return v
      }
    }
    case 'float': {
      const { size, littleEndian } = node
      return (s) => {
        if (!s.has(size)) return undefined
        const v = size === 4 ? s.view.getFloat32(s.pos, littleEndian) : s.view.getFloat64(s.pos, littleEndian)
        s.pos += size
        return v
      }
    }
    case 'uleb128':
      return uleb128Decoder(node.maxBytes)
    case 'bytes': {
      const size = node.size
      if (size === undefined) {
        return (s) => {
          const v = s.bytes.subarray(s.pos, s.limit)
          s.pos = s.limit
          return v
        }
      }
      return (s) => {
        if (!s.has(size)) return undefined
        const v = s.bytes.subarray(s.pos, s.pos + size)
        s.pos += size
        return v
      }
    }
    case 'utf8': {
      const inner = decoderOf(node.inner.node)
      return (s) => {
        const start = s.pos
        const raw = inner(s) as Uint8Array
        if (s.error !== undefined) return undefined
        return decodeUtf8(s, raw, start)
      }
    }
    case 'constant':
      return constantDecoder(node.bytes)
    case 'marker': {
      const inner = decoderOf(node.inner.node)
      return (s) => {
        const v = inner(s)
        // Failing any part of a marker means "not this protocol", even after
        // an earlier part matched; passing it commits.
        s.committed = s.error === undefined
        return v
      }
    }
    case 'bits':
      return bitsDecoder(node)
    case 'struct':
      return structDecoder(node)
    case 'inline':
    case 'named':
      return decoderOf(node.inner.node)
    case 'enum': {
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
    case 'range': {
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
    case 'refine': {
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
    case 'map': {
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
    case 'array':
      return arrayDecoder(node.count, node.item.node)
    case 'many':
      return manyDecoder(node.item.node)
    case 'sized':
      return sizedDecoder(node.length, node.inner.node)
    case 'dependent': {
      const head = decoderOf(node.head.node)
      const { headName, otherwise } = node
      const cases = new Map(Object.entries(node.cases).map(([k, g]) => [k, decoderOf(g.node)]))
      return (s) => {
        const start = s.pos
        const key = head(s)
        if (s.error !== undefined) {
          prependPath(s, headName)
          return undefined
        }
        const k = caseKey(key)
        let body = k === undefined ? undefined : cases.get(k)
        if (body === undefined && otherwise !== undefined) {
          try {
            body = decoderOf(otherwise(key).node)
          } catch (thrown) {
            // A user's `otherwise` is not allowed to make decode throw.
            s.failInvalid(`no grammar for ${headName} ${showValue(key)}: ${showValue(thrown)}`, undefined, showValue(key), start)
            prependPath(s, headName)
            return undefined
          }
        }
        if (body === undefined) {
          s.failInvalid(`no case for ${headName} ${showValue(key)}`, `one of ${[...cases.keys()].join(', ')}`, showValue(key), start)
          prependPath(s, headName)
          return undefined
        }
        return body(s)
      }
    }
    case 'checksum': {
      const inner = decoderOf(node.inner.node)
      const field = decoderOf(node.field.node)
      const { algorithm, skipStart, skipEnd } = node
      return (s) => {
        const start = s.pos
        const v = inner(s)
        if (s.error !== undefined) return undefined
        const innerEnd = s.pos
        const found = field(s) as number
        if (s.error !== undefined) return undefined
        // Coverage is fixed by the grammar but the data's length comes from
        // the wire: data shorter than the skipped bytes is a malformed frame.
        if (innerEnd - start < skipStart + skipEnd) {
          s.failInvalid(
            `${innerEnd - start} byte(s) of data, fewer than the ${skipStart + skipEnd} the checksum skips`,
            `at least ${skipStart + skipEnd} byte(s)`,
            `${innerEnd - start}`,
            start,
          )
          return undefined
        }
        let expected: number
        try {
          expected = algorithm.compute(s.bytes, start + skipStart, innerEnd - skipEnd)
        } catch (thrown) {
          // Algorithms are a public interface: a user's may throw.
          s.failInvalid(`${algorithm.name} failed: ${showValue(thrown)}`, undefined, undefined, start)
          return undefined
        }
        if (found !== expected) {
          s.fail({
            kind: 'checksum',
            offset: innerEnd,
            path: [],
            message: `${algorithm.name} mismatch: computed ${hexNumber(expected, algorithm.width)}, found ${hexNumber(found, algorithm.width)}`,
            algorithm: algorithm.name,
            expected,
            found,
          })
        }
        return v
      }
    }
    case 'oneOf':
      return oneOfDecoder(node)
    case 'custom':
      return customDecoder(node)
  }
}

function hexNumber(n: number, width: number): string {
  return '0x' + n.toString(16).padStart(width / 4, '0')
}

function intDecoder(size: 1 | 2 | 4, signed: boolean, le: boolean): DecodeFn {
  switch (size) {
    case 1:
      return signed
        ? (s) => (s.has(1) ? s.view.getInt8(s.pos++) : undefined)
        : (s) => (s.has(1) ? s.bytes[s.pos++] : undefined)
    case 2:
      return (s) => {
        if (!s.has(2)) return undefined
        const v = signed ? s.view.getInt16(s.pos, le) : s.view.getUint16(s.pos, le)
        s.pos += 2
        return v
      }
    case 4:
      return (s) => {
        if (!s.has(4)) return undefined
        const v = signed ? s.view.getInt32(s.pos, le) : s.view.getUint32(s.pos, le)
        s.pos += 4
        return v
      }
  }
}

function uleb128Decoder(maxBytes: number): DecodeFn {
  return (s) => {
    const start = s.pos
    let value = 0
    let scale = 1
    for (let i = 0; i < maxBytes; i++) {
      if (!s.has(1)) return undefined
      const b = s.bytes[s.pos++] as number
      value += (b & 0x7f) * scale
      if ((b & 0x80) === 0) {
        // A last byte of zero after the first adds nothing: the same value
        // has a shorter encoding, which the grammar forbids.
        if (b === 0 && i > 0) {
          s.failInvalid('non-minimal varint', 'minimal encoding', hex(s.bytes.subarray(start, s.pos)), start)
          return undefined
        }
        return value
      }
      scale *= 128
    }
    s.failInvalid(`varint longer than ${maxBytes} byte(s)`, `at most ${maxBytes} byte(s)`, undefined, start)
    return undefined
  }
}

function decodeUtf8(s: DecodeState, raw: Uint8Array, start: number): string | undefined {
  // Short ASCII strings are common in packets and cheaper to build directly
  // than through TextDecoder's call overhead.
  if (raw.length <= 32) {
    let ascii = true
    for (let i = 0; i < raw.length; i++) {
      if ((raw[i] as number) >= 0x80) {
        ascii = false
        break
      }
    }
    if (ascii) return String.fromCharCode.apply(null, raw as unknown as number[])
  }
  try {
    return utf8Decoder.decode(raw)
  } catch {
    s.failInvalid('invalid UTF-8', 'UTF-8 text', hex(raw.subarray(0, 16)), start)
    return undefined
  }
}

function constantDecoder(expected: Uint8Array): DecodeFn {
  const n = expected.length
  return (s) => {
    const start = s.pos
    // Byte by byte, so that a wrong first byte is a mismatch even when the
    // input is too short to hold the whole constant.
    for (let i = 0; i < n; i++) {
      if (start + i >= s.limit) {
        s.pos = start + i
        s.has(n - i)
        return undefined
      }
      if (s.bytes[start + i] !== expected[i]) {
        s.failInvalid(
          `expected constant ${hex(expected)}`,
          hex(expected),
          hex(s.bytes.subarray(start, Math.min(start + n, s.limit))),
          start + i,
        )
        return undefined
      }
    }
    s.pos = start + n
    return undefined
  }
}

function bitsDecoder(node: BitsNode): DecodeFn {
  const { fields, size } = node
  const totalBits = size * 8
  return (s) => {
    if (!s.has(size)) return undefined
    let word = 0
    for (let i = 0; i < size; i++) word = word * 256 + (s.bytes[s.pos + i] as number)
    const out: Record<string, unknown> = {}
    let shift = totalBits
    for (const [name, field] of fields) {
      shift -= field.width
      const v = Math.floor(word / 2 ** shift) % 2 ** field.width
      if (field.kind === 'uint') out[name] = v
      else if (field.kind === 'flag') out[name] = v === 1
      else if (v !== field.value) {
        if (field.marker) s.committed = false
        s.failInvalid(`bit field ${name} must be ${field.value}`, String(field.value), String(v))
        prependPath(s, name)
        return undefined
      } else if (field.marker) s.committed = true
    }
    s.pos += size
    return out
  }
}

const VALUE = 0
const HIDDEN = 1
const INLINE = 2

function structDecoder(node: StructNode): DecodeFn {
  const fields = node.fields.map(([key, g]) => ({
    key,
    decode: decoderOf(g.node),
    mode: g.node.tag === 'inline' ? INLINE : producesNoValue(g.node) ? HIDDEN : VALUE,
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
      else if (f.mode === INLINE) Object.assign(out, v)
    }
    return out
  }
}

function arrayDecoder(count: number | { node: Node }, itemNode: Node): DecodeFn {
  const item = decoderOf(itemNode)
  const minItem = sizeBounds(itemNode).min
  const countFn = typeof count === 'number' ? undefined : decoderOf(count.node)
  return (s) => {
    const start = s.pos
    let n: number
    if (countFn === undefined) n = count as number
    else {
      n = countFn(s) as number
      if (s.error !== undefined) return undefined
      if (!isCount(n)) return failCount(s, 'count', n, start)
    }
    // Check the items can fit before looping, so a huge count from the wire
    // fails at once instead of costing time or memory.
    if (n * minItem > s.limit - s.pos) {
      const needed = n * minItem
      if (!s.has(needed)) {
        if (s.error !== undefined && s.error.kind === 'invalid') {
          s.failInvalid(`count ${n} needs at least ${needed} byte(s)`, `at most ${s.limit - s.pos} byte(s)`, String(needed), start)
        }
        return undefined
      }
    }
    const out: unknown[] = []
    for (let i = 0; i < n; i++) {
      const v = item(s)
      if (s.error !== undefined) {
        prependPath(s, i)
        return undefined
      }
      out.push(v)
    }
    return out
  }
}

function manyDecoder(itemNode: Node): DecodeFn {
  const item = decoderOf(itemNode)
  return (s) => {
    const out: unknown[] = []
    while (s.pos < s.limit) {
      const before = s.pos
      const v = item(s)
      if (s.error !== undefined) {
        prependPath(s, out.length)
        return undefined
      }
      if (s.pos === before) {
        // An item that reads nothing would repeat forever.
        s.failInvalid('repeated item consumed no bytes')
        prependPath(s, out.length)
        return undefined
      }
      out.push(v)
    }
    return out
  }
}

// A length or count codec is any Codec<number>: a signed or mapped one can
// yield values that would move the cursor backwards or never end a loop.
function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
}

function failCount(s: DecodeState, what: string, n: unknown, start: number): undefined {
  s.failInvalid(`${what} ${showValue(n)} is not a non-negative integer`, 'a non-negative integer', showValue(n), start)
  return undefined
}

function sizedDecoder(length: number | { node: Node }, innerNode: Node): DecodeFn {
  const inner = decoderOf(innerNode)
  const lengthFn = typeof length === 'number' ? undefined : decoderOf(length.node)
  return (s) => {
    const start = s.pos
    let n: number
    if (lengthFn === undefined) n = length as number
    else {
      n = lengthFn(s) as number
      if (s.error !== undefined) return undefined
      if (!isCount(n)) return failCount(s, 'length', n, start)
    }
    if (!s.has(n)) return undefined
    const outerLimit = s.limit
    const end = s.pos + n
    s.limit = end
    s.regions++
    const v = inner(s)
    s.regions--
    s.limit = outerLimit
    if (s.error !== undefined) return undefined
    if (s.pos !== end) {
      s.failInvalid(`region of ${n} byte(s) has ${end - s.pos} unused byte(s)`, `${n} byte(s) used`, `${n - (end - s.pos)} used`)
      return undefined
    }
    return v
  }
}

function oneOfDecoder(node: OneOfNode): DecodeFn {
  const alternatives = node.alternatives.map((a) => ({ name: a.name, decode: decoderOf(a.inner.node) }))
  return (s) => {
    const start = s.pos
    const outerCommitted = s.committed
    const errors: { name: string; error: DecodeError }[] = []
    for (const alt of alternatives) {
      s.pos = start
      s.error = undefined
      s.committed = false
      const value = alt.decode(s)
      if (s.error === undefined) {
        s.committed = outerCommitted
        return { protocol: alt.name, value }
      }
      // Past its marker, an alternative's failure is the answer.
      if (s.committed) {
        s.committed = outerCommitted
        return undefined
      }
      errors.push({ name: alt.name, error: s.error })
    }
    s.committed = outerCommitted
    s.pos = start
    const incomplete = errors.filter((e) => e.error.kind === 'incomplete')
    if (incomplete.length > 0) {
      const known = incomplete.map((e) => (e.error.kind === 'incomplete' ? e.error.needed : undefined)).filter((n) => n !== undefined)
      const needed = known.length === incomplete.length ? Math.min(...known) : undefined
      s.failIncomplete(needed, `input ended before any of ${errors.map((e) => e.name).join(', ')} could match`, start)
      return undefined
    }
    s.fail({
      kind: 'no-match',
      offset: start,
      path: [],
      message: `no alternative matched at offset ${start} (${errors.map((e) => `${e.name}: ${e.error.message}`).join('; ')}; first byte ${start < s.limit ? hexByte(s.bytes[start] as number) : 'none'})`,
      alternatives: errors,
    })
    return undefined
  }
}

function customDecoder(node: CustomNode): DecodeFn {
  const f = node.decode
  return (s) => {
    const start = s.pos
    try {
      const v = f(s)
      // Hand-written code may skip `has`: keep the cursor inside its region,
      // so that no later step reads past the input or re-reads bytes.
      if (s.error === undefined && (s.pos < start || s.pos > s.limit || !Number.isInteger(s.pos))) {
        s.failInvalid(`${node.name} moved the cursor to ${s.pos}, outside ${start}..${s.limit}`, undefined, undefined, start)
        s.pos = start
      }
      return v
    } catch (thrown) {
      s.failInvalid(`${node.name} failed: ${showValue(thrown)}`, undefined, undefined, start)
      return undefined
    }
  }
}
