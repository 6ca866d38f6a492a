import type { Node } from '../grammar/node.js'
import { EncodeState } from '../runtime/encode-state.js'
import type { EncodeError } from '../runtime/errors.js'
import { encoderOf } from './encoder.js'
import { showValue } from './show-value.js'

/**
 * Encodes with the interpreter, for grammar construction (a constant's
 * bytes): the bytes, or the error. Never throws.
 */
export function encodeNow(node: Node, value: unknown): Uint8Array | EncodeError {
  const state = new EncodeState()
  try {
    encoderOf(node)(state, value)
  } catch (thrown) {
    state.fail('invalid', `encoding threw: ${showValue(thrown)}`)
  }
  return state.error ?? state.bytes.slice(0, state.pos)
}
