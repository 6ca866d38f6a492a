import type { Node } from '../grammar/node.js'
import type { EncodeState } from '../runtime/encode-state.js'
import { bigintEncoder, floatEncoder, intEncoder, uleb128Encoder } from './encode/numbers.js'
import { bytesEncoder, constantEncoder, utf8TextEncoder } from './encode/bytes.js'
import { bitsEncoder } from './encode/bits.js'
import { enumEncoder, mapEncoder, rangeEncoder, refineEncoder, structEncoder } from './encode/structure.js'
import { arrayEncoder, checksumEncoder, dependentEncoder, manyEncoder, sizedEncoder } from './encode/regions.js'
import { customEncoder, oneOfEncoder } from './encode/one-of.js'
import { unreachable } from '../grammar/exhaustive.js'

/**
 * Writes one value at the state's cursor. On failure it records the error in
 * `state.error`; the caller checks it after each step.
 */
export type EncodeFn = (state: EncodeState, value: unknown) => void

const cache = new WeakMap<Node, EncodeFn>()

/** The encoder of a node, built once per node and cached. */
export function encoderOf(node: Node): EncodeFn {
  let fn = cache.get(node)
  if (fn === undefined) {
    fn = build(node)
    cache.set(node, fn)
  }
  return fn
}

/** Makes `fn` the encoder of `node` (how compiled grammars plug in). @internal */
export function installEncoder(node: Node, fn: EncodeFn): void {
  cache.set(node, fn)
}

// One builder per node kind, in one file per family under encode/; the
// exhaustive switch makes a forgotten kind a compile error.
function build(node: Node): EncodeFn {
  switch (node.tag) {
    case 'int':
      return intEncoder(node.size, node.signed, node.littleEndian)
    case 'bigint':
      return bigintEncoder(node)
    case 'float':
      return floatEncoder(node)
    case 'uleb128':
      return uleb128Encoder(node)
    case 'bytes':
      return bytesEncoder(node)
    case 'utf8':
      return utf8TextEncoder(node)
    case 'constant':
      return constantEncoder(node)
    case 'marker':
    case 'inline':
    case 'named':
      return encoderOf(node.inner.node)
    case 'bits':
      return bitsEncoder(node)
    case 'struct':
      return structEncoder(node)
    case 'enum':
      return enumEncoder(node)
    case 'range':
      return rangeEncoder(node)
    case 'refine':
      return refineEncoder(node)
    case 'map':
      return mapEncoder(node)
    case 'array':
      return arrayEncoder(node)
    case 'many':
      return manyEncoder(node)
    case 'sized':
      return sizedEncoder(node.length, node.inner.node)
    case 'dependent':
      return dependentEncoder(node)
    case 'checksum':
      return checksumEncoder(node)
    case 'oneOf':
      return oneOfEncoder(node)
    case 'custom':
      return customEncoder(node)
  }
  return unreachable(node)
}
