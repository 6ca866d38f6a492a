import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { crc, crc16CcittFalse, crc16Modbus, crc32IsoHdlc, crc8Smbus } from '../../combinators/index.js'
import { WindowCrc } from '../../src/stream/window-crc.js'

const bzip2 = crc({ name: 'CRC-32/BZIP2', width: 32, poly: 0x04c11db7, init: 0xffffffff, refIn: false, refOut: false, xorOut: 0xffffffff })
const refInOnly = crc({ name: 'CRC-16/odd', width: 16, poly: 0x8005, init: 0x1234, refIn: true, refOut: false, xorOut: 0x00ff })
const algorithms = [crc16CcittFalse, crc16Modbus, crc32IsoHdlc, crc8Smbus, bzip2, refInOnly]

describe('CRCs of overlapping windows in constant time', () => {
  for (const algorithm of algorithms) {
    it(`agrees with ${algorithm.name} on every window, once tables are built and before`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 64, maxLength: 600 }), fc.integer({ min: 1, max: 60 }), (bytes, length) => {
          const windows = WindowCrc.for(algorithm)
          if (windows === undefined) throw new Error('no parameters')
          for (let start = 0; start + length <= bytes.length; start += 3) {
            const fast = windows.compute(bytes, start, start + length)
            if (fast >= 0) expect(fast).toBe(algorithm.compute(bytes, start, start + length))
          }
          // Enough windows of one length that the tables are used.
          let last = -1
          for (let i = 0; i < 40; i++) last = windows.compute(bytes, 1, 1 + length)
          expect(last).toBe(algorithm.compute(bytes, 1, 1 + length))
        }),
        { numRuns: 30 },
      )
    })
  }

  it('follows a growing array that is only appended to, and starts over on another array', () => {
    const windows = WindowCrc.for(crc32IsoHdlc) as WindowCrc
    const store = new Uint8Array(5000)
    for (let i = 0; i < store.length; i++) store[i] = (i * 31 + 7) & 0xff
    for (let end = 200; end <= 5000; end += 50) {
      for (let start = end - 200; start < end - 100; start += 10) {
        const got = windows.compute(store.subarray(0, 5000), start, start + 100)
        if (got >= 0) expect(got).toBe(crc32IsoHdlc.compute(store, start, start + 100))
      }
    }
    const other = Uint8Array.from(store).reverse()
    expect(windows.compute(other, 10, 110)).toBe(crc32IsoHdlc.compute(other, 10, 110))
  })

  it('makes an evicted length recur as often again before rebuilding its tables', () => {
    // Valid traffic has many common frame lengths: with the evicted length's
    // count kept, every frame of it rebuilt a table (the stream decoder spent
    // a third of its time there).
    const windows = WindowCrc.for(crc16CcittFalse) as WindowCrc
    const bytes = new Uint8Array(400).map((_, i) => (i * 13) & 0xff)
    const tabled = (length: number): boolean => windows.compute(bytes, 0, length) >= 0
    // Nine lengths, each used until it has tables: the ninth evicts the first.
    for (let length = 10; length < 19; length++) {
      let uses = 1
      while (!tabled(length)) uses++
      expect(uses).toBe(32)
    }
    expect(tabled(10)).toBe(false)
    let uses = 1
    while (!tabled(10)) uses++
    expect(uses).toBe(31)
  })

  it('has nothing to offer an algorithm without catalogue parameters', () => {
    expect(WindowCrc.for({ name: 'sum', width: 8, compute: () => 0 })).toBeUndefined()
  })
})
