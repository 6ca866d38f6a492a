// The compiled back end against the interpreter, on inputs neither side
// chose: values and frames derived from each grammar, and those frames
// damaged by the toolkit's mutators (byte changes, truncations, inserted
// garbage, lengths past the end). Value or error, and any throw, must be
// the same. 16 grammars, 100 runs each.
import { test, expect } from 'vitest'
import fc from 'fast-check'
import * as C from '../../combinators/index.js'
import { decode, encode } from '../../src/index.js'
import { compile, isCompiled } from '../../src/compile/compile.js'
import { interpreted } from '../../src/compile/execution.js'
import { arbitraryFrame, arbitraryMutation, mutate } from '../../src/testing/index.js'
import { telemetry, eventRecord, detect } from '../../protocols/index.js'
function outcome(run: () => unknown): unknown {
  try {
    return { returned: run() }
  } catch (thrown) {
    return { threw: String(thrown) }
  }
}
// `any`: grammars of unrelated value types in one table.
const grammars: Record<string, any> = {
  tlm: telemetry, evr: eventRecord, detect,
  bits24: C.bits({ a: C.uint(7), b: C.flag, c: C.uint(16) }),
  signed: C.struct({ a: C.i8, b: C.i16le, c: C.i32be, d: C.i64be, e: C.f64le, f: C.f32be }),
  skipEnd: C.checksummed(C.struct({ a: C.varBytes(C.u8), b: C.u16be }), C.crc16CcittFalse, C.u16be, { skipEnd: 2, skipStart: 1 }),
  enumHeadOpen: C.dependentOpen(C.u8, { 1: C.struct({ x: C.u8 }) }, (h) => C.imap(C.u16le, (n) => ({ h, n }), (v: any) => v.n), (v: any) => ('x' in v ? 1 : v.h)),
  nestedSized: C.sized(C.u8, C.struct({ a: C.sized(C.u8, C.many(C.u16be)), b: C.utf8(C.rest) })),
  arrayOfArrays: C.array(C.uleb128(2), C.array(C.u8, C.utf8(C.varBytes(C.uleb128(1))))),
  fixedText: C.struct({ t: C.utf8(C.bytes(5)), u: C.utf8(C.sized(3, C.rest)) }),
  marker: C.oneOf(C.named('x', C.struct({ m: C.marker(C.constant(C.u16le, 0xabcd)), v: C.varBytes(C.u8) })), C.named('y', C.struct({ m: C.marker(C.constant(C.u8, 0xab)), v: C.u32le }))),
  taggedUnion: C.taggedUnion(C.enumeration(C.u8, { a: 1, b: 2, c: 3 }), 'k', { a: C.struct({}), b: C.struct({ v: C.f32be }), c: C.struct({ w: C.array(3, C.bits({ p: C.uint(4), q: C.uint(4) })) }) }),
  wideBits: C.struct({ a: C.bits({ s: C.int(5), l: C.uint(3) }, { bitOrder: 'lsb' }), b: C.bits({ x: C.int(12), y: C.uint(20) }, { bitOrder: 'lsb' }), c: C.bits({ v: C.uint(60), f: C.flag, n: C.int(3) }), d: C.u24le, e: C.i24be }),
  untilZero: C.struct({ n: C.u8, list: C.repeatUntil(C.struct({ t: C.u8, v: C.u16le }), (r) => r.t === 0, { maxItems: 5 }) }),
  tree: C.struct({ value: C.u8, children: C.array(C.u8, C.lazy(() => grammars.tree, { maxDepth: 4 })) }),
  ranges: C.struct({ a: C.range(C.u16be, 5, 900), b: C.range(C.f32le, -1, 1), c: C.range(C.u64be, 3n, 10n ** 15n), d: C.refine(C.u8, (n) => n % 3 === 0, 'x3') }),
}
for (const [name, g] of Object.entries(grammars)) test(`${name}: compiled and interpreted agree on derived and damaged frames (100 runs)`, () => {
  const compiled = compile(g)
  // `g` itself compiles after a few uses: the reference is forced onto the interpreter.
  const reference = interpreted(g)
  expect(isCompiled(compiled)).toBe(true)
  fc.assert(fc.property(arbitraryFrame(g).chain((f) => arbitraryMutation(g, f.value, f.bytes).map((m) => ({ ...f, m }))), ({ value, bytes, m }) => {
    expect(outcome(() => encode(compiled, value))).toStrictEqual(outcome(() => encode(reference, value)))
    expect(outcome(() => decode(compiled, bytes))).toStrictEqual(outcome(() => decode(reference, bytes)))
    const damaged = mutate(g, value, bytes, m)
    expect(outcome(() => decode(compiled, damaged))).toStrictEqual(outcome(() => decode(reference, damaged)))
  }), { numRuns: 100 })
})
