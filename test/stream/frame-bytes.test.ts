import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createFrameDecoder } from '../../src/stream/frame-decoder.js'
import { detect } from '../../protocols/index.js'
import { concat, evr, heartbeat } from '../server/helpers.js'

describe('frame events carry their bytes', () => {
  it('gives each frame exactly the bytes it was decoded from, however the stream is cut', () => {
    const frames = [heartbeat(1, 2), evr(3n, 4), heartbeat(5, 6)]
    const stream = concat(Uint8Array.of(0, 1, 2), frames[0]!, frames[1]!, Uint8Array.of(9), frames[2]!)
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length }), { maxLength: 6 }), (cuts) => {
        const decoder = createFrameDecoder(detect)
        const points = [...new Set(cuts)].sort((a, b) => a - b)
        const got: Uint8Array[] = []
        let at = 0
        for (const point of [...points, stream.length]) {
          for (const event of decoder.push(stream.subarray(at, point))) if (event.type === 'frame') got.push(event.bytes.slice())
          at = point
        }
        for (const event of decoder.end()) if (event.type === 'frame') got.push(event.bytes.slice())
        expect(got).toEqual(frames)
      }),
    )
  })
})
