import type { Grammar } from '../grammar/codec.js'
import type { Node } from '../grammar/node.js'
import { decoderOf, type DecodeFn } from '../interpret/decoder.js'
import { encoderOf, type EncodeFn } from '../interpret/encoder.js'
import { compiledDecoderOf, compiledEncoderOf, compiledStatelessDecoderOf, isCompiledNode, opensAtRunTime, type StatelessDecodeFn } from './compile.js'
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
 * The function that the default path runs for one grammar node: `next()`
 * counts a use and returns the best function so far. Callers that decode
 * many frames (the stream decoder) keep the tier and call `next()` per
 * frame; it is a comparison and a field read once compiled. One class
 * serves decoding and encoding: only the interpreter and the code
 * generator it is given differ.
 * @internal
 */
export class Tier<F, W = never> {
  private fn: F
  private uses: number
  /** Promoted, and the state path's function or the stateless decoder not made until first asked for. */
  private pending = false
  private statelessPending = false
  /**
   * The stateless decoder (compile.ts), once the grammar is promoted:
   * `decode` and `decodePrefix` run it, and the interpreter where it
   * fails. Undefined while interpreted, and for encoding.
   */
  stateless: W | undefined = undefined

  constructor(
    private readonly node: Node,
    private readonly interpreterOf: (node: Node) => F,
    private readonly generatedOf: (node: Node) => F | undefined,
    private readonly statelessOf?: (node: Node) => W | undefined,
  ) {
    this.fn = interpreterOf(node)
    // Forced to interpret: nothing to promote. A grammar that `compile()`
    // returned runs its generated code (its node's interpreter slot holds
    // it) from the first use, and gets its stateless decoder when promoted.
    this.uses = mustInterpret(node) ? COMPILE_AFTER_USES : 0
  }

  /** Counts one use and returns the function to run for it. */
  next(): F {
    this.count(false)
    return this.current
  }

  /**
   * Counts one use by a caller that runs {@link Tier.stateless} when there
   * is one (`decode`, `decodePrefix`), and returns it.
   */
  nextStateless(): W | undefined {
    this.count(true)
    if (this.statelessPending) {
      this.statelessPending = false
      this.stateless = this.statelessOf?.(this.node)
    }
    return this.stateless
  }

  /** The function `next()` would return, without counting a use. */
  get current(): F {
    if (this.pending) {
      this.pending = false
      this.fn = this.generatedOf(this.node) ?? this.fn
    }
    return this.fn
  }

  private count(stateless: boolean): void {
    if (this.uses < COMPILE_AFTER_USES && ++this.uses === COMPILE_AFTER_USES) this.promote(stateless)
  }

  // One code generation at promotion, not two: `decode` needs only the
  // stateless decoder, the stream decoder and nested decoders only the
  // function over a state (promotion on the 8th call cost 3.8 ms for TLM
  // with both made, 2.8 ms with one); the other is made when first asked for.
  private promote(stateless: boolean): void {
    if (stateless && !isCompiledNode(this.node)) {
      this.stateless = this.statelessOf?.(this.node)
      if (this.stateless !== undefined) {
        this.pending = true
        return
      }
    }
    const generated = isCompiledNode(this.node) ? undefined : this.generatedOf(this.node)
    if (generated !== undefined) this.fn = generated
    // Where the state path's code generation worked, the stateless one will too.
    if (this.stateless === undefined && (generated !== undefined || isCompiledNode(this.node))) this.statelessPending = this.statelessOf !== undefined
  }

  /**
   * The interpreter (for a grammar from `compile()`, its generated code
   * with the interpreter behind it): what runs after the stateless
   * decoder failed, since the state path's generated code would fail again.
   */
  get fallback(): F {
    return this.interpreterOf(this.node)
  }

  /** Whether the default path runs generated code now. */
  get compiled(): boolean {
    return this.stateless !== undefined || this.pending || this.fn !== this.interpreterOf(this.node) || isCompiledNode(this.node)
  }
}

/** The decoding {@link Tier} of a grammar node. @internal */
export type DecoderTier = Tier<DecodeFn, StatelessDecodeFn>
/** The encoding {@link Tier} of a grammar node. @internal */
export type EncoderTier = Tier<EncodeFn>

function mustInterpret(node: Node): boolean {
  return interpreterForced() || isInterpretedNode(node)
}

const decoderTiers = new WeakMap<Node, DecoderTier>()
const encoderTiers = new WeakMap<Node, EncoderTier>()

// The last grammar asked for and its tier: a program that decodes one
// grammar (a server, a stream) skips the WeakMap's hashing on every call.
// Measured inside the noise on the bench; kept because it costs one
// comparison. It holds one grammar alive, which is used anyway.
let lastNode: Node | undefined
let lastTier: DecoderTier | undefined

// The stateless decoder where it is the faster one (see opensAtRunTime).
function defaultStatelessOf(node: Node): StatelessDecodeFn | undefined {
  return opensAtRunTime(node) ? undefined : compiledStatelessDecoderOf(node)
}

/** The default path's decoder tier of a grammar, one per node. @internal */
export function decoderTier(node: Node): DecoderTier {
  if (node === lastNode) return lastTier as DecoderTier
  let tier = decoderTiers.get(node)
  if (tier === undefined) decoderTiers.set(node, (tier = new Tier(node, decoderOf, compiledDecoderOf, defaultStatelessOf)))
  lastNode = node
  lastTier = tier
  return tier
}

/** The default path's encoder tier of a grammar, one per node. @internal */
export function encoderTier(node: Node): EncoderTier {
  let tier = encoderTiers.get(node)
  if (tier === undefined) encoderTiers.set(node, (tier = new Tier(node, encoderOf, compiledEncoderOf)))
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
