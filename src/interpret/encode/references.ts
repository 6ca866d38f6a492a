// Encoders of references between fields. A struct that holds derived
// fields leaves room for them, encodes the rest, then solves what the
// references said (sizes, counts, presence, cases) for the derived values,
// writes them, checks every reference, and fills in checksum fields.
import type { Expr } from '../../grammar/expression.js'
import type { BitsNode, ChecksumFieldNode, ExprNode, Node, StructNode } from '../../grammar/node.js'
import type { EncodeState } from '../../runtime/encode-state.js'
import { prependPath } from '../../runtime/error-path.js'
import { lookupIn, type EncodeFrame, type PendingChecksum } from '../../runtime/scope.js'
import { evaluate, MISSING, refsOf, showExpr, solve } from '../../grammar/evaluate.js'
import { checksumOver } from '../checksum-region.js'
import type { EncodeFn, EncoderOf } from './encode-fn.js'
import { producesNoValue } from '../../analysis/void-value.js'
import { sizeBounds } from '../../analysis/index.js'
import { showValue } from '../show-value.js'

export function exprEncoder(node: ExprNode): EncodeFn {
  const { expr } = node
  return (s, v) => {
    if (typeof v !== 'number' && typeof v !== 'boolean') return s.fail('type', `${showExpr(expr)} must be a number or boolean, got ${showValue(v)}`)
    const frame = s.scope
    if (frame === undefined) return s.fail('invalid', `grammar error: ${showExpr(expr)} refers to fields, but stands in no struct`)
    frame.equations.push({ expr, target: v })
  }
}

export function derivedEncoder(): EncodeFn {
  return (s) => s.fail('invalid', 'grammar error: a derived field must stand directly in a struct')
}

/**
 * A checksum field below its struct (inside `optional` or a mapping): as
 * the struct does for one of its own fields, room is left and the struct
 * fills it in when it ends.
 */
export function checksumFieldEncoder(node: ChecksumFieldNode, encoderOf: EncoderOf): EncodeFn {
  const field = encoderOf(node.field.node)
  const size = sizeBounds(node.field).max
  return (s, v) => {
    const frame = s.scope
    if (frame === undefined) return s.fail('invalid', 'grammar error: a checksum field must stand in a struct')
    if (node.policy !== 'verify' && v !== undefined) return field(s, v)
    const offset = s.pos
    s.reserve(size)
    s.bytes.fill(0, offset, offset + size)
    s.pos += size
    frame.checks.push({ name: '', offset, size, stored: 0, node })
  }
}

const VALUE = 0
const HIDDEN = 1
const INLINE = 2
const DERIVED = 3
const DERIVED_BITS = 4
const CHECKSUM = 5

interface Field {
  readonly key: string
  readonly mode: number
  readonly encode: EncodeFn
  readonly size: number
  /** Bit field names to make known (all) and to solve (derived). */
  readonly bitNames: readonly string[]
  readonly derivedBits: readonly string[]
  readonly checksum: ChecksumFieldNode | undefined
}

function bitsOf(node: Node): BitsNode | undefined {
  if (node.tag === 'bits') return node
  if (node.tag === 'named') return bitsOf(node.inner.node)
  return undefined
}

/** A struct that keeps its fields by name, for references, derived and checksum fields. */
export function scopedStructEncoder(node: StructNode, encoderOf: EncoderOf): EncodeFn {
  const fields: Field[] = node.fields.map(([key, g]) => {
    const n = g.node
    const bits = bitsOf(n)
    const bitNames = bits === undefined ? [] : bits.fields.filter(([, f]) => f.kind !== 'constant').map(([name]) => name)
    const derivedBits = bits === undefined ? [] : bits.fields.filter(([, f]) => f.kind !== 'constant' && f.derived === true).map(([name]) => name)
    const mode =
      n.tag === 'inline' ? INLINE : n.tag === 'derived' ? DERIVED : n.tag === 'checksumField' ? CHECKSUM : derivedBits.length > 0 ? DERIVED_BITS : producesNoValue(n) ? HIDDEN : VALUE
    const encode = n.tag === 'derived' ? encoderOf(n.inner.node) : n.tag === 'checksumField' ? encoderOf(n.field.node) : encoderOf(n)
    return { key, mode, encode, size: sizeBounds(n).max, bitNames, derivedBits, checksum: n.tag === 'checksumField' ? n : undefined }
  })
  return (s, v) => {
    if (typeof v !== 'object' || v === null) return s.fail('type', 'expected an object')
    const record = v as Record<string, unknown>
    const parent = s.scope
    const joined = s.joinScope && parent !== undefined
    s.joinScope = false
    const frame: EncodeFrame = joined
      ? { ...parent, start: s.pos, checks: [] }
      : { vars: Object.create(null), parent, start: s.pos, unknowns: new Set(), equations: [], deferred: [], checks: [] }
    for (const key of Object.keys(record)) frame.vars[key] = record[key]
    s.scope = frame
    for (const f of fields) {
      const checks = frame.checks.length
      encodeField(s, f, record, frame)
      s.joinScope = false
      // A checksum field below this one (in `optional`, say) is named by it.
      for (let i = checks; i < frame.checks.length; i++) if ((frame.checks[i] as PendingChecksum).name === '') (frame.checks[i] as PendingChecksum).name = f.key
      if (s.error !== undefined) {
        s.scope = parent
        if (f.mode !== INLINE) prependPath(s, f.key)
        return
      }
    }
    s.scope = parent
    for (const check of frame.checks) {
      // Checks handed up by inlined structs keep their own regions.
      check.start ??= frame.start
      check.end ??= s.pos
    }
    // An inlined struct's derived fields and checksums are its parent's to finish.
    if (joined) return void parent.checks.push(...frame.checks)
    finish(s, frame, encoderOf)
  }
}

function encodeField(s: EncodeState, f: Field, record: Record<string, unknown>, frame: EncodeFrame): void {
  switch (f.mode) {
    case VALUE:
    case HIDDEN: {
      const value = f.mode === VALUE ? record[f.key] : undefined
      if (f.bitNames.length > 0 && typeof value === 'object' && value !== null) {
        for (const name of f.bitNames) frame.vars[name] = (value as Record<string, unknown>)[name]
      }
      return f.encode(s, value)
    }
    case INLINE:
      s.joinScope = true
      return f.encode(s, record)
    case DERIVED:
    case DERIVED_BITS: {
      const offset = s.pos
      s.reserve(f.size)
      s.bytes.fill(0, offset, offset + f.size)
      s.pos += f.size
      const given = (record[f.key] ?? {}) as Record<string, unknown>
      if (f.mode === DERIVED) {
        frame.unknowns.add(f.key)
        delete frame.vars[f.key]
        frame.deferred.push({ key: f.key, offset, size: f.size, encode: f.encode, value: () => frame.vars[f.key] })
        return
      }
      for (const name of f.bitNames) frame.vars[name] = given[name]
      for (const name of f.derivedBits) {
        frame.unknowns.add(name)
        delete frame.vars[name]
      }
      const value = () => {
        const merged: Record<string, unknown> = { ...given }
        for (const name of f.derivedBits) merged[name] = frame.vars[name]
        return merged
      }
      frame.deferred.push({ key: f.key, offset, size: f.size, encode: f.encode, value })
      return
    }
    case CHECKSUM: {
      // An unverified checksum given in the value is written as it is (a
      // capture re-encodes byte for byte); left out, it is computed.
      const given = record[f.key]
      if (f.checksum?.policy !== 'verify' && given !== undefined) return f.encode(s, given)
      const offset = s.pos
      s.reserve(f.size)
      s.bytes.fill(0, offset, offset + f.size)
      s.pos += f.size
      frame.checks.push({ name: f.key, offset, size: f.size, stored: 0, node: f.checksum as ChecksumFieldNode })
      return
    }
  }
}

function finish(s: EncodeState, frame: EncodeFrame, encoderOf: EncoderOf): void {
  const lookup = (name: string) => lookupIn(frame, name, MISSING)
  // Solve: each equation with one unknown gives it; repeat while that helps.
  let progress = frame.unknowns.size > 0
  while (progress) {
    progress = false
    for (const eq of frame.equations) {
      const solved = solve(eq.expr as Expr, eq.target, lookup, (name) => frame.unknowns.has(name))
      if (solved === undefined) continue
      if (typeof solved === 'string') return s.fail('invalid', `cannot derive a field: ${solved}`)
      frame.vars[solved.name] = solved.value
      frame.unknowns.delete(solved.name)
      progress = true
    }
  }
  for (const name of frame.unknowns) return s.fail('invalid', `cannot derive ${name}: no size, count, presence or case refers to it`)
  const end = s.pos
  for (const d of frame.deferred) {
    s.pos = d.offset
    d.encode(s as never, d.value())
    if (s.error === undefined && s.pos !== d.offset + d.size) s.fail('invalid', `derived field ${d.key} must take ${d.size} byte(s)`)
    if (s.error !== undefined) {
      s.pos = end
      return prependPath(s, d.key)
    }
  }
  s.pos = end
  // Check every reference; those naming an enclosing struct's unknowns are its to check.
  for (const eq of frame.equations) {
    if (refsOf(eq.expr as Expr).some((name) => isUnknownAbove(frame, name))) {
      frame.parent?.equations.push(eq)
      continue
    }
    const actual = evaluate(eq.expr as Expr, lookup)
    if (actual !== eq.target) {
      return s.fail(typeof eq.target === 'number' ? 'length' : 'invalid', `${showExpr(eq.expr as Expr)} is ${typeof actual === 'string' ? actual : showValue(actual)}, but the value needs ${showValue(eq.target)}`)
    }
  }
  const order = checksumOrder(frame.checks)
  if (typeof order === 'string') return s.fail('invalid', order)
  const waiting = new Set<PendingChecksum>()
  for (const check of order) {
    // A context naming an enclosing struct's derived field (a pseudo-header
    // of the packet's protocol or length) must wait until that struct has
    // solved it, as decoding sees it; so must any check over its bytes.
    if (needsAbove(check, frame) || [...waiting].some((w) => covers(check, w))) {
      waiting.add(check)
      check.scope ??= frame
      frame.parent?.checks.push(check)
      continue
    }
    fillChecksum(s, check, frame, encoderOf)
  }
}

/** Whether `outer`'s region holds `inner`'s stored bytes. */
function covers(outer: PendingChecksum, inner: PendingChecksum): boolean {
  return outer !== inner && inner.offset < (outer.end as number) && inner.offset + inner.size > (outer.start as number)
}

/**
 * The checks in an order where each is computed after every other whose
 * field lies in its region (decoding reads those as stored), or a message
 * naming two that each cover the other's field: no bytes satisfy both.
 */
function checksumOrder(checks: readonly PendingChecksum[]): PendingChecksum[] | string {
  if (checks.length < 2) return checks as PendingChecksum[]
  const order: PendingChecksum[] = []
  const state = new Map<PendingChecksum, 'visiting' | 'done'>()
  let cycle: string | undefined
  const visit = (check: PendingChecksum): void => {
    state.set(check, 'visiting')
    for (const other of checks) {
      if (cycle !== undefined || !covers(check, other)) continue
      const seen = state.get(other)
      if (seen === 'visiting') cycle = `checksum fields ${other.name} and ${check.name} each cover the other's bytes, so no value of either satisfies both; narrow one's region (an inline struct) or give one its value`
      else if (seen === undefined) visit(other)
    }
    state.set(check, 'done')
    order.push(check)
  }
  for (const check of checks) if (!state.has(check)) visit(check)
  return cycle ?? order
}

/** Whether the check's context asks for a derived field an enclosing struct has not solved yet. */
function needsAbove(check: PendingChecksum, frame: EncodeFrame): boolean {
  const context = (check.node as ChecksumFieldNode).context
  if (context === undefined || frame.parent === undefined) return false
  const scope = (check.scope as EncodeFrame | undefined) ?? frame
  let asked = false
  try {
    context.value((name) => {
      if (isUnknownAbove(scope, name)) asked = true
      return lookupIn(scope, name, MISSING)
    }, (check.end as number) - (check.start as number))
  } catch {
    // fillChecksum reports a context that throws.
  }
  return asked
}

function isUnknownAbove(frame: EncodeFrame, name: string): boolean {
  // A name of this struct's own shadows any enclosing one.
  if (name in frame.vars) return false
  for (let f = frame.parent; f !== undefined; f = f.parent) {
    if (f.unknowns.has(name)) return true
    if (name in f.vars) return false
  }
  return false
}

function fillChecksum(s: EncodeState, check: PendingChecksum, frame: EncodeFrame, encoderOf: EncoderOf): void {
  if (s.error !== undefined) return
  const start = check.start ?? frame.start
  const end = check.end ?? s.pos
  // A check deferred from an inner struct looks names up from where it stands.
  const scope = (check.scope as EncodeFrame | undefined) ?? frame
  const computed = checksumOver(s.bytes, start, end, check, (name) => lookupIn(scope, name, MISSING), encoderOf)
  if (typeof computed === 'string') {
    s.fail('invalid', computed)
    return pathOfCheck(s, check)
  }
  // No context (a TCP segment encoded alone): the field stays zero.
  if (computed === undefined) return
  const here = s.pos
  s.pos = check.offset
  encoderOf((check.node as ChecksumFieldNode).field.node)(s, computed)
  s.pos = here
  if (s.error !== undefined) pathOfCheck(s, check)
}

// A `checksummed` sum that waits for an enclosing struct has no field name
// of its own (name ''): its error keeps the path it has rather than gain
// an empty segment.
function pathOfCheck(s: EncodeState, check: PendingChecksum): void {
  if (check.name !== '') prependPath(s, check.name)
}
