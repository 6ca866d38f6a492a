import fc, { type Arbitrary } from 'fast-check'
import type { Frame } from './frame.js'

/**
 * Inputs for the "any bytes" law: random bytes, and frames with up to three
 * bytes overwritten, sometimes also cut short or extended by one byte
 * (random bytes alone rarely get past a magic number or a checksum).
 * @internal
 */
export function anyBytes<A>(frames: Arbitrary<Frame<A>>): Arbitrary<Uint8Array> {
  const damaged = fc
    .tuple(frames, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }), fc.nat())
    .map(([frame, edits, cut]) => {
      const bytes = frame.bytes.slice()
      for (const [at, b] of edits) if (bytes.length > 0) bytes[at % bytes.length] = b
      if (cut % 4 === 0) return bytes.subarray(0, cut % (bytes.length + 1))
      if (cut % 4 === 1) return Uint8Array.of(...bytes, cut % 256)
      return bytes
    })
  return fc.oneof(fc.uint8Array({ maxLength: 48 }), damaged)
}

/**
 * Inputs for the "any value" law: anything JavaScript can hold (wrong
 * types, null prototypes, bigints, typed arrays), and valid values.
 * @internal
 */
export function anyValue<A>(values: Arbitrary<A>): Arbitrary<unknown> {
  return fc.oneof(fc.anything({ maxDepth: 2, withNullPrototype: true, withBigInt: true, withTypedArray: true }), values as Arbitrary<unknown>)
}
