import { describe, expect, test } from 'vitest'
import { HexReader, looksLikeHex } from '../../src/cli/hex-input.js'
import { parseJsonLine, toJsonLine } from '../../src/cli/json-lines.js'
import { createProgress } from '../../src/cli/progress.js'
import { Captured } from './cli-io.js'

describe('JSON lines', () => {
  test('bigints, bytes and special numbers are wrapped and restored', () => {
    const value = {
      big: 18446744073709551615n,
      small: -5n,
      bytes: Uint8Array.of(0, 255, 16),
      buffer: Buffer.from([1, 2]),
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      ninf: Number.NEGATIVE_INFINITY,
      negZero: -0,
      list: [1, 'two', { three: 3n }],
      plain: { $other: 1 },
    }
    const line = toJsonLine(value)
    expect(line).toContain('"big":{"$bigint":"18446744073709551615"}')
    expect(line).toContain('"bytes":{"$bytes":"00ff10"}')
    expect(line).toContain('"buffer":{"$bytes":"0102"}')
    expect(line).toContain('"nan":{"$number":"NaN"}')
    expect(line).toContain('"negZero":{"$number":"-0"}')
    expect(line).not.toContain('\n')
    const back = parseJsonLine(line) as Record<string, unknown>
    expect(back).toEqual({ ...value, buffer: Uint8Array.of(1, 2) })
    expect(Object.is(back.negZero, -0)).toBe(true)
    expect(back.bytes).toBeInstanceOf(Uint8Array)
  })
})

describe('hex input', () => {
  test('reads digit pairs across pieces, with whitespace and comments', () => {
    const reader = new HexReader()
    const a = reader.push('5a A5 0')
    const b = reader.push('1 # a comment 99\n ff\r\n\tB')
    const c = reader.push('5 # tail')
    reader.end()
    expect([...a, ...b, ...c]).toEqual([0x5a, 0xa5, 0x01, 0xff, 0xb5])
  })

  test('rejects other characters and an odd digit count', () => {
    expect(() => new HexReader().push('5a zz')).toThrow(/not a hex digit at character 3/)
    const reader = new HexReader()
    reader.push('5a5')
    expect(() => reader.end()).toThrow(/odd number/)
  })

  test('tells hex text from binary', () => {
    expect(looksLikeHex(new TextEncoder().encode('# frames\n5aa5 0101\n'))).toBe(true)
    expect(looksLikeHex(Uint8Array.of(0x5a, 0xa5, 0x01))).toBe(false)
    expect(looksLikeHex(new Uint8Array(0))).toBe(false)
  })
})

describe('progress', () => {
  test('draws on a terminal only, after half a second, at most ten times a second', () => {
    let now = 0
    const tty = new Captured(true)
    const progress = createProgress(tty, 'gen', 100, 'frames', () => now)
    progress.update(10) // too early
    expect(tty.text).toBe('')
    now = 600
    progress.update(50)
    now = 650
    progress.update(60) // throttled
    now = 800
    progress.update(100)
    progress.finish()
    const draws = tty.text.split('\r').filter((d) => d !== '')
    expect(draws[0]).toContain('[############............]  50% 50/100 frames')
    expect(draws[1]).toContain('100% 100/100')
    expect(draws).toHaveLength(3) // two draws and the clearing
    const pipe = new Captured(false)
    const silent = createProgress(pipe, 'gen', 100, 'frames', () => now)
    now = 10_000
    silent.update(50)
    silent.finish()
    expect(pipe.text).toBe('')
  })
})
