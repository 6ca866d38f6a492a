// The default path: `decode`, `decodePrefix`, `encode` and the stream
// decoder interpret a grammar for its first few uses, then run generated
// code, with the same answers throughout; `interpreted()` and the
// environment variable keep the interpreter.
import { afterEach, describe, expect, it } from 'vitest'
import { decode, decodePrefix, encode } from '../../src/api.js'
import { compile, isCompiled, type StatelessDecodeFn } from '../../src/compile/compile.js'
import { interpreted, interpreterForced, INTERPRET_ENV } from '../../src/compile/execution.js'
import { COMPILE_AFTER_USES, decodesCompiled, decoderTier, encoderTier } from '../../src/compile/tiered.js'
import { createFrameDecoder } from '../../src/stream/frame-decoder.js'
import { constant, dependentOpen, imap, lazy, marker, named, oneOf, struct, u8, u16be, varBytes, utf8 } from '../../combinators/index.js'
import { FAIL } from '../../src/compile/runtime.js'
import type { Codec } from '../../src/grammar/codec.js'
import { ipv4Packet, telemetry } from '../../protocols/index.js'
import { capturedIpv4Packets } from '../bench/ipv4-corpus.js'

const ipv4Samples = capturedIpv4Packets().slice(0, 40)
import { tlmFixtures } from '../fixtures/tlm.js'

const fresh = () => struct({ id: u16be, name: utf8(varBytes(u8)) })
const value = { id: 513, name: 'pump' }
const bytes = Uint8Array.of(2, 1, 4, 0x70, 0x75, 0x6d, 0x70)

describe('the default path', () => {
  afterEach(() => {
    delete process.env[INTERPRET_ENV]
  })

  it('interprets the first uses and runs generated code after, with the same results', () => {
    const grammar = fresh()
    const answers: unknown[] = []
    for (let i = 0; i < COMPILE_AFTER_USES - 1; i++) answers.push(decode(grammar, bytes))
    expect(decodesCompiled(grammar)).toBe(false)
    for (let i = 0; i < 4; i++) answers.push(decode(grammar, bytes))
    expect(decodesCompiled(grammar)).toBe(true)
    for (const answer of answers) expect(answer).toEqual({ _tag: 'Right', right: value })
    // Errors are the interpreter's own, compiled or not.
    expect(decode(grammar, bytes.subarray(0, 5))).toEqual(decode(interpreted(grammar), bytes.subarray(0, 5)))
    expect(decodePrefix(grammar, Uint8Array.of(...bytes, 9))).toEqual({ _tag: 'Right', right: { value, bytesRead: 7 } })
  })

  it('counts decode and decodePrefix together, and encode on its own', () => {
    const grammar = fresh()
    for (let i = 0; i < COMPILE_AFTER_USES; i++) (i % 2 === 0 ? decode : decodePrefix)(grammar, bytes)
    expect(decodesCompiled(grammar)).toBe(true)
    expect(encoderTier(grammar.node).compiled).toBe(false)
    for (let i = 0; i < COMPILE_AFTER_USES; i++) expect(encode(grammar, value)).toEqual({ _tag: 'Right', right: bytes })
    expect(encoderTier(grammar.node).compiled).toBe(true)
    expect(encode(grammar, { id: 70000, name: 'x' })).toEqual(encode(interpreted(grammar), { id: 70000, name: 'x' }))
  })

  it('a stream decoder moves to generated code within one push', () => {
    const grammar = fresh()
    const decoder = createFrameDecoder(grammar)
    const events = decoder.push(new Uint8Array(Array.from({ length: 20 }, () => [...bytes]).flat()))
    expect(events).toHaveLength(20)
    for (const event of events) expect(event).toMatchObject({ type: 'frame', value })
    expect(decodesCompiled(grammar)).toBe(true)
  })

  it('uses a compiled codec as it is, from the first call', () => {
    const fast = compile(fresh())
    expect(isCompiled(fast)).toBe(true)
    expect(decodesCompiled(fast)).toBe(true)
  })

  it('never compiles a grammar passed through interpreted(), and leaves the grammar itself alone', () => {
    const grammar = fresh()
    const slow = interpreted(grammar)
    expect(interpreted(slow)).toBe(slow)
    expect(interpreted(grammar).node).toBe(slow.node)
    for (let i = 0; i < 3 * COMPILE_AFTER_USES; i++) {
      expect(decode(slow, bytes)).toEqual({ _tag: 'Right', right: value })
      expect(encode(slow, value)).toEqual({ _tag: 'Right', right: bytes })
    }
    expect(decodesCompiled(slow)).toBe(false)
    expect(encoderTier(slow.node).compiled).toBe(false)
    expect(decodesCompiled(grammar)).toBe(false)
    for (let i = 0; i < COMPILE_AFTER_USES; i++) decode(grammar, bytes)
    expect(decodesCompiled(grammar)).toBe(true)
  })

  it(`${INTERPRET_ENV} keeps every new grammar, and compile(), on the interpreter`, () => {
    process.env[INTERPRET_ENV] = '1'
    expect(interpreterForced()).toBe(true)
    const grammar = fresh()
    for (let i = 0; i < 3 * COMPILE_AFTER_USES; i++) expect(decode(grammar, bytes)).toEqual({ _tag: 'Right', right: value })
    expect(decodesCompiled(grammar)).toBe(false)
    expect(isCompiled(compile(fresh()))).toBe(false)
    process.env[INTERPRET_ENV] = '0'
    expect(interpreterForced()).toBe(false)
    process.env[INTERPRET_ENV] = ''
    expect(interpreterForced()).toBe(false)
  })

  it('decodes the protocol fixtures alike on either side of the switch', () => {
    const reference = interpreted(telemetry)
    const frames = tlmFixtures.map((f) => new Uint8Array(Buffer.from(f.hex.replace(/\s/g, ''), 'hex')))
    for (let round = 0; round < 2; round++) {
      for (const frame of frames) expect(decode(telemetry, frame)).toEqual(decode(reference, frame))
    }
    expect(decoderTier(telemetry.node).compiled).toBe(tlmFixtures.length * 2 >= COMPILE_AFTER_USES)
  })

  it('keeps the decoder over a state for a grammar that opens grammars inside a frame of names', () => {
    // IPv4's payload is opened by protocol number and its TCP/UDP checksum
    // names the IPv4 addresses: the state path decodes the payload in line
    // once respecialised, where the stateless decoder would call out for it.
    for (const packet of ipv4Samples) decode(ipv4Packet, packet)
    for (let i = 0; i < 80; i++) decode(ipv4Packet, ipv4Samples[i % ipv4Samples.length] as Uint8Array)
    expect(decodesCompiled(ipv4Packet)).toBe(true)
    expect(decoderTier(ipv4Packet.node).stateless).toBeUndefined()
    for (const packet of ipv4Samples) expect(decode(ipv4Packet, packet)).toEqual(decode(interpreted(ipv4Packet), packet))
  })

  it('runs the stateless decoder once promoted, and the interpreter for what it refuses', () => {
    const grammar = fresh()
    expect(decoderTier(grammar.node).stateless).toBeUndefined()
    for (let i = 0; i < COMPILE_AFTER_USES; i++) decode(grammar, bytes)
    const stateless = decoderTier(grammar.node).stateless as StatelessDecodeFn
    expect(stateless).toBeDefined()
    // It is the path taken: a value straight from it, and FAIL (not an error) for what it cannot decode.
    expect(stateless(bytes, 0, bytes.length)).toEqual(value)
    expect(stateless(bytes, 0, 5)).toBe(FAIL)
    expect(stateless(Uint8Array.of(9, ...bytes, 9), 1, 8)).toEqual(value)
    expect(decode(grammar, bytes)).toEqual({ _tag: 'Right', right: value })
    expect(decodePrefix(grammar, Uint8Array.of(...bytes, 1, 2))).toEqual({ _tag: 'Right', right: { value, bytesRead: 7 } })
    const reference = interpreted(grammar)
    for (const input of [bytes.subarray(0, 5), Uint8Array.of(...bytes, 9), Uint8Array.of(2, 1, 1, 0xff), new Uint8Array(0)]) {
      expect(decode(grammar, input)).toEqual(decode(reference, input))
      expect(decodePrefix(grammar, input)).toEqual(decodePrefix(reference, input))
    }
  })

  it('keeps a nested decode in a user function from confusing the outer one', () => {
    const inner = struct({ a: u8, b: u8 })
    // A mapping that decodes by itself: the nested call ends at another offset than the outer one.
    const outer = struct({ n: u16be, rest: imap(varBytes(u8), (raw) => decode(inner, raw.subarray(0, 2)), () => Uint8Array.of()) })
    const input = Uint8Array.of(0, 7, 3, 1, 2, 3, 0xee)
    for (let i = 0; i < 2 * COMPILE_AFTER_USES; i++) {
      expect(decodePrefix(outer, input)).toEqual({ _tag: 'Right', right: { value: { n: 7, rest: { _tag: 'Right', right: { a: 1, b: 2 } } }, bytesRead: 6 } })
      expect(decode(outer, input)).toEqual(decode(interpreted(outer), input))
    }
    expect(decoderTier(outer.node).stateless).toBeDefined()
    expect(decoderTier(inner.node).stateless).toBeDefined()
  })

  it('makes a state only where code calls out, with the markers as they stand', () => {
    // A recursive grammar calls out to the interpreter; a marker before it
    // commits its alternative of oneOf, so that the next is not tried.
    const nested = lazy(() => struct({ x: u8 }))
    const grammar = oneOf(named('a', struct({ m: marker(constant(u8, 1)), inner: nested })), named('b', struct({ any: u8, y: u8 })))
    const reference = interpreted(grammar)
    const inputs = [Uint8Array.of(1, 5), Uint8Array.of(1), Uint8Array.of(2, 5), Uint8Array.of(1, 5, 6)]
    for (let i = 0; i < 2 * COMPILE_AFTER_USES; i++) {
      for (const input of inputs) {
        expect(decode(grammar, input)).toEqual(decode(reference, input))
        expect(decodePrefix(grammar, input)).toEqual(decodePrefix(reference, input))
      }
    }
    expect(decoderTier(grammar.node).stateless).toBeDefined()
    // The committed alternative fails on a short input, and the next is not tried (b would take two bytes).
    expect(decode(grammar, Uint8Array.of(1))._tag).toBe('Left')
  })

  it('makes the stateless decoder and the one over a state each when first asked for', () => {
    const grammar = fresh()
    const stream = Array.from({ length: COMPILE_AFTER_USES + 2 }, () => [...bytes]).flat()
    // The stream decoder promotes the grammar: its function over a state only.
    expect(createFrameDecoder(grammar).push(new Uint8Array(stream))).toHaveLength(COMPILE_AFTER_USES + 2)
    expect(decodesCompiled(grammar)).toBe(true)
    expect(decoderTier(grammar.node).stateless).toBeUndefined()
    // decode asks for the stateless one, and has it from then on.
    expect(decode(grammar, bytes)).toEqual({ _tag: 'Right', right: value })
    expect(decoderTier(grammar.node).stateless).toBeDefined()
    // The other way round: decode promotes, a stream decoder then gets generated code too.
    const other = fresh()
    for (let i = 0; i < COMPILE_AFTER_USES; i++) decode(other, bytes)
    expect(decoderTier(other.node).stateless).toBeDefined()
    const state = decoderTier(other.node).next()
    expect(state).not.toBe(decoderTier(other.node).fallback)
    expect(createFrameDecoder(other).push(bytes)).toMatchObject([{ type: 'frame', value }])
  })

  it('keeps the commit of a marker in an alternative or an opened grammar decoded by its own stateless decoder', () => {
    // a commits on its first byte and then fails short: b (one byte) is not tried, as by the interpreter.
    const a = struct({ m: marker(constant(u8, 1)), x: u8, y: u8 })
    const b = struct({ any: u8 })
    const choice = oneOf(named('a', a), named('b', b))
    // An opened grammar with a marker, inside an alternative: its commit holds for the oneOf too.
    const inner = struct({ m: marker(constant(u8, 7)), z: u16be })
    const opened = dependentOpen(u8, { 0: struct({ none: u8 }) }, () => inner, () => 9)
    const nested = oneOf(named('open', struct({ head: opened })), named('any', struct({ any: u8, more: u8 })))
    const inputs = [Uint8Array.of(1, 5), Uint8Array.of(1, 5, 6), Uint8Array.of(2, 5), Uint8Array.of(9, 7, 1), Uint8Array.of(9, 7, 1, 2), Uint8Array.of(9, 8, 1), Uint8Array.of(0, 3)]
    for (const grammar of [choice, nested] as Codec<unknown>[]) {
      const reference = interpreted(grammar)
      for (let i = 0; i < 2 * COMPILE_AFTER_USES; i++) {
        for (const input of inputs) {
          expect(decode(grammar, input)).toEqual(decode(reference, input))
          expect(decodePrefix(grammar, input)).toEqual(decodePrefix(reference, input))
        }
      }
      expect(decoderTier(grammar.node).stateless).toBeDefined()
    }
    // What those cases are: committed failures, not the next alternative's success.
    expect(decodePrefix(choice, Uint8Array.of(1, 5))._tag).toBe('Left')
    expect(decodePrefix(nested, Uint8Array.of(9, 7, 1))._tag).toBe('Left')
    expect(decodePrefix(nested, Uint8Array.of(9, 8, 1))).toEqual({ _tag: 'Right', right: { value: { protocol: 'any', value: { any: 9, more: 8 } }, bytesRead: 2 } })
  })
})

