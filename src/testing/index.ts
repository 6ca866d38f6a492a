/**
 * Property-testing tools derived from any grammar: fast-check arbitraries of
 * valid values and frames, mutators for negative tests, and ready-made
 * properties callable in one line from a test runner. fast-check is a peer
 * dependency of this entry point only.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { struct, u8, u16be, varBytes } from 'oxwire/combinators'
 * import { checkGrammar } from 'oxwire/testing'
 * const message = struct({ id: u16be, body: varBytes(u8) })
 * // Throws fast-check's report (with a seed to replay) when a law fails.
 * assert.doesNotThrow(() => checkGrammar(message, { numRuns: 50 }))
 * ```
 * @module oxwire/testing
 */
export { arbitrary } from './arbitrary.js'
export { override, type ArbitraryOptions, type Override } from './options.js'
export { arbitraryFrame, type Frame } from './frame.js'
export {
  arbitraryMutation, changeByte, insertBytes, mutate, truncations,
  type ByteChange, type Insertion, type LengthPastEnd, type Mutation, type Truncation,
} from './mutate.js'
export { lengthFields, pointPastEnd, type LengthField } from './length-fields.js'
export {
  checkGrammar, checkIncompleteOnTruncation, checkRejectsCorruption, checkRoundTrip, grammarProperties,
  type DamagedFrame, type GrammarProperties, type PropertyOptions,
} from './properties.js'
export {
  assertDecodeFails, assertDecodesTo, assertEncodeFails, assertEncodesTo, assertRoundTrip,
  type BytesLike, type ExpectedDecodeError,
} from './codec-assertions.js'
export { assertWellFormedDecodeError, assertWellFormedEncodeError } from './well-formed-error.js'
export { fromHex, toHex } from './hex.js'
