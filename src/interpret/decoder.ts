import type { Node } from '../grammar/node.js'
import type { DecodeState } from '../runtime/decode-state.js'
import { bigintDecoder, floatDecoder, intDecoder, uleb128Decoder } from './decode/numbers.js'
import { bytesDecoder, constantDecoder, utf8TextDecoder } from './decode/bytes.js'
import { bitsDecoder } from './decode/bits.js'
import { enumDecoder, mapDecoder, rangeDecoder, refineDecoder, structDecoder } from './decode/structure.js'
import { arrayDecoder, checksumDecoder, dependentDecoder, manyDecoder, sizedDecoder } from './decode/regions.js'
import { customDecoder, markerDecoder, oneOfDecoder } from './decode/one-of.js'
import { unreachable } from '../grammar/exhaustive.js'

/**
 * Reads one value from the state's cursor. On failure it records the error
 * in `state.error` and its return value is meaningless.
 */
export type DecodeFn = (state: DecodeState) => unknown

const cache = new WeakMap<Node, DecodeFn>()

/** The decoder of a node, built once per node and cached. */
export function decoderOf(node: Node): DecodeFn {
  let fn = cache.get(node)
  if (fn === undefined) {
    fn = build(node)
    cache.set(node, fn)
  }
  return fn
}

/** Makes `fn` the decoder of `node` (how compiled grammars plug in). @internal */
export function installDecoder(node: Node, fn: DecodeFn): void {
  cache.set(node, fn)
}

// One builder per node kind, in one file per family under decode/; the
// exhaustive switch makes a forgotten kind a compile error.
function build(node: Node): DecodeFn {
  switch (node.tag) {
    case 'int':
      return intDecoder(node.size, node.signed, node.littleEndian)
    case 'bigint':
      return bigintDecoder(node)
    case 'float':
      return floatDecoder(node)
    case 'uleb128':
      return uleb128Decoder(node.maxBytes)
    case 'bytes':
      return bytesDecoder(node)
    case 'utf8':
      return utf8TextDecoder(node)
    case 'constant':
      return constantDecoder(node.bytes)
    case 'marker':
      return markerDecoder(node)
    case 'bits':
      return bitsDecoder(node)
    case 'struct':
      return structDecoder(node)
    case 'inline':
    case 'named':
      return decoderOf(node.inner.node)
    case 'enum':
      return enumDecoder(node)
    case 'range':
      return rangeDecoder(node)
    case 'refine':
      return refineDecoder(node)
    case 'map':
      return mapDecoder(node)
    case 'array':
      return arrayDecoder(node.count, node.item.node)
    case 'many':
      return manyDecoder(node.item.node)
    case 'sized':
      return sizedDecoder(node.length, node.inner.node)
    case 'dependent':
      return dependentDecoder(node)
    case 'checksum':
      return checksumDecoder(node)
    case 'oneOf':
      return oneOfDecoder(node)
    case 'custom':
      return customDecoder(node)
  }
  return unreachable(node)
}
