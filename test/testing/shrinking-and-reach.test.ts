// Shrinking goes through fast-check's own combinators (tuple, array, map,
// oneof), so a failure in a deep, region-limited grammar still shrinks to
// a minimal value; and the size option reaches values that fill regions.
import { expect, test } from 'vitest'
import fc from 'fast-check'
import { eventRecord, eventRecordMaxFrame, telemetry, telemetryMaxFrame } from '../../protocols/index.js'
import { arbitrary, arbitraryFrame } from '../../src/testing/index.js'

test('a failing TLM property shrinks to the smallest counterexample', () => {
  const result = fc.check(
    fc.property(arbitrary(telemetry), (frame) => frame.payload.type !== 'batch' || frame.payload.readings.length < 3),
    { seed: 5 },
  )
  const reading = { sensorId: 0, unit: 'celsius', value: 0 }
  expect(result.counterexample).toEqual([{ seq: 0, timestamp: 0, payload: { type: 'batch', readings: [reading, reading, reading] } }])
})

test('a failing EVR property shrinks to one field of the failing kind', () => {
  const result = fc.check(fc.property(arbitrary(eventRecord), (record) => !record.fields.some((f) => f.tag === 'label' && f.text.length > 2)), { seed: 9 })
  expect(result.counterexample?.[0]).toMatchObject({ deviceId: 0n, eventId: 0, fields: [{ tag: 'label', text: expect.stringMatching(/^.{3}$/u) }] })
})

test("size 'max' reaches full frames: the 1038-byte TLM and, with one item per record, the 4104-byte EVR (300 samples each)", () => {
  const tlm = fc.sample(arbitraryFrame(telemetry, { size: 'max' }), { numRuns: 300, seed: 3 }).map((f) => f.bytes.length)
  expect(Math.max(...tlm)).toBe(telemetryMaxFrame)
  const evr = fc.sample(arbitraryFrame(eventRecord, { size: 'max', maxItems: 1 }), { numRuns: 300, seed: 3 }).map((f) => f.bytes.length)
  expect(Math.max(...evr)).toBeGreaterThan(eventRecordMaxFrame - 100)
  expect(Math.max(...evr)).toBeLessThanOrEqual(eventRecordMaxFrame)
})
