import type { Grammar } from '../../src/grammar/codec.js'
import type { Node } from '../../src/grammar/node.js'
import { childrenOf } from '../../src/analysis/scope.js'
import { decoderOf } from '../../src/interpret/decoder.js'
import { encoderOf } from '../../src/interpret/encoder.js'
import { buildDecoder, buildEncoder } from '../../src/compile/compile.js'
import type { FunctionFactory } from '../../src/compile/emitter.js'

/**
 * The interpreter closures that the generated decoder of `grammar` would
 * call for parts of its own tree (grammars that `dependentOpen` makes at
 * run time are not part of it): none, when every node is compiled.
 */
export function interpretedParts(grammar: Grammar): string[] {
  const nodes = new Map<unknown, string>()
  const walk = (node: Node, path: string): void => {
    if (nodes.has(decoderOf(node))) return
    nodes.set(decoderOf(node), `${path}:${node.tag}`)
    childrenOf(node).forEach((child, i) => walk(child.node, `${path}/${i}`))
  }
  walk(grammar.node, '')
  let constants: unknown[] = []
  const capture: FunctionFactory = (param, body) => {
    const make = new Function(param, body) as (k: unknown[]) => unknown
    return (k) => {
      constants = k
      return make(k)
    }
  }
  buildDecoder(grammar.node, capture)
  return constants.flatMap((c) => (nodes.has(c) ? [nodes.get(c) as string] : []))
}

/**
 * As {@link interpretedParts}, for encoding: the interpreter encoders of
 * nodes of `grammar`'s tree that its generated encoder, or the generated
 * parts of its structs with references, would call directly. The
 * interpreter's bookkeeping of a struct with references (frames of names)
 * is not counted: it is built by the interpreter's builders for each
 * compiled grammar, over generated parts.
 */
export function interpretedEncodeParts(grammar: Grammar): string[] {
  const nodes = new Map<unknown, string>()
  const walk = (node: Node, path: string): void => {
    if (nodes.has(encoderOf(node))) return
    nodes.set(encoderOf(node), `${path}:${node.tag}`)
    childrenOf(node).forEach((child, i) => walk(child.node, `${path}/${i}`))
  }
  walk(grammar.node, '')
  const constants: unknown[] = []
  const capture: FunctionFactory = (param, body) => {
    const make = new Function(param, body) as (k: unknown[]) => unknown
    return (k) => {
      constants.push(...k)
      return make(k)
    }
  }
  buildEncoder(grammar.node, capture)
  return [...new Set(constants.flatMap((c) => (nodes.has(c) ? [nodes.get(c) as string] : [])))]
}
