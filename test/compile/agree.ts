import { expect } from 'vitest'
import type { Grammar } from '../../src/grammar/codec.js'
import { decode, decodePrefix, encode } from '../../src/api.js'
import { DecodeState } from '../../src/runtime/decode-state.js'
import { EncodeState } from '../../src/runtime/encode-state.js'
import { buildDecoder, buildEncoder, compiledStatelessDecoderOf, isCompiled, type StatelessDecodeFn } from '../../src/compile/compile.js'
import { interpreted } from '../../src/compile/execution.js'
import { FAIL, statelessEnd } from '../../src/compile/runtime.js'

/** A call's result or what it threw: an exception (a bug, where the interpreter has one) must be the same too. */
export function outcome(run: () => unknown): unknown {
  try {
    return { returned: run() }
  } catch (thrown) {
    return { threw: String(thrown) }
  }
}

// `decode(grammar)` itself compiles after a few uses: the reference is the
// grammar forced onto the interpreter, and the other side must really be
// generated code, or the comparison would be of one thing with itself.
function sides(grammar: Grammar, compiled: Grammar): Grammar {
  expect(isCompiled(compiled), 'the compiled side runs generated code').toBe(true)
  return interpreted(grammar)
}

function alike(compiled: Grammar, reference: Grammar, bytes: Uint8Array): void {
  expect(outcome(() => decode(compiled, bytes))).toStrictEqual(outcome(() => decode(reference, bytes)))
  expect(outcome(() => decodePrefix(compiled, bytes))).toStrictEqual(outcome(() => decodePrefix(reference, bytes)))
}

/** The compiled codec decodes `bytes` exactly as the interpreter does (value or error, deep-equal). */
export function decodesAlike(grammar: Grammar, compiled: Grammar, bytes: Uint8Array): void {
  alike(compiled, sides(grammar, compiled), bytes)
}

/**
 * The compiled codec and the interpreter agree on a frame: encoding its
 * `value`, and decoding its `bytes`, the bytes with the one at `at` (modulo
 * their length) flipped by `mask`, and every proper prefix of them.
 */
export function agreeOnFrame(grammar: Grammar, compiled: Grammar, value: unknown, bytes: Uint8Array, at: number, mask: number): void {
  const reference = sides(grammar, compiled)
  alike(compiled, reference, bytes)
  expect(outcome(() => encode(compiled as never, value))).toStrictEqual(outcome(() => encode(reference as never, value)))
  if (bytes.length > 0) {
    const corrupted = bytes.slice()
    const i = at % bytes.length
    corrupted[i] = (corrupted[i] as number) ^ mask
    alike(compiled, reference, corrupted)
  }
  for (let n = 0; n < bytes.length; n++) alike(compiled, reference, bytes.subarray(0, n))
}

/** The compiled codec encodes `value` exactly as the interpreter does. */
export function encodesAlike(grammar: Grammar, compiled: Grammar, value: unknown): void {
  const reference = sides(grammar, compiled)
  expect(outcome(() => encode(compiled as never, value))).toStrictEqual(outcome(() => encode(reference as never, value)))
}

/**
 * The generated code alone (no interpreter fallback) decodes these bytes:
 * the state path's function, and the stateless decoder that `decode`
 * tries first, to the same value and end.
 */
export function fastPathDecodes(grammar: Grammar, bytes: Uint8Array): unknown {
  const state = new DecodeState(bytes)
  const value = buildDecoder(grammar.node)(state)
  expect(value).not.toBe(FAIL)
  const stateless = compiledStatelessDecoderOf(grammar.node)
  expect(stateless, 'a stateless decoder is generated').toBeDefined()
  expect((stateless as StatelessDecodeFn)(bytes, 0, bytes.length)).toStrictEqual(value)
  expect(statelessEnd.pos).toBe(state.pos)
  return value
}

/** The generated code alone (no interpreter fallback) encodes this value, giving these bytes. */
export function fastPathEncodes(grammar: Grammar, value: unknown, bytes: Uint8Array): void {
  const state = new EncodeState(8)
  expect(buildEncoder(grammar.node)(state, value)).not.toBe(FAIL)
  expect(state.bytes.slice(0, state.pos)).toStrictEqual(bytes)
}
