import type { Node } from '../../grammar/node.js'
import type { EncodeState } from '../../runtime/encode-state.js'

/**
 * Writes one value at the state's cursor. On failure it records the error in
 * `state.error`; the caller checks it after each step.
 */
export type EncodeFn = (state: EncodeState, value: unknown) => void

/**
 * The encoder of a child node. Builders take it as an argument, so that the
 * files under encode/ need not import the cache that imports them.
 */
export type EncoderOf = (node: Node) => EncodeFn
