import type { Grammar } from '../grammar/codec.js'
import type { Node } from '../grammar/node.js'
import type { DecodeState } from '../runtime/decode-state.js'
import type { EncodeState } from '../runtime/encode-state.js'
import { decoderOf, installDecoder, type DecodeFn } from '../interpret/decoder.js'
import { buildEncoderWith, encoderOf, installEncoder, type EncodeFn, type EncoderOf } from '../interpret/encoder.js'
import { usesScope } from '../interpret/references.js'
import { emitDecode } from './emit-decode.js'
import { grammarName, TooLarge } from './emitter.js'
import { emitEncode } from './emit-encode.js'
import { Emitter, newFunction, type FunctionFactory } from './emitter.js'
import { FAIL, statelessEnd, THREW } from './runtime.js'
import type { StatelessCalls } from './decode-ctx.js'
import { interpreterForced } from './execution.js'
import { needsScopeGuard } from './emit-scope.js'
import { recordOpen } from './open-feedback.js'
import { holdsAnywhere } from '../analysis/node-predicate.js'

/**
 * Compiles a grammar into specialised JavaScript for decoding and encoding,
 * and returns a codec that uses it: the same grammar (every interpreter,
 * `oneOf`, stream decoders and size bounds see the same tree), whose
 * `decode`, `decodePrefix` and `encode` run the generated code.
 *
 * - Results are the interpreter's, exactly: the generated code is a fast
 *   path for input that decodes (and values that encode); on any failure
 *   the interpreter reruns from the same position and makes the error, so
 *   kinds, offsets, paths and messages are the interpreter's own. User
 *   functions in the grammar (mappings, refinements, custom codecs) may
 *   then run more than once for that input.
 * - `oneOf` looks at the first byte and tries only the alternatives whose
 *   leading constants can match it.
 * - Where code generation is not allowed (a Content Security Policy without
 *   `unsafe-eval`), `compile` returns the codec unchanged: the interpreter
 *   is always there. {@link isCompiled} tells which happened.
 * - `decode`, `encode`, stream decoders and the server compile a grammar
 *   by themselves after its first few uses; `compile` does it ahead of
 *   time, so that the first frames do not run on the interpreter, and
 *   gives a codec that is compiled wherever it is used (inside `oneOf`,
 *   `struct`, ...). Code generation costs a few milliseconds per grammar.
 * - With the environment variable `OXWIRE_INTERPRET` set, `compile`
 *   returns the codec unchanged, as where code generation is refused.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { compile, decode, encode, isCompiled } from 'oxwire'
 * import { detect, telemetry } from 'oxwire/protocols'
 * const fastDetect = compile(detect)
 * const frame = encode(telemetry, { seq: 1, timestamp: 0, payload: { type: 'heartbeat', uptime: 1, status: 0 } })
 * assert.ok(frame._tag === 'Right')
 * // The same Either as the interpreter gives, from generated code.
 * assert.deepEqual(decode(fastDetect, frame.right), decode(detect, frame.right))
 * assert.deepEqual(decode(fastDetect, Uint8Array.of(0x5a, 0xa5, 1)), decode(detect, Uint8Array.of(0x5a, 0xa5, 1)))
 * // Generated code unless code generation is refused (a CSP, or OXWIRE_INTERPRET set).
 * const forced = ![undefined, '', '0'].includes(process.env.OXWIRE_INTERPRET)
 * assert.equal(isCompiled(fastDetect), !forced)
 * ```
 * @category Compile
 */
export function compile<C extends Grammar>(codec: C): C {
  return compileWith(codec, newFunction)
}

const compiledNodes = new WeakSet<Node>()

/**
 * True when `codec` came from {@link compile} and runs generated code, false
 * when it is interpreted (never compiled, or code generation was refused).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { compile, isCompiled } from 'oxwire'
 * import { struct, u8, u16be } from 'oxwire/combinators'
 * const header = struct({ id: u16be, flags: u8 })
 * assert.equal(isCompiled(header), false)
 * // True unless code generation is refused (a CSP, or OXWIRE_INTERPRET set).
 * const forced = ![undefined, '', '0'].includes(process.env.OXWIRE_INTERPRET)
 * assert.equal(isCompiled(compile(header)), !forced)
 * ```
 * @category Compile
 */
export function isCompiled(codec: Grammar): boolean {
  return compiledNodes.has(codec.node)
}

/** {@link compile} with a stand-in for `new Function`, so tests can play a CSP. @internal */
export function compileWith<C extends Grammar>(codec: C, makeFunction: FunctionFactory): C {
  if (compiledNodes.has(codec.node) || interpreterForced()) return codec
  let decodeFast: DecodeFn
  let encodeFast: (s: EncodeState, v: unknown) => unknown
  try {
    decodeFast = buildDecoder(codec.node, makeFunction, decoderOf(codec.node)) as DecodeFn
    encodeFast = buildEncoder(codec.node, makeFunction)
  } catch (thrown) {
    // EvalError: code generation refused; TooLarge: not worth it.
    if (thrown instanceof EvalError || thrown instanceof TooLarge) return codec
    throw thrown
  }
  // A shallow copy of the root: the same tree for every other interpreter,
  // but a node of its own to hang the compiled functions on.
  const node = { ...codec.node } as Node
  installDecoder(node, decodeFast)
  installEncoder(node, withEncodeFallback(encodeFast, encoderOf(codec.node)))
  compiledNodes.add(node)
  return { ...codec, node }
}

/** Whether `node` is the root of a codec that {@link compile} returned. @internal */
export function isCompiledNode(node: Node): boolean {
  return compiledNodes.has(node)
}

// Once `new Function` has been refused, it will be refused again: the
// default path stops trying (each try would cost a code generation).
let codeGenerationRefused = false

/**
 * The generated decoder of `node` with the interpreter fallback, or
 * undefined where code generation is refused, the grammar too large, or
 * the generator fails: the default path then keeps the interpreter, so
 * that `decode` never throws for a grammar the interpreter can run.
 * @internal
 */
export function compiledDecoderOf(node: Node, makeFunction: FunctionFactory = newFunction): DecodeFn | undefined {
  if (codeGenerationRefused) return undefined
  try {
    return buildDecoder(node, makeFunction, decoderOf(node)) as DecodeFn
  } catch (thrown) {
    if (thrown instanceof EvalError && makeFunction === newFunction) codeGenerationRefused = true
    return undefined
  }
}

/** As {@link compiledDecoderOf}, for encoding. @internal */
export function compiledEncoderOf(node: Node, makeFunction: FunctionFactory = newFunction): EncodeFn | undefined {
  if (codeGenerationRefused) return undefined
  try {
    return withEncodeFallback(buildEncoder(node, makeFunction), encoderOf(node))
  } catch (thrown) {
    if (thrown instanceof EvalError && makeFunction === newFunction) codeGenerationRefused = true
    return undefined
  }
}

/**
 * The generated decoder of a node. With `interpreted`, a failure restores
 * the state and runs it (the compiled codec's decoder); without, the
 * function returns {@link FAIL} (for tests of the generated code alone).
 * @internal
 */
export function buildDecoder(node: Node, makeFunction: FunctionFactory = newFunction, interpreted?: DecodeFn): (s: DecodeState) => unknown {
  if (!opensAtRunTime(node)) return generateDecoder(node, makeFunction, interpreted, (inner) => openDecoder(inner, makeFunction))
  // Grammars that `dependentOpen` makes at run time are called out for at
  // first; after some use the decoder is made again, with the grammar each
  // site has always given decoded in line (open-feedback.ts).
  let opened = 0
  const open = (inner: Node, site: Node) => {
    // Only until the decoder is made again: after that a call-out costs what it did before.
    if (opened < RESPECIALISE_AFTER) {
      recordOpen(site, inner)
      if (++opened === RESPECIALISE_AFTER) {
        try {
          current = generateDecoder(node, makeFunction, interpreted, open)
        } catch {
          // Keep the decoder that runs.
        }
      }
    }
    return openDecoder(inner, makeFunction)
  }
  let current = generateDecoder(node, makeFunction, interpreted, open)
  return (s) => current(s)
}

/** Calls out for grammars made at run time before the decoder is made again with what they were. */
const RESPECIALISE_AFTER = 64

// Only where a call-out costs frames of names (the grammar keeps names):
// elsewhere (EVR's unknown TLV fields) it is a plain call, and the extra
// call through the rebuilt decoder would cost more than it saves.
/**
 * Whether `node` opens grammars at run time inside a frame of names, so
 * that its decoder over a state is made again with what each site opened
 * decoded in line. The default path keeps that decoder for such grammars
 * rather than the stateless one, which would call out with a fresh state
 * per opened grammar (IPv4 with TCP/UDP payloads: 0.65 of hand-written
 * through the stateless decoder, 0.89 through the state path).
 * @internal
 */
export function opensAtRunTime(node: Node): boolean {
  return needsScopeGuard(node) && hasOpenSite(node)
}

const hasOpenSite = holdsAnywhere((node) => node.tag === 'dependent' && node.otherwise !== undefined)

function generateDecoder(node: Node, makeFunction: FunctionFactory, interpreted: DecodeFn | undefined, open: (node: Node, site: Node) => DecodeFn): (s: DecodeState) => unknown {
  const e = new Emitter()
  const failValue = e.constant(FAIL)
  // S0: the caller's frame of names (fields that references may name).
  let prologue = 'const bytes = s.bytes; let pos = s.pos; const L0 = s.limit, R0 = s.regions, S0 = s.scope;'
  // Checksum reports, a policy for every checksum, or a struct asked to
  // share its caller's names: the interpreter's business.
  const guarded = needsScopeGuard(node)
  const guard = (fail: string) => {
    if (guarded) e.line(`if (s.joinScope || s.checksums !== undefined || s.checksumPolicy !== undefined) ${fail};`)
  }
  if (interpreted === undefined) {
    guard(`return ${failValue}`)
    const v = emitDecode(e, node, { limit: 'L0', fail: `return ${failValue}`, marker: false, regions: 0, open })
    e.line(`s.pos = pos; return ${v};`)
  } else {
    // On failure, start again from the same state with the interpreter,
    // which makes the error. An exception from a user function in the
    // grammar (a checksum algorithm, a mapping) takes the same way, so that
    // the interpreter turns it into a typed error: decode never throws.
    prologue += guarded ? ' const P0 = pos, C0 = s.committed, J0 = s.joinScope;' : ' const P0 = pos, C0 = s.committed;'
    const retry = e.constant(interpreted)
    e.line('try { top: {')
    guard('break top')
    const v = emitDecode(e, node, { limit: 'L0', fail: 'break top', marker: false, regions: 0, open })
    e.line(`s.pos = pos; return ${v}; } } catch {}`)
    e.line(`s.pos = P0; s.committed = C0; s.limit = L0; s.regions = R0; s.scope = S0; ${guarded ? 's.joinScope = J0; ' : ''}s.error = undefined; return ${retry}(s);`)
  }
  return e.build(makeFunction, 'decodeCompiled', 's', prologue, grammarName(node))
}

/**
 * A decoder that needs no state object: it decodes `bytes` from `start`
 * up to `end`, returns the value and leaves where it stopped in
 * {@link statelessEnd}, or returns {@link FAIL} on any failure ({@link THREW}
 * where generated code threw), after which the caller runs the
 * interpreter over a state, which makes the error. The default path of
 * `decode` and `decodePrefix` runs it first: for input that decodes it
 * skips the state (14 fields), its save and restore, and the fallback's
 * set-up; a state is made only where the code calls out.
 * @internal
 */
export type StatelessDecodeFn = (bytes: Uint8Array, start: number, end: number) => unknown

/**
 * The stateless decoder of `node` (see {@link StatelessDecodeFn}), or
 * undefined where code generation is refused or fails, as for
 * {@link compiledDecoderOf}.
 * @internal
 */
export function compiledStatelessDecoderOf(node: Node, makeFunction: FunctionFactory = newFunction): StatelessDecodeFn | undefined {
  if (codeGenerationRefused) return undefined
  try {
    return generateStatelessDecoder(node, makeFunction)
  } catch (thrown) {
    if (thrown instanceof EvalError && makeFunction === newFunction) codeGenerationRefused = true
    return undefined
  }
}

function generateStatelessDecoder(node: Node, makeFunction: FunctionFactory): StatelessDecodeFn {
  const open = (inner: Node) => openDecoder(inner, makeFunction)
  const stateless: StatelessCalls = {
    open: (inner) => openStatelessDecoder(inner, makeFunction),
    of: (inner) => (needsScopeGuard(inner) ? undefined : compiledStatelessDecoderOf(inner, makeFunction)),
  }
  const e = new Emitter({ stateless: true })
  const end = e.constant(statelessEnd)
  // As a fresh state over the input would be: no caller's names, no
  // region, nothing committed. Checksum reports, policies and a joined
  // scope are set only by callers that pass a state: no guard here.
  // (`start` is a parameter where `decode` would pass 0: with a literal 0
  // for `pos`, V8 made TLM's decoder 5-8 % slower, measured on Node 20.)
  const prologue = 'let pos = start, s, committed = false; const L0 = end, R0 = 0, S0 = undefined;'
  e.line('try { top: {')
  const v = emitDecode(e, node, { limit: 'L0', fail: 'break top', marker: false, regions: 0, open, stateless })
  e.line(`${end}.pos = pos; ${end}.committed = committed; return ${v}; } } catch { return ${e.constant(THREW)}; }`)
  e.line(`${end}.committed = committed; return ${e.constant(FAIL)};`)
  return e.build(makeFunction, 'decodeStateless', 'bytes, start, end', prologue, grammarName(node))
}

// Grammars that `dependentOpen`'s otherwise returns are known only at run
// time. One seen a second time is worth compiling (protocols return the
// same grammar for the same head); one seen once is interpreted.
const openDecoders = new WeakMap<Node, DecodeFn | 'seen'>()
// The same, for stateless decoders; null for a grammar that cannot have one
// (it refers to names of enclosing structs, which only a state carries).
const openStatelessDecoders = new WeakMap<Node, StatelessDecodeFn | 'seen' | null>()

/**
 * The stateless decoder of a grammar that `dependentOpen`'s otherwise gave
 * (see openDecoder), or undefined: a stateless decoder calls it with no
 * state to set up and restore around the call, and since grammars of one
 * structure share one generated function (emitter.ts), the engine can
 * inline it at the call site. Undefined the first time a grammar is seen,
 * and for grammars that refer to names (the call-out with a state then
 * runs, as in the decoder over a state).
 */
function openStatelessDecoder(node: Node, makeFunction: FunctionFactory): StatelessDecodeFn | undefined {
  const known = openStatelessDecoders.get(node)
  if (typeof known === 'function') return known
  if (known === null) return undefined
  if (known === undefined) {
    openStatelessDecoders.set(node, 'seen')
    return undefined
  }
  let fn: StatelessDecodeFn | null = null
  if (!needsScopeGuard(node)) {
    try {
      fn = generateStatelessDecoder(node, makeFunction)
    } catch {
      // Too large, or code generation refused: the call-out with a state.
    }
  }
  openStatelessDecoders.set(node, fn)
  return fn ?? undefined
}

function openDecoder(node: Node, makeFunction: FunctionFactory): DecodeFn {
  const known = openDecoders.get(node)
  if (typeof known === 'function') return known
  if (known === undefined) {
    openDecoders.set(node, 'seen')
    return decoderOf(node)
  }
  let fn: DecodeFn
  try {
    fn = buildDecoder(node, makeFunction, decoderOf(node)) as DecodeFn
  } catch {
    fn = decoderOf(node)
  }
  openDecoders.set(node, fn)
  return fn
}

/** The generated encoder of a node, without the interpreter fallback. @internal */
export function buildEncoder(node: Node, makeFunction: FunctionFactory = newFunction): (s: EncodeState, v: unknown) => unknown {
  const e = new Emitter()
  const fail = e.constant(FAIL)
  const open = (inner: Node) => openEncoder(inner, makeFunction)
  const scoped = (struct: Node) => mixedEncoderOf(makeFunction)(struct)
  emitEncode(e, node, 'value', { fail: `return ${fail}`, open, scoped })
  e.line('s.pos = pos; return undefined;')
  return e.build(makeFunction, 'encodeCompiled', 's, value', 'let pos = s.pos, bytes = s.bytes, view = s.view;', `${grammarName(node)}.encode`)
}

const openEncoders = new WeakMap<Node, EncodeFn | 'seen'>()

// As openDecoder, for encoding.
function openEncoder(node: Node, makeFunction: FunctionFactory): EncodeFn {
  const known = openEncoders.get(node)
  if (typeof known === 'function') return known
  if (known === undefined) {
    openEncoders.set(node, 'seen')
    return encoderOf(node)
  }
  let fn: EncodeFn
  try {
    fn = withEncodeFallback(buildEncoder(node, makeFunction), encoderOf(node))
  } catch {
    fn = encoderOf(node)
  }
  openEncoders.set(node, fn)
  return fn
}

/**
 * Encoders for the parts of a struct with references between fields: the
 * interpreter's own builders for every node that takes part in the
 * struct's frame of names (references, derived and checksum fields, and
 * whatever holds them), and generated code, with the interpreter fallback,
 * for every part that does not (a field's value, a nested plain struct,
 * the field a derived value or checksum is written with).
 *
 * Errors stay the interpreter's: a generated part that fails reruns that
 * part's interpreter from the same position, and since the part does not
 * touch the frame, nothing it did is left behind. Parts that bind names
 * as they encode (see bindsOnEncode), or that may reach the frame through a
 * grammar made at run time (`dependentOpen`), keep the interpreter's
 * builders too, over generated code for their own parts.
 */
function mixedEncoderOf(makeFunction: FunctionFactory): EncoderOf {
  const made = new Map<Node, EncodeFn>()
  const of = (node: Node): EncodeFn => {
    let fn = made.get(node)
    if (fn === undefined) {
      fn = usesScope(node) || hasOpenSite(node) || bindsOnEncode(node) ? buildEncoderWith(node, of) : generatedPart(node, makeFunction)
      made.set(node, fn)
    }
    return fn
  }
  return of
}

// Parts that write into the enclosing frame of names as they encode: a
// `dependent` binds its head's name there (a later size may name it), and
// a custom codec or a lazy grammar may do anything with the state.
// Generated code does neither, so they keep the interpreter's builders.
const bindsOnEncode = holdsAnywhere((node) => node.tag === 'dependent' || node.tag === 'custom' || node.tag === 'lazy')

function generatedPart(node: Node, makeFunction: FunctionFactory): EncodeFn {
  // A part compiled already (a `compile`d codec used as a field) has its code.
  if (isCompiledNode(node)) return encoderOf(node)
  try {
    return withEncodeFallback(buildEncoder(node, makeFunction), encoderOf(node))
  } catch (thrown) {
    // Code generation refused: the whole grammar stays interpreted (compile decides).
    if (thrown instanceof EvalError) throw thrown
    return encoderOf(node)
  }
}

function withEncodeFallback(fast: (s: EncodeState, v: unknown) => unknown, interpreted: EncodeFn): EncodeFn {
  return (s, v) => {
    const pos = s.pos
    if (fast(s, v) !== FAIL) return
    s.pos = pos
    s.error = undefined
    interpreted(s, v)
  }
}
