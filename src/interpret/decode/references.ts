// Decoders of references between fields: expressions over earlier fields,
// and checksum fields checked when their struct ends.
import type { ChecksumFieldNode, ExprNode, StructNode } from '../../grammar/node.js'
import type { DecodeState } from '../../runtime/decode-state.js'
import { lookupIn, type DecodeFrame, type PendingChecksum } from '../../runtime/scope.js'
import { evaluate, MISSING, showExpr } from '../../grammar/evaluate.js'
import { checksumOver, hexOf } from '../checksum-region.js'
import type { DecodeFn, DecoderOf } from './decode-fn.js'
// The context bytes (a pseudo-header) are encoded from the enclosing fields.
import { encoderOf } from '../encoder.js'
import { producesNoValue } from '../../analysis/void-value.js'
import { prependPath } from '../../runtime/error-path.js'
import { sizeBounds } from '../../analysis/index.js'

export function exprDecoder(node: ExprNode): DecodeFn {
  const { expr } = node
  const shown = showExpr(expr)
  return (s) => {
    const frame = s.scope
    const v = evaluate(expr, (name) => lookupIn(frame, name, MISSING))
    // evaluate's messages about an operator already begin with its
    // expression; the whole one is named only where it is not there yet.
    if (typeof v === 'string') s.failInvalid(v.startsWith(`${shown}:`) || v.startsWith(`${shown} `) ? v : `${shown}: ${v}`)
    return v
  }
}

export function checksumFieldDecoder(node: ChecksumFieldNode, decoderOf: DecoderOf): DecodeFn {
  const field = decoderOf(node.field.node)
  const size = sizeBounds(node.field).max
  return (s) => {
    const offset = s.pos
    const stored = field(s)
    if (s.error !== undefined) return undefined
    const frame = s.scope
    if (frame === undefined) {
      s.failInvalid('grammar error: a checksum field must stand in a struct', undefined, undefined, offset)
      return undefined
    }
    ;(frame.checks ??= []).push({ name: '', offset, size, stored: stored as number, node })
    return node.policy === 'verify' ? undefined : stored
  }
}

const VALUE = 0
const HIDDEN = 1
const INLINE = 2
const CHECKSUM = 3

/** A struct that keeps its fields by name, for references and checksum fields. */
export function scopedStructDecoder(node: StructNode, decoderOf: DecoderOf): DecodeFn {
  const fields = node.fields.map(([key, g]) => ({
    key,
    decode: decoderOf(g.node),
    mode: g.node.tag === 'inline' ? INLINE : g.node.tag === 'checksumField' ? CHECKSUM : producesNoValue(g.node) ? HIDDEN : VALUE,
  }))
  return (s) => {
    const parent = s.scope
    const frame = openFrame(s)
    const out: Record<string, unknown> = {}
    for (const f of fields) {
      if (f.mode === INLINE) s.joinScope = true
      const checks = frame.checks?.length ?? 0
      const v = f.decode(s)
      s.joinScope = false
      if (s.error !== undefined) {
        s.scope = parent
        if (f.mode !== INLINE) prependPath(s, f.key)
        return undefined
      }
      // A checksum field below this one (in `optional`, say) is named by it.
      if (frame.checks !== undefined) for (let i = checks; i < frame.checks.length; i++) if ((frame.checks[i] as PendingChecksum).name === '') (frame.checks[i] as PendingChecksum).name = f.key
      if (f.mode === VALUE) out[f.key] = v
      else if (f.mode === INLINE) Object.assign(out, v)
      else if (f.mode === CHECKSUM) {
        if (v !== undefined) out[f.key] = v
        const pending = frame.checks?.[frame.checks.length - 1]
        if (pending !== undefined) pending.name = f.key
      }
      if (f.mode !== INLINE) frame.vars[f.key] = v
    }
    closeFrame(s, frame)
    return s.error === undefined ? out : undefined
  }
}

/** Starts a struct's frame of names (joining the parent's for an inlined struct). @internal */
export function openFrame(s: DecodeState): DecodeFrame {
  const parent = s.scope
  const joined = s.joinScope && parent !== undefined
  s.joinScope = false
  const frame: DecodeFrame = { vars: joined ? parent.vars : Object.create(null), parent, start: s.pos, checks: undefined }
  s.scope = frame
  return frame
}

/** Ends a struct's frame: checks its checksum fields and restores the parent. @internal */
export function closeFrame(s: DecodeState, frame: DecodeFrame): void {
  if (frame.checks !== undefined && s.error === undefined) verifyChecksums(s, frame)
  s.scope = frame.parent
}

function verifyChecksums(s: DecodeState, frame: DecodeFrame): void {
  for (const check of frame.checks as PendingChecksum[]) {
    const node = check.node as ChecksumFieldNode
    const policy = s.checksumPolicy ?? node.policy
    const report = s.checksums
    if (policy === 'ignore') {
      report?.push({ field: check.name, offset: check.offset, algorithm: node.algorithm.name, stored: check.stored, computed: undefined, status: 'unverified' })
      continue
    }
    const computed = checksumOver(s.bytes, frame.start, s.pos, check, (name) => lookupIn(frame, name, MISSING), encoderOf)
    if (typeof computed === 'string') {
      s.failInvalid(computed, undefined, undefined, check.offset)
      prependPath(s, check.name)
      return
    }
    if (computed === undefined) {
      report?.push({ field: check.name, offset: check.offset, algorithm: node.algorithm.name, stored: check.stored, computed: undefined, status: 'unverified' })
      continue
    }
    const status = computed === check.stored ? 'valid' : 'invalid'
    report?.push({ field: check.name, offset: check.offset, algorithm: node.algorithm.name, stored: check.stored, computed, status })
    if (status === 'invalid' && policy === 'verify') {
      const width = check.size * 8
      s.fail({
        kind: 'checksum',
        offset: check.offset,
        path: [check.name],
        message: `${node.algorithm.name} mismatch at offset ${hexOf(check.offset, 0)}: stored ${hexOf(check.stored, width)}, computed ${hexOf(computed, width)}`,
        algorithm: node.algorithm.name,
        expected: computed,
        found: check.stored,
      })
      return
    }
  }
}
