import { describe, expect, test } from 'vitest'
import { HexReader, looksLikeHex } from '../../src/cli/hex-input.js'
import { parseJsonLine, toJsonLine } from '../../src/cli/json-lines.js'
import { humanBytes, humanCount, humanDuration, humanRate } from '../../src/cli/human.js'
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
    expect(() => new HexReader().push('5a zz')).toThrow(/not a hex digit at line 1, column 4: "z"/)
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
  test('draws a bar on a terminal only, after half a second, and clears it', () => {
    let now = 0
    const tty = new Captured(true)
    const progress = createProgress(tty, 'gen', 100, 'frames', () => now)
    progress.update(10) // too early
    expect(tty.text).toBe('')
    now = 600
    progress.update(50)
    expect(tty.text).toContain('gen [============------------] 50% 50 of 100 frames')
    now = 1000
    progress.update(100)
    progress.finish()
    const plain = tty.text.replace(/\x1b(\[[0-9;?]*[a-zA-Z]|[78])/g, '|')
    expect(plain).toContain('100% 100 of 100 frames | 100 frames/s')
    expect(tty.text.endsWith('\x1b[2K')).toBe(true) // the line is cleared at the end
    const pipe = new Captured(false)
    const silent = createProgress(pipe, 'gen', 100, 'frames', () => now)
    now = 10_000
    silent.update(50)
    silent.finish()
    expect(pipe.text).toBe('')
  })

  test('shows sizes for bytes', () => {
    let now = 0
    const tty = new Captured(true)
    const progress = createProgress(tty, 'send', 4_000_000, 'bytes', () => now)
    now = 2000
    progress.update(1_500_000)
    progress.finish()
    expect(tty.text).toContain('1.5 MB of 4 MB | 750 kB/s')
  })
})

describe('human sizes and rates', () => {
  test('bytes, counts, rates and durations', () => {
    expect(humanBytes(1337)).toBe('1.34 kB')
    expect(humanCount(1_000_000)).toBe('1,000,000')
    expect(humanRate(12_345, 1000, 'frames')).toBe('12.3 k frames/s')
    expect(humanRate(5, 1000, 'frames')).toBe('5 frames/s')
    expect(humanRate(4_100_000, 1000, 'bytes')).toBe('4.1 MB/s')
    expect(humanDuration(850)).toBe('850 ms')
    expect(humanDuration(12_400)).toBe('12.4 s')
  })
})
