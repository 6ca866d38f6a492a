// Run-time helpers of generated code for references between fields: the
// objects that hold a struct's fields by name, a referenced value's check,
// and checksum fields computed over their own struct.
import type { ChecksumAlgorithm } from '../grammar/checksum-algorithm.js'
import type { ChecksumFieldNode } from '../grammar/node.js'
import { lookupIn, type DecodeFrame } from '../runtime/scope.js'
import { checksumOver } from '../interpret/checksum-region.js'
import { MISSING } from '../grammar/evaluate.js'
import { encoderOf } from '../interpret/encoder.js'
import { FAIL, type Fail } from './runtime.js'

/**
 * The names of one struct's fields while generated code decodes it: the
 * object the interpreter's frames hold as `vars` (handed to it as such
 * when generated code calls out), with nothing inherited (`'toString' in
 * vars` is false, and `__proto__` is a name like any other), made by a
 * constructor so that V8 keeps its properties fast, unlike
 * `Object.create(null)`.
 */
export const Vars = function Vars(this: Record<string, unknown>) {} as unknown as new () => Record<string, unknown>
;(Vars as unknown as { prototype: object }).prototype = Object.create(null) as object

/** What a local holding a name's value holds before the name is bound (the interpreter's MISSING). */
export const MISSING_NAME: unknown = MISSING

/** A referenced value as expressions take it: a number, a boolean, a safe bigint as a number, else FAIL. */
export function refValue(v: unknown): number | boolean | Fail {
  if (typeof v === 'number' || typeof v === 'boolean') return v
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER)) return Number(v)
  return FAIL
}

/** A name looked up in the interpreter's frames, from the innermost out, or {@link MISSING}. */
export function lookupFrames(frame: DecodeFrame | undefined, name: string): unknown {
  return lookupIn(frame, name, MISSING)
}

/**
 * The checksum over `bytes[start, end)` with the field at `[offset, offset
 * + size)` read as zeros, as the interpreter computes it: without a copy
 * where the algorithm can (`computeWithZeros`, the internet checksum),
 * else over a copy (the input is never written); FAIL when the algorithm
 * throws.
 */
export function zeroedChecksum(algorithm: ChecksumAlgorithm, bytes: Uint8Array, start: number, end: number, offset: number, size: number): number | Fail {
  try {
    if (algorithm.computeWithZeros !== undefined) return algorithm.computeWithZeros(bytes, start, end, offset, offset + size)
    const covered = bytes.slice(start, end)
    covered.fill(0, offset - start, offset - start + size)
    return algorithm.compute(covered, 0, covered.length)
  } catch {
    return FAIL
  }
}

/**
 * As {@link zeroedChecksum}, after the context bytes (a pseudo-header)
 * made from the fields `frame` sees; undefined when the context is not
 * there (the checksum is then unverified); FAIL when the context or the
 * algorithm fails.
 */
export function contextChecksum(node: ChecksumFieldNode, frame: DecodeFrame, bytes: Uint8Array, start: number, end: number, offset: number, size: number): number | undefined | Fail {
  const computed = checksumOver(bytes, start, end, { name: '', offset, size, stored: 0, node }, (name) => lookupIn(frame, name, MISSING), encoderOf)
  return typeof computed === 'string' ? FAIL : computed
}
