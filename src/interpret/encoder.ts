import type { Node } from '../grammar/node.js'
import type { EncodeFn } from './encode/encode-fn.js'
import { bigintEncoder, floatEncoder, intEncoder, uleb128Encoder } from './encode/numbers.js'
import { bytesEncoder, constantEncoder, utf8TextEncoder } from './encode/bytes.js'
import { bitsEncoder } from './encode/bits.js'
import { paddedEncoder, terminatedEncoder, textEncoder } from './encode/text.js'
import { enumEncoder, mapEncoder, rangeEncoder, refineEncoder, structEncoder } from './encode/structure.js'
import { arrayEncoder, checksumEncoder, dependentEncoder, manyEncoder, sizedEncoder } from './encode/regions.js'
import { oneOfEncoder } from './encode/one-of.js'
import { customEncoder } from './encode/custom.js'
import { repeatUntilEncoder } from './encode/repeat-until.js'
import { lazyEncoder } from './encode/lazy.js'
import { checksumFieldEncoder, derivedEncoder, exprEncoder } from './encode/references.js'
import { unreachable } from '../grammar/exhaustive.js'

import type { EncoderOf } from './encode/encode-fn.js'
export type { EncodeFn, EncoderOf } from './encode/encode-fn.js'

const cache = new WeakMap<Node, EncodeFn>()

/** The encoder of a node, built once per node and cached. */
export function encoderOf(node: Node): EncodeFn {
  let fn = cache.get(node)
  if (fn === undefined) {
    fn = buildEncoderWith(node, encoderOf)
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
/**
 * The interpreter's encoder of `node`, with `of` giving its children's
 * encoders: the interpreter passes its own cache; compiled grammars pass
 * generated code for the children that can have it (compile.ts).
 * @internal
 */
export function buildEncoderWith(node: Node, of: EncoderOf): EncodeFn {
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
      return utf8TextEncoder(node, of)
    case 'text':
      return textEncoder(node, of)
    case 'terminated':
      return terminatedEncoder(node)
    case 'padded':
      return paddedEncoder(node)
    case 'constant':
      return constantEncoder(node)
    case 'marker':
    case 'inline':
    case 'named':
    // untilLast: the region is what the inner grammar writes.
    case 'untilLast':
      return of(node.inner.node)
    case 'bits':
      return bitsEncoder(node)
    case 'struct':
      return structEncoder(node, of)
    case 'enum':
      return enumEncoder(node, of)
    case 'range':
      return rangeEncoder(node, of)
    case 'refine':
      return refineEncoder(node, of)
    case 'map':
      return mapEncoder(node, of)
    case 'array':
      return arrayEncoder(node, of)
    case 'many':
      return manyEncoder(node, of)
    case 'repeatUntil':
      return repeatUntilEncoder(node, of)
    case 'lazy':
      return lazyEncoder(node, of)
    case 'sized':
      return sizedEncoder(node.length, node.inner.node, of)
    case 'dependent':
      return dependentEncoder(node, of)
    case 'checksum':
      return checksumEncoder(node, of)
    case 'oneOf':
      return oneOfEncoder(node, of)
    case 'custom':
      return customEncoder(node)
    case 'derived':
      return derivedEncoder()
    case 'expr':
      return exprEncoder(node)
    case 'checksumField':
      return checksumFieldEncoder(node, of)
  }
  return unreachable(node)
}
