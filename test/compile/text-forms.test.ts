// The compiled back end against the interpreter on text in every encoding
// and form and on untilLast regions: derived and damaged frames.
import { expect, test } from 'vitest'
import fc from 'fast-check'
import * as C from '../../combinators/index.js'
import { decode, encode } from '../../src/index.js'
import { compile, isCompiled } from '../../src/compile/compile.js'
import { interpreted } from '../../src/compile/execution.js'
import { arbitraryFrame, arbitraryMutation, mutate } from '../../src/testing/index.js'
import { fastPathDecodes } from './agree.js'
import type { Codec } from '../../src/index.js'

function outcome(run: () => unknown): unknown {
  try {
    return { returned: run() }
  } catch (thrown) {
    return { threw: String(thrown) }
  }
}

const grammars = {
  latin1: C.struct({ z: C.stringz('latin1'), p: C.fixedString(5, 'latin1', 0x20), t: C.text(C.varBytes(C.u8), 'latin1') }),
  ascii: C.struct({ z: C.stringz('ascii'), p: C.fixedString(4, 'ascii'), t: C.text(C.bytes(3), 'ascii') }),
  utf16le: C.struct({ z: C.stringz('utf16le'), p: C.fixedString(6, 'utf16le'), t: C.text(C.varBytes(C.u8), 'utf16le') }),
  utf16be: C.struct({ z: C.stringz('utf16be'), p: C.fixedString(6, 'utf16be'), t: C.text(C.rest, 'utf16be') }),
  utf8Forms: C.struct({ z: C.stringz(), p: C.fixedString(6), raw: C.terminated(0x0a), pad: C.padded(3, 0xff) }),
  untilLast: C.struct({ n: C.stringz('latin1'), data: C.untilLast(8, C.rest), crc: C.u32le, size: C.u32le }),
  untilLastNested: C.sized(C.u8, C.struct({ a: C.untilLast(2, C.many(C.u8)), b: C.u16be })),
}

for (const [name, g] of Object.entries(grammars) as [string, Codec<unknown>][]) {
  test(`${name}: compiled and interpreted agree on derived and damaged frames`, () => {
    const compiled = compile(g)
    const reference = interpreted(g)
    expect(isCompiled(compiled)).toBe(true)
    fc.assert(fc.property(arbitraryFrame(g).chain((f) => arbitraryMutation(g, f.value, f.bytes).map((m) => ({ ...f, m }))), ({ value, bytes, m }) => {
      expect(outcome(() => encode(compiled, value))).toStrictEqual(outcome(() => encode(reference, value)))
      expect(outcome(() => decode(compiled, bytes))).toStrictEqual(outcome(() => decode(reference, bytes)))
      const damaged = mutate(g, value, bytes, m)
      expect(outcome(() => decode(compiled, damaged))).toStrictEqual(outcome(() => decode(reference, damaged)))
    }), { numRuns: 60 })
  })
}

test('the generated code decodes text forms and untilLast itself, without the interpreter', () => {
  expect(fastPathDecodes(grammars.latin1, Uint8Array.of(0xe9, 0, 0x61, 0x20, 0x20, 0x20, 0x20, 1, 0xff))).toEqual({ z: 'é', p: 'a', t: 'ÿ' })
  expect(fastPathDecodes(grammars.untilLast, Uint8Array.of(0, 9, 9, 1, 0, 0, 0, 2, 0, 0, 0))).toEqual({ n: '', data: Uint8Array.of(9, 9), crc: 1, size: 2 })
})
