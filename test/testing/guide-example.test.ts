// The beacon of docs/TESTING.md: its grammar must appear in the guide
// verbatim (imports spelled as a user writes them), and the guide's layout
// table must be the grammar's. The guide's block itself (every law, exact
// examples, derived frames) runs with the other guides' blocks, in
// test/docs/examples.test.ts.
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { withLayout } from '../../src/index.js'
// guide:imports
import { bits, checksummed, constant, crc16CcittFalse, flag, marker, refine, struct, u16le, u8, uint, utf8, varBytes } from '../../combinators/index.js'
// guide:begin
// A sensor beacon: sync byte, kind and flags, a non-zero id, a name, a CRC.
const id = refine(u16le, (n) => n !== 0, 'id 0 is reserved')
const beacon = checksummed(
  struct({
    sync: marker(constant(u8, 0xaa)),
    header: bits({ kind: uint(4), lowBattery: flag, spare: uint(3) }),
    id,
    name: utf8(varBytes(u8)),
  }),
  crc16CcittFalse,
  u16le,
)
// guide:end

test('docs/TESTING.md shows this grammar and its layout table as they are', () => {
  const source = readFileSync('test/testing/guide-example.test.ts', 'utf8')
  const between = (begin: string, end: string) => (source.split(`// ${begin}\n`)[1] ?? '').split(`// ${end}`)[0] ?? ''
  const imports = between('guide:imports', 'guide:begin').replace(`from '../../combinators/index.js'`, `from 'oxwire/combinators'`)
  const grammar = between('guide:begin', 'guide:end')
  const guide = readFileSync('docs/TESTING.md', 'utf8')
  expect(grammar.length).toBeGreaterThan(300)
  expect(guide).toContain(imports)
  expect(guide).toContain(grammar)
  expect(withLayout(guide, beacon)).toBe(guide)
})
