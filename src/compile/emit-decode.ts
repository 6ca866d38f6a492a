import type { BitsNode, DependentNode, Node, OneOfNode, StructNode } from '../grammar/node.js'
import { bitLayout } from '../analysis/bit-layout.js'
import { decoderOf } from '../interpret/decoder.js'
import { caseKey } from '../interpret/show-value.js'
import { ANY_BYTE, analysisOf, hasByte, sizeBounds } from '../analysis/index.js'
import { producesNoValue } from '../analysis/void-value.js'
import { usesScope } from '../interpret/references.js'
import { comment, lit, MAX_LINES, str, TooLarge, type Emitter } from './emitter.js'
import { FAIL, statelessEnd, THREW, utf8Range } from './runtime.js'
import { DecodeState } from '../runtime/decode-state.js'
import { decodeText } from '../runtime/text-encoding.js'
import { findTerminator, paddedEnd } from '../runtime/terminator.js'
import { unreachable } from '../grammar/exhaustive.js'
import { fillerOf } from '../interpret/decode/fill.js'
import { bind, emitExpr, emitScopedStruct, materialize, mayBind, scopedStructSupported } from './emit-scope.js'
import { deeper, objectFrom, type DecodeCtx, type Entry, type StatelessCalls, type StatelessFn } from './decode-ctx.js'
import { openFeedback } from './open-feedback.js'
import { HOST_LITTLE_ENDIAN, SCRATCH_BIG_INT64, SCRATCH_BIG_UINT64, SCRATCH_BYTES, SCRATCH_FLOAT32, SCRATCH_FLOAT64 } from '../runtime/scratch.js'

type Ctx = DecodeCtx

// Nodes an inlined struct can be reached through and still share its parent's names.
const JOIN_CHAIN = new Set<Node['tag']>(['struct', 'sized', 'map', 'checksum', 'marker', 'named', 'inline'])

/**
 * Emits decode code for `node` into `e` and returns an expression naming its
 * value. The code reads `bytes`, moves the local `pos`, and on any
 * failure runs `ctx.fail` (it never builds an error: the interpreter does,
 * when the caller reruns it).
 */
export function emitDecode(e: Emitter, node: Node, ctx: Ctx): string {
  if (e.size > MAX_LINES) throw new TooLarge()
  const filler = ctx.filler === true
  if (filler || (ctx.join !== undefined && !JOIN_CHAIN.has(node.tag))) ctx = { ...ctx, filler: false, join: JOIN_CHAIN.has(node.tag) ? ctx.join : undefined }
  const fail = ctx.marker ? `{ ${committedOf(e)} = false; ${ctx.fail}; }` : `${ctx.fail};`
  const need = (n: number | string): void => e.line(`if (!(pos + ${n} <= ${ctx.limit})) ${fail}`)
  switch (node.tag) {
    case 'int': {
      need(node.size)
      const v = e.fresh()
      e.line(`const ${v} = ${readInt(node.size, node.signed, node.littleEndian)}; pos += ${lit(node.size)};`)
      return v
    }
    case 'bigint':
    case 'float': {
      const size = node.tag === 'bigint' ? 8 : node.size
      need(size)
      const v = e.fresh()
      // Through a scratch buffer in the host's byte order: cheaper than a
      // DataView per input, which the state then never has to make.
      const scratch = e.constant(SCRATCH_BYTES)
      const kind = node.tag === 'bigint' ? (node.signed ? SCRATCH_BIG_INT64 : SCRATCH_BIG_UINT64) : node.size === 4 ? SCRATCH_FLOAT32 : SCRATCH_FLOAT64
      const reversed = node.littleEndian !== HOST_LITTLE_ENDIAN
      const copies = Array.from({ length: size }, (_, i) => `${scratch}[${i}] = bytes[pos + ${reversed ? size - 1 - i : i}];`)
      e.line(`${copies.join(' ')} const ${v} = ${e.constant(kind)}[0]; pos += ${size};`)
      return v
    }
    case 'uleb128': {
      const v = e.fresh()
      const b = e.fresh('b')
      const i = e.fresh('i')
      need(1)
      e.line(`let ${v} = bytes[pos++];`)
      e.line(`if (${v} >= 128) { ${v} &= 127; let scale = 128;`)
      e.line(`for (let ${i} = 1; ; ${i}++) { if (${i} >= ${lit(node.maxBytes)}) ${fail} if (!(pos + 1 <= ${ctx.limit})) ${fail}`)
      e.line(`const ${b} = bytes[pos++]; ${v} += (${b} & 127) * scale;`)
      e.line(`if (${b} < 128) { if (${b} === 0) ${fail} break; } scale *= 128; } }`)
      return v
    }
    case 'bytes': {
      const v = e.fresh()
      if (node.size === undefined) e.line(`const ${v} = bytes.subarray(pos, ${ctx.limit}); pos = ${ctx.limit};`)
      else {
        need(node.size)
        e.line(`const ${v} = bytes.subarray(pos, pos + ${lit(node.size)}); pos += ${lit(node.size)};`)
      }
      return v
    }
    case 'utf8':
      return emitUtf8(e, node.inner.node, ctx, fail)
    case 'text': {
      const raw = emitDecode(e, node.inner.node, ctx)
      const v = e.fresh('t')
      e.line(`const ${v} = ${e.constant(decodeText)}(${str(node.encoding)}, ${raw}); if (typeof ${v} !== 'string') ${fail}`)
      return v
    }
    case 'terminated': {
      const at = e.fresh('at')
      const v = e.fresh()
      e.line(`const ${at} = ${e.constant(findTerminator)}(bytes, pos, ${ctx.limit}, ${e.constant(node.terminator)}); if (${at} < 0) ${fail}`)
      e.line(`const ${v} = bytes.subarray(pos, ${at}); pos = ${at} + ${node.terminator.length};`)
      return v
    }
    case 'padded': {
      need(node.width)
      const v = e.fresh()
      e.line(`const ${v} = bytes.subarray(pos, ${e.constant(paddedEnd)}(bytes, pos, pos + ${node.width}, ${e.constant(node.pad)})); pos += ${node.width};`)
      return v
    }
    case 'untilLast': {
      // The region's end moves; a failure reruns the interpreter, which
      // tells an input cut short (incomplete) from a short region.
      const end = e.fresh('end')
      e.line(`const ${end} = ${ctx.limit} - ${node.reserve}; if (${end} < pos) ${fail}`)
      const v = emitDecode(e, node.inner.node, { ...ctx, limit: end, regions: ctx.regions + 1 })
      e.line(`if (pos !== ${end}) ${fail}`)
      return v
    }
    case 'constant': {
      const n = node.bytes.length
      if (n === 0) return 'undefined'
      need(n)
      const checks = Array.from(node.bytes, (b, i) => `bytes[pos + ${i}] !== ${b}`).join(' || ')
      e.line(`if (${checks}) ${fail} pos += ${n};`)
      return 'undefined'
    }
    case 'marker': {
      const v = emitDecode(e, node.inner.node, { ...ctx, marker: true })
      e.line(`${committedOf(e)} = true;`)
      return v
    }
    case 'bits':
      return emitBits(e, node, ctx, fail)
    case 'struct':
      if (usesScope(node) && scopedStructSupported(node)) return emitScopedStruct(e, node, ctx, emitDecode)
      return emitStruct(e, node, ctx)
    case 'inline':
    case 'named':
      return emitDecode(e, node.inner.node, filler ? { ...ctx, filler: true } : ctx)
    case 'enum': {
      const code = emitDecode(e, node.inner.node, ctx)
      const entries = [...node.names]
      if (entries.some(([c]) => typeof c !== 'number' || Number.isNaN(c))) return callInterpreter(e, node, ctx, fail)
      const v = e.fresh()
      e.line(`let ${v}; switch (${code}) {`)
      for (const [c, name] of entries) e.line(`case ${lit(c)}: ${v} = ${str(name)}; break;`)
      e.line(`default: ${fail} }`)
      return v
    }
    case 'range': {
      const v = emitDecode(e, node.inner.node, ctx)
      // "Not inside", so that NaN is refused, as by the interpreter.
      e.line(`if (!(${v} >= ${lit(node.min)} && ${v} <= ${lit(node.max)})) ${fail}`)
      return v
    }
    case 'refine': {
      const v = emitDecode(e, node.inner.node, ctx)
      const check = e.constant(node.check)
      const ok = e.fresh('ok')
      e.line(`let ${ok}; try { ${ok} = ${check}(${v}); } catch { ${ok} = false; } if (!${ok}) ${fail}`)
      return v
    }
    case 'map': {
      const d = node.discriminant
      const struct = node.inner.node
      // The interpreter fills the object of a `tagged` struct in place (fill.ts).
      const innerCtx = fillerOf(node, decoderOf) !== undefined ? { ...ctx, filler: true } : ctx
      if (d !== undefined && struct.tag === 'struct' && (flattenable(struct) !== undefined || (usesScope(struct) && scopedStructSupported(struct)))) {
        // `tagged` over a struct: one literal, the discriminant first, as
        // `{ [key]: value, ...struct }` would make it.
        const entries: Entry[] = [{ key: d.key, value: str(d.value) }]
        emitDecode(e, struct, { ...innerCtx, collect: { node: struct, entries } })
        return objectFrom(e, entries)
      }
      const inner = emitDecode(e, node.inner.node, innerCtx)
      const f = e.constant(node.decode)
      const v = e.fresh()
      e.line(`let ${v}; try { ${v} = ${f}(${inner}); } catch { ${fail} }`)
      return v
    }
    case 'array': {
      if (typeof node.count !== 'number' && node.count.node.tag !== 'expr' && !analysisOf(node.count.node).kind.integral) return callInterpreter(e, node, ctx, fail)
      // Items of no bytes under a count from the wire (a lazy item array()
      // could not size): the interpreter refuses them item by item.
      if (typeof node.count !== 'number' && sizeBounds(node.item).min === 0) return callInterpreter(e, node, ctx, fail)
      const n = typeof node.count === 'number' ? String(node.count) : countOf(e, node.count.node, ctx, fail)
      const minItem = sizeBounds(node.item).min
      const v = e.fresh('a')
      e.line(`if (${n} * ${minItem} > ${ctx.limit} - pos) ${fail}`)
      const i = e.fresh('i')
      e.line(`const ${v} = []; for (let ${i} = 0; ${i} < ${n}; ${i}++) {`)
      const item = emitDecode(e, node.item.node, deeper(ctx))
      e.line(`${v}.push(${item}); }`)
      return v
    }
    case 'many': {
      const v = e.fresh('a')
      const before = e.fresh('p')
      e.line(`const ${v} = []; while (pos < ${ctx.limit}) { const ${before} = pos;`)
      const item = emitDecode(e, node.item.node, deeper(ctx))
      e.line(`if (pos === ${before}) ${fail} ${v}.push(${item}); }`)
      return v
    }
    case 'sized': {
      if (typeof node.length !== 'number' && node.length.node.tag !== 'expr' && !analysisOf(node.length.node).kind.integral) return callInterpreter(e, node, ctx, fail)
      const n = typeof node.length === 'number' ? String(node.length) : countOf(e, node.length.node, ctx, fail)
      need(n)
      const end = e.fresh('end')
      e.line(`const ${end} = pos + ${n};`)
      const v = emitDecode(e, node.inner.node, { ...ctx, limit: end, regions: ctx.regions + 1 })
      e.line(`if (pos !== ${end}) ${fail}`)
      return v
    }
    case 'dependent':
      return emitDependent(e, node, ctx, fail, filler)
    case 'checksum': {
      const start = e.fresh('start')
      e.line(`const ${start} = pos;`)
      const v = emitDecode(e, node.inner.node, ctx)
      const innerEnd = e.fresh('innerEnd')
      e.line(`const ${innerEnd} = pos;`)
      const found = emitDecode(e, node.field.node, ctx)
      const skip = node.skipStart + node.skipEnd
      if (skip > 0) e.line(`if (${innerEnd} - ${start} < ${lit(skip)}) ${fail}`)
      const algorithm = e.constant(node.algorithm)
      e.line(`if (${found} !== ${algorithm}.compute(bytes, ${start} + ${lit(node.skipStart)}, ${innerEnd} - ${lit(node.skipEnd)})) ${fail}`)
      return v
    }
    case 'oneOf':
      return emitOneOf(e, node, ctx, fail)
    case 'custom': {
      const f = e.constant(node.decode)
      const start = e.fresh('start')
      e.line(`const ${start} = pos;`)
      const v = callOut(e, ctx, fail, (state) => `${f}(${state})`, true)
      // As the interpreter: hand-written code may skip `has`, and must not
      // leave the cursor outside its region.
      e.line(`if (pos < ${start} || pos > ${ctx.limit} || !Number.isInteger(pos)) ${fail}`)
      return v
    }
    case 'derived':
      // Read as its inner grammar; the enclosing struct binds it.
      return emitDecode(e, node.inner.node, ctx)
    case 'expr':
      return emitExpr(e, node.expr, ctx, fail)
    case 'checksumField':
      // Only a struct's own fields are compiled (emit-scope.ts); elsewhere the interpreter reads it into the struct's frame.
    // A predicate per item and a recursion bound: the interpreter's, which
    // also keeps code generation from following a cycle.
    case 'repeatUntil':
    case 'lazy':
      return callInterpreter(e, node, ctx, fail)
  }
  return unreachable(node)
}




/** Where generated code keeps the commit flag of markers: the state's, or a local of a stateless decoder. */
function committedOf(e: Emitter): string {
  return e.stateless ? 'committed' : 's.committed'
}

/** An expression reading a fixed-width integer at `pos` from `bytes`. */
function readInt(size: 1 | 2 | 3 | 4, signed: boolean, littleEndian: boolean): string {
  const at = (i: number) => `bytes[pos + ${littleEndian ? size - 1 - i : i}]` // i-th most significant byte
  switch (size) {
    case 1:
      return signed ? '(bytes[pos] << 24) >> 24' : 'bytes[pos]'
    case 2:
      return signed ? `((${at(0)} << 24) >> 16) | ${at(1)}` : `(${at(0)} << 8) | ${at(1)}`
    case 3:
      return signed ? `((${at(0)} << 24) >> 8) | (${at(1)} << 8) | ${at(2)}` : `(${at(0)} << 16) | (${at(1)} << 8) | ${at(2)}`
    case 4: {
      const low = `(${at(1)} << 16) | (${at(2)} << 8) | ${at(3)}`
      return signed ? `(${at(0)} << 24) | ${low}` : `${at(0)} * 16777216 + (${low})`
    }
  }
}

/** A length or count from the wire: it must be a non-negative safe integer. */
function countOf(e: Emitter, node: Node, ctx: Ctx, fail: string): string {
  const n = emitDecode(e, node, ctx)
  if (!analysisOf(node).kind.natural) e.line(`if (!Number.isSafeInteger(${n}) || ${n} < 0) ${fail}`)
  return n
}

/**
 * Hands the state to code outside this function (an interpreter closure or
 * a user's custom decoder): the state's cursor, region end and depth are set
 * as the interpreter would have them, and restored after.
 */
function callOut(e: Emitter, ctx: Ctx, fail: string, call: (state: string) => string, catches: boolean): string {
  const v = e.fresh()
  // Inside structs that keep names, the callee sees them as the
  // interpreter's frames (and may bind more in the innermost).
  let enter = ''
  let leave = ''
  if (ctx.frame !== undefined) {
    enter += ` s.scope = ${materialize(e, ctx.frame)};`
    leave += ' s.scope = S0;'
    ctx.frame.calledOut = true
  }
  if (ctx.leak !== undefined) {
    enter += ` s.joinScope = ${ctx.leak};`
    leave += ` ${ctx.leak} = s.joinScope; s.joinScope = false;`
  }
  if (e.stateless) {
    // A stateless decoder has no state until code calls out: the callee
    // gets one as a fresh decode would have it, with the markers' commit.
    e.line(`if (s === undefined) s = new ${e.constant(DecodeState)}(bytes, start); s.committed = committed;`)
    leave += ' committed = s.committed;'
  }
  e.line(`s.pos = pos; s.limit = ${ctx.limit}; s.regions = R0 + ${ctx.regions};${enter} let ${v};`)
  if (catches) {
    const threw = e.fresh('threw')
    e.line(`let ${threw} = false; try { ${v} = ${call('s')}; } catch { ${threw} = true; }`)
    e.line(`s.limit = L0; s.regions = R0;${leave} if (${threw} || s.error !== undefined) ${fail} pos = s.pos;`)
  } else {
    e.line(`${v} = ${call('s')};`)
    e.line(`s.limit = L0; s.regions = R0;${leave} if (s.error !== undefined) ${fail} pos = s.pos;`)
  }
  return v
}

/** The interpreter's closure for a subtree the compiler does not specialise. */
function callInterpreter(e: Emitter, node: Node, ctx: Ctx, fail: string): string {
  const f = e.constant(decoderOf(node))
  return callOut(e, ctx, fail, (state) => `${f}(${state})`, false)
}

function emitUtf8(e: Emitter, inner: Node, ctx: Ctx, fail: string): string {
  const v = e.fresh('t')
  const decodeRange = e.constant(utf8Range)
  const failSentinel = e.constant(FAIL)
  // Bytes that are the rest of a length-prefixed region are decoded in place,
  // without a view per string.
  if (inner.tag === 'sized' && inner.inner.node.tag === 'bytes' && inner.inner.node.size === undefined) {
    const length = inner.length
    if (typeof length === 'number' || analysisOf(length.node).kind.integral) {
      const n = typeof length === 'number' ? String(length) : countOf(e, length.node, ctx, fail)
      e.line(`if (!(pos + ${n} <= ${ctx.limit})) ${fail}`)
      e.line(`const ${v} = ${decodeRange}(bytes, pos, pos + ${n}); if (${v} === ${failSentinel}) ${fail} pos += ${n};`)
      return v
    }
  }
  // Bytes of a known extent (the rest of the region, or a fixed size):
  // decoded in place too.
  if (inner.tag === 'bytes') {
    const end = inner.size === undefined ? ctx.limit : `pos + ${lit(inner.size)}`
    if (inner.size !== undefined) e.line(`if (!(pos + ${lit(inner.size)} <= ${ctx.limit})) ${fail}`)
    e.line(`const ${v} = ${decodeRange}(bytes, pos, ${end}); if (${v} === ${failSentinel}) ${fail} pos = ${end};`)
    return v
  }
  const raw = emitDecode(e, inner, ctx)
  e.line(`const ${v} = ${decodeRange}(${raw}, 0, ${raw}.length); if (${v} === ${failSentinel}) ${fail}`)
  return v
}

function emitBits(e: Emitter, node: BitsNode, ctx: Ctx, fail: string): string {
  const { size } = node
  // A name that sets the prototype in a literal: the interpreter defines it.
  if (node.fields.some(([name]) => name === '__proto__')) return callInterpreter(e, node, ctx, fail)
  e.line(`if (!(pos + ${size} <= ${ctx.limit})) ${fail}`)
  const word = e.fresh('w')
  // The word in the bit order's byte order (see bit-layout.ts): byte i is
  // the word's byte `low(i)` counted from its least significant end.
  const low = (i: number): number => (node.lsbFirst ? i : size - 1 - i)
  const bytesAt = Array.from({ length: size }, (_, i) => i)
  // Up to 32 bits in int32 operations; up to 48 in exact double
  // arithmetic; past that in bigints.
  const kind = size <= 4 ? 'int32' : size <= 6 ? 'double' : 'bigint'
  if (kind === 'int32') e.line(`const ${word} = (${bytesAt.map((i) => `(bytes[pos + ${i}] << ${8 * low(i)})`).join(' | ')}) >>> 0;`)
  else if (kind === 'double') e.line(`const ${word} = ${bytesAt.map((i) => `bytes[pos + ${i}] * ${lit(2 ** (8 * low(i)))}`).join(' + ')};`)
  else e.line(`const ${word} = ${bytesAt.map((i) => `(BigInt(bytes[pos + ${i}]) << ${lit(BigInt(8 * low(i)))})`).join(' | ')};`)
  const entries: string[] = []
  const outer: string[] = []
  for (const { name, field, shift, big } of bitLayout(node)) {
    const { width } = field
    // The field's bits, unsigned, as a number (as a bigint when `big`).
    let value: string
    if (kind === 'int32') value = width === 32 ? word : `((${word} >>> ${shift}) & ${lit(2 ** width - 1)})`
    else if (kind === 'double') value = `(Math.floor(${word} / ${lit(2 ** shift)}) % ${lit(2 ** width)})`
    else value = `BigInt.as${field.kind === 'int' ? 'Int' : 'Uint'}N(${width}, ${word} >> ${lit(BigInt(shift))})`
    if (kind === 'bigint' && !big) value = `Number(${value})`
    if (field.kind !== 'constant') {
      let read = value
      if (field.kind === 'flag') read = `${value} === 1`
      else if (field.kind === 'int') {
        if (kind === 'int32') read = width === 32 ? `(${word} | 0)` : `((${value} << ${32 - width}) >> ${32 - width})`
        else if (kind === 'double') {
          const raw = e.fresh('b')
          e.line(`const ${raw} = ${value};`)
          read = `(${raw} >= ${lit(2 ** (width - 1))} ? ${raw} - ${lit(2 ** width)} : ${raw})`
        }
      }
      // Bit fields can be referred to by name (derived ones only so).
      const b = e.fresh('b')
      e.line(`const ${b} = ${read};`)
      if (ctx.frame !== undefined) bind(e, ctx, name, b)
      else outer.push(`S0.vars[${str(name)}] = ${b};`)
      if (field.derived !== true) entries.push(`${str(name)}: ${b}`)
    } else {
      const onMismatch = field.marker ? `{ ${committedOf(e)} = false; ${fail} }` : fail
      e.line(`if (${value} !== ${lit(field.value)}) ${onMismatch}`)
      if (field.marker) e.line(`${committedOf(e)} = true;`)
    }
  }
  // Outside any struct that keeps names, they go to the caller's frame, if any.
  if (outer.length > 0) e.line(`if (S0 !== undefined) { ${outer.join(' ')} }`)
  const v = e.fresh('o')
  e.line(`const ${v} = { ${entries.join(', ')} }; pos += ${size};`)
  return v
}

function emitStruct(e: Emitter, node: StructNode, ctx: Ctx): string {
  // A `__proto__` key sets the prototype in a literal: leave it to the interpreter.
  if (node.fields.some(([key]) => key === '__proto__') || usesScope(node)) return callInterpreter(e, node, ctx, ctx.marker ? `{ ${committedOf(e)} = false; ${ctx.fail}; }` : `${ctx.fail};`)
  if (ctx.collect !== undefined && ctx.collect.node === node) {
    // This struct is inlined into an enclosing one: its fields join that
    // struct's value instead of making an object of their own.
    collectFields(e, node, { ...ctx, collect: undefined }, ctx.collect.entries)
    return 'undefined'
  }
  const entries: Entry[] = []
  collectFields(e, node, { ...ctx, collect: undefined }, entries)
  return objectFrom(e, entries)
}

function collectFields(e: Emitter, node: StructNode, ctx: Ctx, entries: Entry[]): void {
  for (const [key, grammar] of node.fields) {
    const child = grammar.node
    // The field's name, so that generated code read in a profiler or a stack trace says where it is.
    e.line(comment(`field ${key}`))
    if (child.tag !== 'inline') {
      const v = emitDecode(e, child, ctx)
      if (!producesNoValue(child)) entries.push({ key, value: v })
      continue
    }
    const inner = child.inner.node
    const flat = flattenable(inner)
    // As the interpreter's struct filler: an inline field with a filler of its own is filled in place.
    const innerCtx = fillerOf(child, decoderOf) !== undefined ? { ...ctx, filler: true } : ctx
    if (flat !== undefined) {
      emitDecode(e, inner, { ...innerCtx, collect: { node: flat, entries } })
      continue
    }
    const v = emitDecode(e, inner, innerCtx)
    entries.push({ spread: v, fresh: analysisOf(inner).kind.freshObject })
  }
}

/** The struct whose fields an inline can merge at compile time, if any. */
function flattenable(node: Node): StructNode | undefined {
  switch (node.tag) {
    case 'struct':
      return node.fields.some(([key]) => key === '__proto__') || usesScope(node) ? undefined : node
    case 'sized':
    case 'untilLast':
    case 'checksum':
    case 'marker':
    case 'named':
    case 'inline':
      return flattenable(node.inner.node)
    case 'int':
    case 'bigint':
    case 'float':
    case 'uleb128':
    case 'bytes':
    case 'utf8':
    case 'text':
    case 'terminated':
    case 'padded':
    case 'constant':
    case 'bits':
    case 'enum':
    case 'range':
    case 'refine':
    case 'map':
    case 'array':
    case 'many':
    case 'repeatUntil':
    case 'lazy':
    case 'dependent':
    case 'oneOf':
    case 'custom':
    case 'derived':
    case 'expr':
    case 'checksumField':
      return undefined
  }
  return unreachable(node)
}

function emitDependent(e: Emitter, node: DependentNode, ctx: Ctx, fail: string, filler: boolean): string {
  const key = emitDecode(e, node.head.node, ctx)
  // The head can be referred to by name, by the body or later fields (not where the interpreter fills the value in place).
  if (!filler) bind(e, ctx, node.headName, key)
  const v = e.fresh('d')
  const keys = Object.keys(node.cases)
  // An expression's value is a number or a boolean: with whole-number
  // cases only, a boolean matches none of them either way.
  const exprOfNumbers = node.head.node.tag === 'expr' && keys.every((k) => Number.isSafeInteger(Number(k)) && String(Number(k)) === k)
  const numeric = analysisOf(node.head.node).kind.integral || exprOfNumbers
  const textual = analysisOf(node.head.node).kind.stringValued
  const caseCtx: Ctx = { ...deeper(ctx), filler }
  const subject = numeric || textual ? key : `${e.constant(caseKey)}(${key})`
  e.line(`let ${v}; switch (${subject}) {`)
  for (const k of keys) {
    let label: string
    if (numeric) {
      // A number's String() is only ever in canonical form.
      if (String(Number(k)) !== k) continue
      label = k
    } else label = str(k)
    e.line(`case ${label}: {`)
    const body = emitDecode(e, (node.cases[k] as { node: Node }).node, caseCtx)
    e.line(`${v} = ${body}; break; }`)
  }
  e.line('default: {')
  if (node.otherwise === undefined) e.line(fail)
  else {
    const otherwise = e.constant(node.otherwise)
    const g = e.fresh('g')
    // A user's `otherwise` that throws is a failure, as in the interpreter.
    e.line(`let ${g}; try { ${g} = ${otherwise}(${key}).node; } catch { ${fail} }`)
    const openCall = (): void => {
      const body = e.fresh('body')
      e.line(`const ${body} = ${e.constant(ctx.open)}(${g}, ${e.constant(node)});`)
      const value = callOut(e, caseCtx, fail, (state) => `${body}(${state})`, false)
      e.line(`${v} = ${value};`)
    }
    // The one grammar this site has given so far, decoded in line when it
    // comes again (not where the interpreter's joinScope may be set: the
    // interpreter would join its struct to the enclosing one).
    const usual = ctx.leak === undefined && ctx.inlined?.has(node) !== true ? openFeedback(node) : undefined
    if (usual === undefined) openStatelessCall(e, caseCtx, g, key, v, fail, openCall)
    else {
      e.line(`if (${g} === ${e.constant(usual)}) {`)
      const inlined = new Set(ctx.inlined ?? [])
      inlined.add(node)
      const body = emitDecode(e, usual, { ...caseCtx, inlined })
      e.line(`${v} = ${body}; } else {`)
      openCall()
      e.line('}')
    }
  }
  e.line('} }')
  return v
}

/**
 * In a stateless decoder, outside structs that keep names: the grammar an
 * otherwise gave is decoded by its own stateless decoder, where it has one,
 * with the region's end and no state to set up and restore. Elsewhere, and
 * for grammars without one, `callOut` runs.
 */
function openStatelessCall(e: Emitter, ctx: Ctx, g: string, key: string, v: string, fail: string, callOut: () => void): void {
  const calls = statelessCalls(e, ctx)
  if (calls === undefined) {
    callOut()
    return
  }
  const decoder = e.fresh('m')
  e.line(`const ${decoder} = ${e.constant(siteCache(calls.open))}(${g}, ${key}); if (${decoder} !== undefined) {`)
  const value = callStateless(e, decoder, ctx.limit)
  e.line(`if (${value} === ${e.constant(FAIL)}) ${fail} pos = ${e.constant(statelessEnd)}.pos; ${v} = ${value}; } else {`)
  callOut()
  e.line('}')
}

/**
 * The stateless decoders one `dependentOpen` site has used, by head value
 * where it is a byte (a tag, as in TLV records), in front of the lookup by
 * grammar (a WeakMap): an array read and a comparison instead of a hash
 * lookup per field. The grammar is compared, so an otherwise that gives
 * another grammar for the same head is still decoded by its own.
 */
function siteCache(open: StatelessCalls['open']): (g: Node, key: unknown) => StatelessFn | undefined {
  const grammars: (Node | undefined)[] = new Array<Node | undefined>(256).fill(undefined)
  const decoders: (StatelessFn | undefined)[] = new Array<StatelessFn | undefined>(256).fill(undefined)
  return (g, key) => {
    if (typeof key !== 'number' || !(key >= 0 && key < 256) || (key | 0) !== key) return open(g)
    if (grammars[key] === g) return decoders[key]
    const fn = open(g)
    if (fn !== undefined) {
      grammars[key] = g
      decoders[key] = fn
    }
    return fn
  }
}

/** Where other grammars may be decoded by their own stateless decoders: in a stateless decoder, where no struct keeps names. */
function statelessCalls(e: Emitter, ctx: Ctx): StatelessCalls | undefined {
  return e.stateless && ctx.frame === undefined && ctx.leak === undefined ? ctx.stateless : undefined
}

/**
 * Calls a stateless decoder from `pos` to `limit` and returns the local
 * holding what it returned. Its markers' commit is this decoder's too,
 * whether it failed or not; where it threw, so does this one (to its own
 * catch, which gives up), as where its code is in line.
 */
function callStateless(e: Emitter, decoder: string, limit: string): string {
  const value = e.fresh()
  e.line(`const ${value} = ${decoder}(bytes, pos, ${limit}); if (${value} === ${e.constant(THREW)}) throw ${value}; if (${e.constant(statelessEnd)}.committed) committed = true;`)
  return value
}

function emitOneOf(e: Emitter, node: OneOfNode, ctx: Ctx, fail: string): string {
  const start = e.fresh('start')
  const outer = e.fresh('committed')
  const v = e.fresh('r')
  const done = e.label()
  const committed = committedOf(e)
  // A state made by a call-out keeps the error of a failed alternative.
  const clearError = e.stateless ? 'if (s !== undefined) s.error = undefined;' : 's.error = undefined;'
  e.line(`const ${start} = pos; const ${outer} = ${committed}; let ${v};`)
  e.line(`${done}: {`)
  // Try only the alternatives whose first byte can match (nom's `alt`
  // dispatch by peeking); one that failed uncommitted leaves the next.
  const tryList = (indices: number[]): void => {
    for (const i of indices) {
      const alternative = node.alternatives[i] as NamedNode
      const label = e.label()
      e.line(`${label}: { pos = ${start}; ${clearError} ${committed} = false;`)
      // In a stateless decoder, each alternative is a stateless decoder of
      // its own, called: one large function for all of them ran detection
      // 2-6 % slower than calls to the alternatives' own (measured on
      // Node 20), which are also the functions `decode` runs for them.
      const own = statelessCalls(e, ctx)?.of(alternative.inner.node)
      let value: string
      if (own === undefined) value = emitDecode(e, alternative.inner.node, { ...deeper(ctx), fail: `break ${label}`, marker: false, collect: undefined, join: undefined })
      else {
        value = callStateless(e, e.constant(own), ctx.limit)
        e.line(`if (${value} === ${e.constant(FAIL)}) break ${label}; pos = ${e.constant(statelessEnd)}.pos;`)
      }
      e.line(`${v} = { protocol: ${str(alternative.name)}, value: ${value} }; break ${done}; }`)
      e.line(`if (${committed}) { ${committed} = ${outer}; ${fail} }`)
    }
    e.line(`${committed} = ${outer}; ${fail}`)
  }
  const sets = node.alternatives.map((a) => analysisOf(a).firstBytes)
  // An alternative that fails still leaves the names it bound in the
  // enclosing struct's frame: where later fields may read them, every
  // alternative is tried in order, as by the interpreter.
  const inOrder = ctx.frame !== undefined && node.alternatives.some((a) => mayBind(a.inner.node))
  if (inOrder || sets.every((set) => set === ANY_BYTE)) tryList(sets.map((_, i) => i))
  else {
    const groups = new Map<string, { bytes: number[]; indices: number[] }>()
    for (let b = 0; b < 256; b++) {
      const indices = sets.flatMap((set, i) => (hasByte(set, b) ? [i] : []))
      const id = indices.join(',')
      const group = groups.get(id) ?? { bytes: [], indices }
      group.bytes.push(b)
      groups.set(id, group)
    }
    const anyByte = sets.flatMap((set, i) => (set === ANY_BYTE ? [i] : []))
    e.line(`if (pos < ${ctx.limit}) { switch (bytes[pos]) {`)
    for (const group of groups.values()) {
      if (group.indices.join(',') === anyByte.join(',')) continue
      e.line(`${group.bytes.map((b) => `case ${b}:`).join(' ')} {`)
      tryList(group.indices)
      e.line('}')
    }
    e.line('}')
    tryList(anyByte)
    // No input left: rare, and the interpreter knows what each alternative says.
    e.line(`} else { ${committed} = ${outer}; ${fail} }`)
  }
  e.line('}')
  e.line(`${committed} = ${outer};`)
  return v
}

type NamedNode = OneOfNode['alternatives'][number]
