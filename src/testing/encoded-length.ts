import type { Node } from '../grammar/node.js'
import { EncodeState } from '../runtime/encode-state.js'
import { encoderOf } from '../interpret/encoder.js'

/**
 * How many bytes `value` takes under `node`, or undefined when it cannot be
 * encoded.
 * @internal
 */
export function encodedLength(node: Node, value: unknown): number | undefined {
  const state = new EncodeState(64)
  encoderOf(node)(state, value)
  return state.error === undefined ? state.pos : undefined
}

/**
 * The encoding of `value` under `node`, or undefined when it cannot be encoded.
 * @internal
 */
export function encodeNode(node: Node, value: unknown): Uint8Array | undefined {
  const state = new EncodeState(64)
  encoderOf(node)(state, value)
  return state.error === undefined ? state.bytes.slice(0, state.pos) : undefined
}
