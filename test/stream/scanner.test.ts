import { describe, expect, it } from 'vitest'
import { scannerFor } from '../../src/stream/scanner.js'

const bytes = Uint8Array.of(0, 9, 1, 7, 2, 9, 3, 4, 5, 6)

// Every scanner must agree with the obvious linear search.
function reference(start: readonly number[] | undefined, from: number, to: number): number {
  for (let i = from; i < to; i++) if (start === undefined || start.includes(bytes[i] as number)) return i
  return to
}

describe('scannerFor', () => {
  for (const start of [undefined, [], [9], [7, 9], [1, 2, 3, 4], [2, 3, 4, 5, 6], [200]]) {
    it(`finds start bytes ${JSON.stringify(start)} like a linear search, within [from, to)`, () => {
      const scan = scannerFor(start)
      for (let from = 0; from <= bytes.length; from++) {
        for (let to = from; to <= bytes.length; to++) expect(scan(bytes, from, to)).toBe(reference(start, from, to))
      }
    })
  }

  it('does not reuse remembered positions across different inputs', () => {
    const scan = scannerFor([7, 9])
    expect(scan(bytes, 0, 10)).toBe(1)
    expect(scan(Uint8Array.of(7, 0, 0), 0, 3)).toBe(0)
    expect(scan(bytes, 2, 10)).toBe(3)
    expect(scan(bytes, 2, 3)).toBe(3)
  })
})
