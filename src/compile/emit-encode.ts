import type { BitsNode, DependentNode, Node, SizedNode } from '../grammar/node.js'
import { bitFieldRange, bitLayout } from '../analysis/bit-layout.js'
import { encoderOf } from '../interpret/encoder.js'
import { caseKey } from '../interpret/show-value.js'
import { analysisOf, largestValue, sizeBounds } from '../analysis/index.js'
import { producesNoValue } from '../analysis/void-value.js'
import { usesScope } from '../interpret/references.js'
import { EncodeState } from '../runtime/encode-state.js'
import { bool, comment, lit, MAX_LINES, str, TooLarge, type Emitter } from './emitter.js'
import { FAIL, isAscii, utf8Bytes, writeUtf8 } from './runtime.js'
import { paddedEnd, terminatorIndex } from '../runtime/terminator.js'
import { encodeText as encodeInEncoding } from '../runtime/text-encoding.js'
import { unreachable } from '../grammar/exhaustive.js'

/** Where generated encode code stands: the statement that gives up. */
interface Ctx {
  readonly fail: string
  /** The encoder to use for a grammar known only at run time (`dependentOpen`'s otherwise). */
  readonly open: (node: Node) => (s: never, v: unknown) => void
  /**
   * The encoder of a struct with references between its fields: the
   * interpreter's bookkeeping of names (frames, solving for derived
   * fields, checksum fields) over generated code for its fields.
   */
  readonly scoped: (node: Node) => (s: never, v: unknown) => void
}

/**
 * Emits encode code for `node` writing the value named by `v`. The code
 * writes into `bytes`/`view` at the local `pos` (growing the state's buffer
 * as needed) and on any failure runs `ctx.fail`; the caller then reruns the
 * interpreter, which makes the error.
 */
export function emitEncode(e: Emitter, node: Node, v: string, ctx: Ctx): void {
  if (e.size > MAX_LINES) throw new TooLarge()
  const fail = `${ctx.fail};`
  switch (node.tag) {
    case 'int': {
      const min = node.signed ? -(2 ** (node.size * 8 - 1)) : 0
      const max = node.signed ? 2 ** (node.size * 8 - 1) - 1 : 2 ** (node.size * 8) - 1
      e.line(`if (typeof ${v} !== 'number' || !Number.isInteger(${v}) || ${v} < ${min} || ${v} > ${max}) ${fail}`)
      ensure(e, node.size)
      if (node.size === 1) e.line(`bytes[pos++] = ${v} & 255;`)
      else if (node.size === 2) e.line(`view.setUint16(pos, ${v} & 65535, ${bool(node.littleEndian)}); pos += 2;`)
      else if (node.size === 3) {
        const [first, last] = node.littleEndian ? [0, 2] : [2, 0]
        e.line(`bytes[pos + ${first}] = ${v} & 255; bytes[pos + 1] = (${v} >>> 8) & 255; bytes[pos + ${last}] = (${v} >>> 16) & 255; pos += 3;`)
      }
      else e.line(`view.setUint32(pos, ${v} >>> 0, ${bool(node.littleEndian)}); pos += 4;`)
      return
    }
    case 'bigint': {
      const min = node.signed ? -(2n ** 63n) : 0n
      const max = node.signed ? 2n ** 63n - 1n : 2n ** 64n - 1n
      e.line(`if (typeof ${v} !== 'bigint' || ${v} < ${lit(min)} || ${v} > ${lit(max)}) ${fail}`)
      ensure(e, 8)
      e.line(`view.${node.signed ? 'setBigInt64' : 'setBigUint64'}(pos, ${v}, ${bool(node.littleEndian)}); pos += 8;`)
      return
    }
    case 'float':
      e.line(`if (typeof ${v} !== 'number') ${fail}`)
      if (node.size === 4) e.line(`if (Number.isFinite(${v}) && !Number.isFinite(Math.fround(${v}))) ${fail}`)
      ensure(e, node.size)
      e.line(`view.setFloat${node.size * 8}(pos, ${v}, ${bool(node.littleEndian)}); pos += ${lit(node.size)};`)
      return
    case 'uleb128': {
      const max = Math.min(largestValue(node), Number.MAX_SAFE_INTEGER)
      e.line(`if (typeof ${v} !== 'number' || !Number.isInteger(${v}) || ${v} < 0 || ${v} > ${max}) ${fail}`)
      ensure(e, node.maxBytes)
      e.line(`if (${v} < 128) bytes[pos++] = ${v}; else { let rest = ${v};`)
      e.line('while (rest >= 128) { bytes[pos++] = (rest % 128) | 128; rest = Math.floor(rest / 128); } bytes[pos++] = rest; }')
      return
    }
    case 'bytes':
      e.line(`if (!(${v} instanceof Uint8Array)) ${fail}`)
      if (node.size !== undefined) e.line(`if (${v}.length !== ${lit(node.size)}) ${fail}`)
      ensure(e, `${v}.length`)
      e.line(`bytes.set(${v}, pos); pos += ${v}.length;`)
      return
    case 'utf8':
      emitUtf8(e, node.inner.node, v, ctx)
      return
    case 'text': {
      const raw = e.fresh('b')
      e.line(`if (typeof ${v} !== 'string') ${fail} const ${raw} = ${e.constant(encodeInEncoding)}(${str(node.encoding)}, ${v}); if (!(${raw} instanceof Uint8Array)) ${fail}`)
      emitEncode(e, node.inner.node, raw, ctx)
      return
    }
    case 'untilLast':
      emitEncode(e, node.inner.node, v, ctx)
      return
    case 'terminated': {
      // As the interpreter: whole units, no terminator inside, then the terminator.
      const unit = node.terminator
      e.line(`if (!(${v} instanceof Uint8Array) || ${v}.length % ${lit(unit.length)} !== 0 || ${e.constant(terminatorIndex)}(${v}, ${e.constant(unit)}) >= 0) ${fail}`)
      ensure(e, `${v}.length + ${lit(unit.length)}`)
      e.line(`bytes.set(${v}, pos); pos += ${v}.length;`)
      writeConstant(e, unit)
      return
    }
    case 'padded': {
      // As the interpreter: at most the width in whole units, not ending
      // with the pad (decoding would trim it), then pad units to the width.
      const { width, pad } = node
      e.line(`if (!(${v} instanceof Uint8Array) || ${v}.length > ${lit(width)} || ${v}.length % ${lit(pad.length)} !== 0 || ${e.constant(paddedEnd)}(${v}, 0, ${v}.length, ${e.constant(pad)}) !== ${v}.length) ${fail}`)
      ensure(e, width)
      const fill = pad.length === 1 ? `bytes[pos + i] = ${lit(pad[0] as number)};` : `bytes[pos + i] = ${lit(pad[0] as number)}; bytes[pos + i + 1] = ${lit(pad[1] as number)};`
      e.line(`bytes.set(${v}, pos); for (let i = ${v}.length; i < ${lit(width)}; i += ${lit(pad.length)}) { ${fill} } pos += ${lit(width)};`)
      return
    }
    case 'constant':
      writeConstant(e, node.bytes)
      return
    case 'marker':
    case 'inline':
    case 'named':
      emitEncode(e, node.inner.node, v, ctx)
      return
    case 'bits':
      emitBits(e, node, v, fail)
      return
    case 'struct': {
      if (node.fields.some(([key]) => key === '__proto__')) return callInterpreter(e, node, v, fail)
      // Structs with references between fields keep frames of names, which
      // the interpreter's struct encoder keeps; its fields run generated code.
      if (usesScope(node)) {
        callOut(e, `${e.constant(ctx.scoped(node))}(s, ${v})`, fail, false)
        return
      }
      e.line(`if (typeof ${v} !== 'object' || ${v} === null) ${fail}`)
      for (const [key, grammar] of node.fields) {
        const child = grammar.node
        e.line(comment(`field ${key}`))
        if (child.tag === 'inline') emitEncode(e, child, v, ctx)
        else if (producesNoValue(child)) emitEncode(e, child, 'undefined', ctx)
        else {
          const field = e.fresh('f')
          e.line(`const ${field} = ${v}[${str(key)}];`)
          emitEncode(e, child, field, ctx)
        }
      }
      return
    }
    case 'enum': {
      const code = e.fresh('c')
      e.line(`let ${code}; switch (${v}) {`)
      for (const name of Object.getOwnPropertyNames(node.codes)) e.line(`case ${str(name)}: ${code} = ${lit(node.codes[name] as number)}; break;`)
      e.line(`default: ${fail} }`)
      emitEncode(e, node.inner.node, code, ctx)
      return
    }
    case 'range':
      e.line(`if (typeof ${v} !== ${str(typeof node.min)} || !(${v} >= ${lit(node.min)} && ${v} <= ${lit(node.max)})) ${fail}`)
      emitEncode(e, node.inner.node, v, ctx)
      return
    case 'refine': {
      const check = e.constant(node.check)
      const ok = e.fresh('ok')
      e.line(`let ${ok}; try { ${ok} = ${check}(${v}); } catch { ${ok} = false; } if (!${ok}) ${fail}`)
      emitEncode(e, node.inner.node, v, ctx)
      return
    }
    case 'map': {
      const d = node.discriminant
      const inner = node.inner.node
      if (d !== undefined && inner.tag === 'struct' && !inner.fields.some(([key, g]) => key === '__proto__' || key === d.key || g.node.tag === 'inline')) {
        // `tagged` over a struct: its encode is `({ [key]: _, ...rest }) => rest`;
        // read each field straight from the value where `rest` would have
        // it (an own enumerable property), instead of copying the object.
        const enumerable = e.constant(Object.prototype.propertyIsEnumerable)
        e.line(`if (typeof ${v} !== 'object' || ${v} === null) ${fail}`)
        for (const [key, grammar] of inner.fields) {
          const child = grammar.node
          if (child.tag === 'inline') emitEncode(e, child, v, ctx)
          else if (producesNoValue(child)) emitEncode(e, child, 'undefined', ctx)
          else {
            const field = e.fresh('f')
            e.line(`const ${field} = ${enumerable}.call(${v}, ${str(key)}) ? ${v}[${str(key)}] : undefined;`)
            emitEncode(e, child, field, ctx)
          }
        }
        return
      }
      const f = e.constant(node.encode)
      const mapped = e.fresh('m')
      e.line(`let ${mapped}; try { ${mapped} = ${f}(${v}); } catch { ${fail} }`)
      emitEncode(e, node.inner.node, mapped, ctx)
      return
    }
    case 'array':
    case 'many': {
      e.line(`if (!Array.isArray(${v})) ${fail}`)
      if (node.tag === 'array') {
        if (typeof node.count === 'number') e.line(`if (${v}.length !== ${lit(node.count)}) ${fail}`)
        else emitEncode(e, node.count.node, `${v}.length`, ctx)
      }
      const item = e.fresh('item')
      const i = e.fresh('i')
      e.line(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) { const ${item} = ${v}[${i}];`)
      emitEncode(e, node.item.node, item, ctx)
      e.line('}')
      return
    }
    case 'sized':
      emitSized(e, node, v, ctx)
      return
    case 'dependent':
      emitDependent(e, node, v, ctx)
      return
    case 'checksum': {
      const start = e.fresh('start')
      e.line(`const ${start} = pos;`)
      emitEncode(e, node.inner.node, v, ctx)
      const skip = node.skipStart + node.skipEnd
      if (skip > 0) e.line(`if (pos - ${start} < ${lit(skip)}) ${fail}`)
      const algorithm = e.constant(node.algorithm)
      const sum = e.fresh('sum')
      e.line(`const ${sum} = ${algorithm}.compute(bytes, ${start} + ${lit(node.skipStart)}, pos - ${lit(node.skipEnd)});`)
      emitEncode(e, node.field.node, sum, ctx)
      return
    }
    case 'oneOf': {
      const protocol = e.fresh('p')
      e.line(`const ${protocol} = typeof ${v} === 'object' && ${v} !== null ? ${v}.protocol : undefined;`)
      e.line(`switch (${protocol}) {`)
      for (const alternative of node.alternatives) {
        e.line(`case ${str(alternative.name)}: {`)
        const value = e.fresh('a')
        e.line(`const ${value} = ${v}.value;`)
        emitEncode(e, alternative.inner.node, value, ctx)
        e.line('break; }')
      }
      e.line(`default: ${fail} }`)
      return
    }
    case 'custom': {
      const f = e.constant(node.encode)
      callOut(e, `${f}(s, ${v})`, fail, true)
      return
    }
    case 'derived':
    case 'expr':
    case 'checksumField':
    // As in emit-decode.ts: the interpreter's, with its bound on recursion.
    case 'repeatUntil':
    case 'lazy':
      return callInterpreter(e, node, v, fail)
  }
  return unreachable(node)
}

function ensure(e: Emitter, n: number | string): void {
  e.line(`if (pos + ${n} > bytes.length) { s.pos = pos; s.reserve(${n}); bytes = s.bytes; view = s.view; }`)
}

function writeConstant(e: Emitter, constant: Uint8Array): void {
  if (constant.length === 0) return
  ensure(e, constant.length)
  e.line(`${Array.from(constant, (b, i) => `bytes[pos + ${i}] = ${b};`).join(' ')} pos += ${constant.length};`)
}

/** Runs code outside this function (interpreter closure, custom encoder) on the state. */
function callOut(e: Emitter, call: string, fail: string, catches: boolean): void {
  e.line('s.pos = pos;')
  if (catches) {
    const threw = e.fresh('threw')
    e.line(`let ${threw} = false; try { ${call}; } catch { ${threw} = true; }`)
    e.line(`bytes = s.bytes; view = s.view; if (${threw} || s.error !== undefined) ${fail} pos = s.pos;`)
  } else {
    e.line(`${call};`)
    e.line(`bytes = s.bytes; view = s.view; if (s.error !== undefined) ${fail} pos = s.pos;`)
  }
}

function callInterpreter(e: Emitter, node: Node, v: string, fail: string): void {
  const f = e.constant(encoderOf(node))
  callOut(e, `${f}(s, ${v})`, fail, false)
}

/**
 * The bytes a pure grammar writes for a value, computed now with the
 * interpreter, or undefined when it cannot be (then the code encodes it).
 */
function constantBytes(node: Node, value: unknown): Uint8Array | undefined {
  if (!analysisOf(node).kind.pure) return undefined
  const state = new EncodeState(16)
  encoderOf(node)(state, value)
  return state.error === undefined ? state.bytes.slice(0, state.pos) : undefined
}

function emitUtf8(e: Emitter, inner: Node, v: string, ctx: Ctx): void {
  const fail = `${ctx.fail};`
  e.line(`if (typeof ${v} !== 'string') ${fail}`)
  // Text in a length-prefixed region: ASCII is written straight from the
  // string, its byte length being its length; other text goes through the
  // platform encoder.
  if (inner.tag === 'sized' && typeof inner.length !== 'number' && inner.inner.node.tag === 'bytes' && inner.inner.node.size === undefined) {
    const ascii = e.constant(isAscii)
    e.line(`if (${ascii}(${v})) {`)
    emitEncode(e, inner.length.node, `${v}.length`, ctx)
    ensure(e, `${v}.length`)
    e.line(`for (let i = 0; i < ${v}.length; i++) bytes[pos + i] = ${v}.charCodeAt(i); pos += ${v}.length;`)
    e.line('} else {')
    const raw = encodeText(e, v, fail)
    emitEncode(e, inner, raw, ctx)
    e.line('}')
    return
  }
  // Text that is the rest of its region (the region's length is written
  // after it): written in place, without an array per string.
  if (inner.tag === 'bytes' && inner.size === undefined) {
    const write = e.constant(writeUtf8)
    const end = e.fresh('end')
    ensure(e, `3 * ${v}.length`)
    e.line(`const ${end} = ${write}(${v}, bytes, pos); if (${end} < 0) ${fail} pos = ${end};`)
    return
  }
  const raw = encodeText(e, v, fail)
  emitEncode(e, inner, raw, ctx)
}

function encodeText(e: Emitter, v: string, fail: string): string {
  const encodeBytes = e.constant(utf8Bytes)
  const failSentinel = e.constant(FAIL)
  const raw = e.fresh('u')
  e.line(`const ${raw} = ${encodeBytes}(${v}); if (${raw} === ${failSentinel}) ${fail}`)
  return raw
}

function emitBits(e: Emitter, node: BitsNode, v: string, fail: string): void {
  const { size } = node
  // A group of constants only has no value to read.
  if (node.fields.every(([, f]) => f.kind === 'constant')) v = '{}'
  e.line(`if (typeof ${v} !== 'object' || ${v} === null) ${fail}`)
  // Each field's bits added at its place in the word (see bit-layout.ts): a
  // double up to 48 bits (exact), a bigint past that.
  const wide = size > 6
  const word = e.fresh('w')
  e.line(`let ${word} = ${wide ? '0n' : '0'};`)
  const add = (raw: string, shift: number): string => (wide ? `${word} |= BigInt(${raw}) << ${lit(BigInt(shift))};` : `${word} += ${raw} * ${lit(2 ** shift)};`)
  for (const { name, field, shift, big } of bitLayout(node)) {
    if (field.kind === 'constant') {
      e.line(add(lit(field.value), shift))
      continue
    }
    const f = e.fresh('f')
    e.line(`const ${f} = ${v}[${str(name)}];`)
    if (field.kind === 'flag') e.line(`if (typeof ${f} !== 'boolean') ${fail} ${add(`(${f} ? 1 : 0)`, shift)}`)
    else if (big) {
      const { min, max } = bitFieldRange(field) as { min: bigint; max: bigint }
      const raw = field.kind === 'int' ? `(${f} < 0n ? ${f} + ${lit(1n << BigInt(field.width))} : ${f})` : f
      e.line(`if (typeof ${f} !== 'bigint' || ${f} < ${lit(min)} || ${f} > ${lit(max)}) ${fail} ${word} |= ${raw} << ${lit(BigInt(shift))};`)
    } else {
      const { min, max } = bitFieldRange(field) as { min: number; max: number }
      const raw = field.kind === 'int' ? `(${f} < 0 ? ${f} + ${lit(2 ** field.width)} : ${f})` : f
      e.line(`if (typeof ${f} !== 'number' || !Number.isInteger(${f}) || ${f} < ${lit(min)} || ${f} > ${lit(max)}) ${fail} ${add(raw, shift)}`)
    }
  }
  ensure(e, size)
  // Byte i is the word's byte counted from the low end as the order says.
  const low = (i: number): number => (node.lsbFirst ? i : size - 1 - i)
  const writes = Array.from({ length: size }, (_, i) =>
    wide
      ? `bytes[pos + ${i}] = Number((${word} >> ${lit(BigInt(8 * low(i)))}) & 255n);`
      : size <= 4
        ? `bytes[pos + ${i}] = (${word} >>> ${8 * low(i)}) & 255;`
        : `bytes[pos + ${i}] = Math.floor(${word} / ${lit(2 ** (8 * low(i)))}) % 256;`,
  )
  e.line(`${writes.join(' ')} pos += ${lit(size)};`)
}

function emitSized(e: Emitter, node: SizedNode, v: string, ctx: Ctx): void {
  const fail = `${ctx.fail};`
  const start = e.fresh('start')
  if (typeof node.length === 'number') {
    e.line(`const ${start} = pos;`)
    emitEncode(e, node.inner.node, v, ctx)
    e.line(`if (pos - ${start} !== ${lit(node.length)}) ${fail}`)
    return
  }
  const lengthNode = node.length.node
  const inner = node.inner.node
  // Raw bytes as the whole region: the length is the value's length.
  if (inner.tag === 'bytes' && inner.size === undefined) {
    e.line(`if (!(${v} instanceof Uint8Array)) ${fail}`)
    emitEncode(e, lengthNode, `${v}.length`, ctx)
    ensure(e, `${v}.length`)
    e.line(`bytes.set(${v}, pos); pos += ${v}.length;`)
    return
  }
  // A fixed-size region: its length prefix is a constant, written up front.
  const fixed = sizeBounds(inner)
  const prefix = fixed.min === fixed.max ? constantBytes(lengthNode, fixed.min) : undefined
  if (prefix !== undefined) {
    writeConstant(e, prefix)
    e.line(`const ${start} = pos;`)
    emitEncode(e, inner, v, ctx)
    e.line(`if (pos - ${start} !== ${lit(fixed.min)}) ${fail}`)
    return
  }
  const prefixMax = sizeBounds(lengthNode).max
  if (prefixMax === Infinity) return callInterpreter(e, node, v, fail)
  const prefixMin = sizeBounds(lengthNode).min
  if (prefixMin < prefixMax && prefixMax <= 16) {
    // A prefix whose size depends on the length (a varint): room for its
    // shortest form, the region, then the prefix written after the region
    // and moved into place. Usually it is the shortest, and only its few
    // bytes move; a longer one shifts the region once.
    const regionAt = e.fresh('region')
    const n = e.fresh('n')
    const after = e.fresh('after')
    const size = e.fresh('size')
    e.line(`const ${start} = pos;`)
    ensure(e, prefixMin)
    e.line(`pos += ${prefixMin}; const ${regionAt} = pos;`)
    emitEncode(e, inner, v, ctx)
    e.line(`const ${n} = pos - ${regionAt}, ${after} = pos;`)
    emitEncode(e, lengthNode, n, ctx)
    e.line(`const ${size} = pos - ${after};`)
    e.line(`if (${size} === ${prefixMin}) { for (let i = 0; i < ${size}; i++) bytes[${start} + i] = bytes[${after} + i]; }`)
    e.line(`else { const head = bytes.slice(${after}, pos); bytes.copyWithin(${start} + ${size}, ${regionAt}, ${after}); bytes.set(head, ${start}); }`)
    e.line(`pos = ${start} + ${size} + ${n};`)
    return
  }
  // As the interpreter: leave room for the longest prefix, write the
  // region, then the prefix, and close any gap.
  const regionAt = e.fresh('region')
  const n = e.fresh('n')
  e.line(`const ${start} = pos;`)
  ensure(e, prefixMax)
  e.line(`pos += ${prefixMax}; const ${regionAt} = pos;`)
  emitEncode(e, inner, v, ctx)
  e.line(`const ${n} = pos - ${regionAt}; pos = ${start};`)
  emitEncode(e, lengthNode, n, ctx)
  e.line(`if (pos !== ${regionAt}) bytes.copyWithin(pos, ${regionAt}, ${regionAt} + ${n}); pos += ${n};`)
}

function emitDependent(e: Emitter, node: DependentNode, v: string, ctx: Ctx): void {
  const fail = `${ctx.fail};`
  const headOf = e.constant(node.headOf)
  const key = e.fresh('key')
  e.line(`let ${key}; try { ${key} = ${headOf}(${v}); } catch { ${fail} }`)
  const numeric = analysisOf(node.head.node).kind.integral
  const textual = analysisOf(node.head.node).kind.stringValued
  e.line(`switch (${key}) {`)
  for (const [k, grammar] of Object.entries(node.cases)) {
    // Only a key equal (===) to the case's own value takes the fast case;
    // anything else that String() maps to a case goes to the interpreter.
    let value: number | string
    if (numeric) {
      if (String(Number(k)) !== k) continue
      value = Number(k)
    } else if (textual) value = k
    else continue
    e.line(`case ${typeof value === 'number' ? lit(value) : str(value)}: {`)
    const head = constantBytes(node.head.node, value)
    if (head !== undefined) writeConstant(e, head)
    else emitEncode(e, node.head.node, typeof value === 'number' ? lit(value) : str(value), ctx)
    emitEncode(e, grammar.node, v, ctx)
    e.line('break; }')
  }
  e.line('default: {')
  if (node.otherwise === undefined || (!numeric && !textual)) e.line(fail)
  else {
    const known = e.constant(new Set(Object.keys(node.cases)))
    const toCaseKey = e.constant(caseKey)
    const otherwise = e.constant(node.otherwise)
    const interpret = e.constant(ctx.open)
    const body = e.fresh('body')
    // A key that names a case by String() but did not match it strictly is
    // left to the interpreter.
    e.line(`if (${known}.has(${toCaseKey}(${key}))) ${fail}`)
    e.line(`let ${body}; try { ${body} = ${interpret}(${otherwise}(${key}).node); } catch { ${fail} }`)
    emitEncode(e, node.head.node, key, ctx)
    callOut(e, `${body}(s, ${v})`, fail, false)
  }
  e.line('} }')
}
