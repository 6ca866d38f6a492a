import type { Grammar } from '../grammar/codec.js'
import type { Node } from '../grammar/node.js'
import { decoderOf, type DecodeFn } from '../interpret/decoder.js'
import { encoderOf, type EncodeFn } from '../interpret/encoder.js'
import { compiledDecoderOf, compiledEncoderOf, isCompiledNode } from './compile.js'
import { interpreterForced, isInterpretedNode } from './execution.js'

// The default path of `decode`, `decodePrefix`, `encode` and the stream
// decoder: like a tiered JIT, a grammar is interpreted for its first few
// uses and compiled when it is used again, so that a one-shot decode pays
// only the interpreter's set-up (about 1 ms for TLM, cold) and not code
// generation too (about 3 ms more), while anything that runs more than a
// handful of frames gets the generated code. Both are cached per grammar
// node, so the count and the compiled function are shared by every caller.

/** Uses of a grammar before its generated code replaces the interpreter. */
export const COMPILE_AFTER_USES = 8

/**
 * The decoder that the default path uses for one grammar node: `next()`
 * counts a use and returns the best decoder so far. Callers that decode
 * many frames (the stream decoder) keep the tier and call `next()` per
 * frame; it is a comparison and a field read once compiled.
 * @internal
 */
export class DecoderTier {
  private fn: DecodeFn
  private uses: number

  constructor(private readonly node: Node) {
    this.fn = decoderOf(node)
    // Nothing to promote: compiled by `compile()` already (its node's
    // interpreter slot holds the generated code), or forced to interpret.
    this.uses = isCompiledNode(node) || mustInterpret(node) ? COMPILE_AFTER_USES : 0
  }

  /** Counts one use and returns the decoder to run for it. */
  next(): DecodeFn {
    if (this.uses < COMPILE_AFTER_USES && ++this.uses === COMPILE_AFTER_USES) this.fn = compiledDecoderOf(this.node) ?? this.fn
    return this.fn
  }

  /** Whether the decoder `next()` returns is generated code. */
  get compiled(): boolean {
    return this.fn !== decoderOf(this.node) || isCompiledNode(this.node)
  }
}

/** As {@link DecoderTier}, for encoding. @internal */
export class EncoderTier {
  private fn: EncodeFn
  private uses: number

  constructor(private readonly node: Node) {
    this.fn = encoderOf(node)
    this.uses = isCompiledNode(node) || mustInterpret(node) ? COMPILE_AFTER_USES : 0
  }

  /** Counts one use and returns the encoder to run for it. */
  next(): EncodeFn {
    if (this.uses < COMPILE_AFTER_USES && ++this.uses === COMPILE_AFTER_USES) this.fn = compiledEncoderOf(this.node) ?? this.fn
    return this.fn
  }

  /** Whether the encoder `next()` returns is generated code. */
  get compiled(): boolean {
    return this.fn !== encoderOf(this.node) || isCompiledNode(this.node)
  }
}

function mustInterpret(node: Node): boolean {
  return interpreterForced() || isInterpretedNode(node)
}

const decoderTiers = new WeakMap<Node, DecoderTier>()
const encoderTiers = new WeakMap<Node, EncoderTier>()

/** The default path's decoder tier of a grammar, one per node. @internal */
export function decoderTier(node: Node): DecoderTier {
  let tier = decoderTiers.get(node)
  if (tier === undefined) {
    tier = new DecoderTier(node)
    decoderTiers.set(node, tier)
  }
  return tier
}

/** The default path's encoder tier of a grammar, one per node. @internal */
export function encoderTier(node: Node): EncoderTier {
  let tier = encoderTiers.get(node)
  if (tier === undefined) {
    tier = new EncoderTier(node)
    encoderTiers.set(node, tier)
  }
  return tier
}

/**
 * Whether `decode(grammar, …)` runs generated code now (after its first
 * few uses, unless code generation is refused or the interpreter is forced).
 * @internal
 */
export function decodesCompiled(grammar: Grammar): boolean {
  return decoderTier(grammar.node).compiled
}
