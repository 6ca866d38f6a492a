// The worked migration of docs/MIGRATING_FROM_BINARY_PARSER.md, as a module
// the bench and the tests import. The doc shows this code verbatim (imports
// spelled as a user writes them); test/interop/migration-doc.test.ts checks
// that, and runs the doc's blocks.
// doc:begin
import { Parser } from 'binary-parser'
import { map } from '../../combinators/index.js'
import { fromBinaryParser } from '../../src/interop/index.js'

// The legacy definition, as it is in production today.
const legacyReading = new Parser().uint16be('sensorId').uint8('kind').int32be('value')
export const legacyBatch = new Parser()
  .uint16be('magic', { assert: 0x5342 })
  .uint8('version', { assert: 1 })
  .uint8('count')
  .array('readings', { type: legacyReading, length: 'count' })

export interface Reading {
  sensorId: number
  kind: number
  value: number
}
interface LegacyBatch {
  magic: number
  version: number
  count: number
  readings: Reading[]
}

// Step 1: the definition, unchanged, as an oxwire grammar.
export const batchV1 = fromBinaryParser<LegacyBatch>(legacyBatch, { name: 'batch', size: { max: 4 + 255 * 7 } })

// Step 2: consumers move to the value the new grammar will give.
export const batchV2 = map(
  batchV1,
  (legacy) => ({ readings: legacy.readings }),
  (batch) => ({ magic: 0x5342, version: 1, count: batch.readings.length, readings: batch.readings }),
)
// doc:end
// doc:native:begin
import { array, constant, i32be, marker, struct, u16be, u8 } from '../../combinators/index.js'

// Step 3: the same frames in native combinators.
const reading = struct({ sensorId: u16be, kind: u8, value: i32be })
export const batch = struct({
  magic: marker(constant(u16be, 0x5342)),
  version: constant(u8, 1),
  readings: array(u8, reading),
})
// doc:native:end
