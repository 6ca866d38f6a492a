// Where code generation is refused (a Content Security Policy without
// `unsafe-eval` makes `new Function` throw an EvalError), the default path
// keeps the interpreter, with the same answers, and stops trying.
// Its own file: the refusal is remembered for the rest of the process.
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { decode, encode } from '../../src/api.js'
import { compile, isCompiled } from '../../src/compile/compile.js'
import { COMPILE_AFTER_USES, decodesCompiled, encoderTier } from '../../src/compile/tiered.js'
import { struct, u8, u16be } from '../../combinators/index.js'

let attempts = 0
beforeAll(() => {
  vi.stubGlobal('Function', function refused() {
    attempts += 1
    throw new EvalError('Code generation from strings disallowed for this context')
  })
})
afterAll(() => {
  vi.unstubAllGlobals()
})

it('interprets when new Function is refused, and tries once only', () => {
  const grammar = struct({ a: u16be, b: u8 })
  for (let i = 0; i < 3 * COMPILE_AFTER_USES; i++) {
    expect(decode(grammar, Uint8Array.of(1, 2, 3))).toEqual({ _tag: 'Right', right: { a: 258, b: 3 } })
    expect(encode(grammar, { a: 258, b: 3 })).toEqual({ _tag: 'Right', right: Uint8Array.of(1, 2, 3) })
  }
  expect(decodesCompiled(grammar)).toBe(false)
  expect(encoderTier(grammar.node).compiled).toBe(false)
  expect(attempts).toBe(1)
  const other = struct({ c: u8 })
  for (let i = 0; i < 3 * COMPILE_AFTER_USES; i++) expect(decode(other, Uint8Array.of(7))).toEqual({ _tag: 'Right', right: { c: 7 } })
  expect(attempts).toBe(1)
  expect(isCompiled(compile(other))).toBe(false)
})
