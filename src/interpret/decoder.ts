import type { Node } from '../grammar/node.js'
import type { DecodeFn } from './decode/decode-fn.js'
import { bigintDecoder, floatDecoder, intDecoder, uleb128Decoder } from './decode/numbers.js'
import { bytesDecoder, constantDecoder, utf8TextDecoder } from './decode/bytes.js'
import { bitsDecoder } from './decode/bits.js'
import { enumDecoder, mapDecoder, rangeDecoder, refineDecoder, structDecoder } from './decode/structure.js'
import { arrayDecoder, checksumDecoder, dependentDecoder, manyDecoder, sizedDecoder, untilLastDecoder } from './decode/regions.js'
import { paddedDecoder, terminatedDecoder, textDecoder } from './decode/text.js'
import { oneOfDecoder } from './decode/one-of.js'
import { markerDecoder } from './decode/marker.js'
import { repeatUntilDecoder } from './decode/repeat-until.js'
import { lazyDecoder } from './decode/lazy.js'
import { fillerOf } from './decode/fill.js'
import { customDecoder } from './decode/custom.js'
import { checksumFieldDecoder, exprDecoder } from './decode/references.js'
import { unreachable } from '../grammar/exhaustive.js'

export type { DecodeFn, DecoderOf } from './decode/decode-fn.js'

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
      return utf8TextDecoder(node, decoderOf)
    case 'text':
      return textDecoder(node, decoderOf)
    case 'terminated':
      return terminatedDecoder(node)
    case 'padded':
      return paddedDecoder(node)
    case 'untilLast':
      return untilLastDecoder(node.reserve, node.inner.node, decoderOf)
    case 'constant':
      return constantDecoder(node.bytes)
    case 'marker':
      return markerDecoder(node, decoderOf)
    case 'bits':
      return bitsDecoder(node)
    case 'struct':
      return structDecoder(node, decoderOf)
    case 'inline':
    case 'named':
      return decoderOf(node.inner.node)
    case 'enum':
      return enumDecoder(node, decoderOf)
    case 'range':
      return rangeDecoder(node, decoderOf)
    case 'refine':
      return refineDecoder(node, decoderOf)
    case 'map':
      return mapDecoder(node, decoderOf)
    case 'array':
      return arrayDecoder(node.count, node.item.node, decoderOf)
    case 'many':
      return manyDecoder(node.item.node, decoderOf)
    case 'repeatUntil':
      return repeatUntilDecoder(node, decoderOf)
    case 'lazy':
      return lazyDecoder(node, decoderOf)
    case 'sized':
      return sizedDecoder(node.length, node.inner.node, decoderOf, fillerOf(node.inner.node, decoderOf))
    case 'dependent':
      return dependentDecoder(node, decoderOf)
    case 'checksum':
      return checksumDecoder(node, decoderOf)
    case 'oneOf':
      return oneOfDecoder(node, decoderOf)
    case 'custom':
      return customDecoder(node)
    case 'derived':
      return decoderOf(node.inner.node)
    case 'expr':
      return exprDecoder(node)
    case 'checksumField':
      return checksumFieldDecoder(node, decoderOf)
  }
  return unreachable(node)
}
