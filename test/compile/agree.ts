import { expect } from 'vitest'
import type { Grammar } from '../../src/grammar/codec.js'
import { decode, decodePrefix, encode } from '../../src/api.js'
import { DecodeState } from '../../src/runtime/decode-state.js'
import { EncodeState } from '../../src/runtime/encode-state.js'
import { buildDecoder, buildEncoder } from '../../src/compile/compile.js'
import { FAIL } from '../../src/compile/runtime.js'

// An exception (a bug, where the interpreter has one) must be the same too.
function outcome(run: () => unknown): unknown {
  try {
    return { returned: run() }
  } catch (thrown) {
    return { threw: String(thrown) }
  }
}

/** The compiled codec decodes `bytes` exactly as the interpreter does (value or error, deep-equal). */
export function decodesAlike(interpreted: Grammar, compiled: Grammar, bytes: Uint8Array): void {
  expect(outcome(() => decode(compiled, bytes))).toStrictEqual(outcome(() => decode(interpreted, bytes)))
  expect(outcome(() => decodePrefix(compiled, bytes))).toStrictEqual(outcome(() => decodePrefix(interpreted, bytes)))
}

/** The compiled codec encodes `value` exactly as the interpreter does. */
export function encodesAlike(interpreted: Grammar, compiled: Grammar, value: unknown): void {
  expect(outcome(() => encode(compiled as never, value))).toStrictEqual(outcome(() => encode(interpreted as never, value)))
}

/** The generated code alone (no interpreter fallback) decodes these bytes. */
export function fastPathDecodes(grammar: Grammar, bytes: Uint8Array): unknown {
  const value = buildDecoder(grammar.node)(new DecodeState(bytes))
  expect(value).not.toBe(FAIL)
  return value
}

/** The generated code alone (no interpreter fallback) encodes this value, giving these bytes. */
export function fastPathEncodes(grammar: Grammar, value: unknown, bytes: Uint8Array): void {
  const state = new EncodeState(8)
  expect(buildEncoder(grammar.node)(state, value)).not.toBe(FAIL)
  expect(state.bytes.slice(0, state.pos)).toStrictEqual(bytes)
}
