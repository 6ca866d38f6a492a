import type { Node } from '../../grammar/node.js'
import type { DecodeState } from '../../runtime/decode-state.js'

/**
 * Reads one value from the state's cursor. On failure it records the error
 * in `state.error` and its return value is meaningless.
 */
export type DecodeFn = (state: DecodeState) => unknown

/**
 * The decoder of a child node. Builders take it as an argument, so that the
 * files under decode/ need not import the cache that imports them.
 */
export type DecoderOf = (node: Node) => DecodeFn

/**
 * Decodes an object-valued grammar into `out`, an object the caller made
 * (see fill.ts); on failure records the error in the state (what is in
 * `out` then is meaningless).
 */
export type FillFn = (s: DecodeState, out: Record<string, unknown>) => void
