// The bytes a checksum field covers: a context prefix (a pseudo-header),
// then its struct's bytes with the checksum's own bytes read as zero.
import { EncodeState } from '../runtime/encode-state.js'
import type { PendingChecksum } from '../runtime/scope.js'
import type { ChecksumFieldNode } from '../grammar/node.js'
import type { Lookup } from '../grammar/evaluate.js'
import type { EncoderOf } from './encode/encode-fn.js'
import { showValue } from './show-value.js'

/**
 * The checksum over `bytes[start, end)` with the field zeroed, after the
 * context bytes; undefined when the context is not there; a string when
 * the context or the algorithm fails.
 */
export function checksumOver(bytes: Uint8Array, start: number, end: number, check: PendingChecksum, lookup: Lookup, encoderOf: EncoderOf): number | string | undefined {
  const node = check.node as ChecksumFieldNode
  let prefix: Uint8Array | undefined
  if (node.context !== undefined) {
    let value: unknown
    try {
      value = node.context.value(lookup, end - start)
    } catch (thrown) {
      return `checksum context failed: ${showValue(thrown)}`
    }
    if (value === undefined) return undefined
    const state = new EncodeState(64)
    encoderOf(node.context.grammar.node)(state, value)
    if (state.error !== undefined) return `checksum context cannot be encoded: ${state.error.message}`
    prefix = state.bytes.subarray(0, state.pos)
  }
  // A copy, bounded by the input already held: the input is never written.
  const head = prefix?.length ?? 0
  const covered = new Uint8Array(head + end - start)
  if (prefix !== undefined) covered.set(prefix)
  covered.set(bytes.subarray(start, end), head)
  covered.fill(0, head + check.offset - start, head + check.offset - start + check.size)
  try {
    return node.algorithm.compute(covered, 0, covered.length)
  } catch (thrown) {
    return `${node.algorithm.name} failed: ${showValue(thrown)}`
  }
}

/** `0x` and hex digits, padded to `width` bits. */
export function hexOf(n: number, width: number): string {
  return '0x' + n.toString(16).padStart(Math.ceil(width / 4), '0')
}
