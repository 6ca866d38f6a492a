// The example of docs/TESTING.md, run as written: the lines between the
// guide markers below must appear in the guide verbatim (imports spelled as
// a user writes them), and the guide's layout table must be the grammar's.
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { withLayout } from '../../src/index.js'
// guide:begin
import { test } from 'vitest'
import fc from 'fast-check'
import { bits, checksummed, constant, crc16CcittFalse, flag, marker, refine, struct, u16le, u8, uint, utf8, varBytes } from '../../combinators/index.js'
import { arbitrary, arbitraryFrame, checkGrammar, override } from '../../src/testing/index.js'

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

// One line: both round trips, damaged frames, truncations, lengths past the end.
test('beacon keeps every property', () => checkGrammar(beacon))

// Derived frames as test data for your own properties.
test('every beacon fits in 262 bytes', () => {
  fc.assert(fc.property(arbitraryFrame(beacon), ({ bytes }) => bytes.length <= 262))
})

// A refinement that rejects most values gets its own arbitrary.
test('beacons with ids from a known range', () => {
  const known = arbitrary(beacon, { overrides: [override(id, fc.integer({ min: 1000, max: 1999 }))] })
  fc.assert(fc.property(known, (b) => b.id >= 1000 && b.id <= 1999))
})
// guide:end

test('docs/TESTING.md shows this example and its layout table as they are', () => {
  const source = readFileSync('test/testing/guide-example.test.ts', 'utf8')
  const example = (source.split('// guide:begin\n')[1] ?? '').split('// guide:end')[0] ?? ''
  const asUserWrites = example
    .replace(`from '../../combinators/index.js'`, `from 'oxwire/combinators'`)
    .replace(`from '../../src/testing/index.js'`, `from 'oxwire/testing'`)
  const guide = readFileSync('docs/TESTING.md', 'utf8')
  expect(example.length).toBeGreaterThan(500)
  expect(guide).toContain(asUserWrites)
  expect(withLayout(guide, beacon)).toBe(guide)
})
