import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  crc, crc16CcittFalse, crc16Modbus, crc16Xmodem, crc32IsoHdlc, crc32c, crc8Smbus,
  internetChecksum, sum8, xor8, type ChecksumAlgorithm, type CrcParams,
} from '../../../combinators/checksum/index.js'
import { crc32IsoHdlcWith, NATIVE_CRC32_MIN, nodeCrc32 } from '../../../combinators/checksum/crc.js'

const check = new TextEncoder().encode('123456789')
const whole = (a: ChecksumAlgorithm, bytes: Uint8Array): number => a.compute(bytes, 0, bytes.length)

/** Bit-at-a-time Rocksoft model in BigInt, deliberately sharing nothing with the table code. */
function reference(p: CrcParams, bytes: Uint8Array): number {
  const w = BigInt(p.width)
  const mask = (1n << w) - 1n
  const top = 1n << (w - 1n)
  const rev = (v: bigint, bits: bigint): bigint => {
    let r = 0n
    for (let i = 0n; i < bits; i++) r = (r << 1n) | ((v >> i) & 1n)
    return r
  }
  let reg = BigInt(p.init)
  for (const byte of bytes) {
    const b = p.refIn ? rev(BigInt(byte), 8n) : BigInt(byte)
    reg ^= b << (w - 8n)
    for (let k = 0; k < 8; k++) reg = ((reg & top) !== 0n ? (reg << 1n) ^ BigInt(p.poly) : reg << 1n) & mask
  }
  if (p.refOut) reg = rev(reg, w)
  return Number((reg ^ BigInt(p.xorOut)) & mask)
}

describe('catalogue check values for ASCII "123456789"', () => {
  it.each([
    [crc16CcittFalse, 0x29b1],
    [crc16Modbus, 0x4b37],
    [crc16Xmodem, 0x31c3],
    [crc32IsoHdlc, 0xcbf43926],
    [crc32c, 0xe3069283],
    [crc8Smbus, 0xf4],
    [sum8, 0xdd],
    [xor8, 0x31],
    // Derived by hand (no catalogue lists it): words 3132 3334 3536 3738 3900
    // sum to 0x109D4; folding the carry gives 0x09D4 + 1 = 0x09D5; ~0x09D5 = 0xF62A.
    [internetChecksum, 0xf62a],
  ] as const)('%#', (alg, expected) => {
    expect(whole(alg, check), alg.name).toBe(expected)
  })
})

describe('parametric crc reproduces further RevEng entries', () => {
  it.each<[CrcParams, number]>([
    [{ name: 'CRC-16/ARC', width: 16, poly: 0x8005, init: 0, refIn: true, refOut: true, xorOut: 0 }, 0xbb3d],
    [{ name: 'CRC-16/KERMIT', width: 16, poly: 0x1021, init: 0, refIn: true, refOut: true, xorOut: 0 }, 0x2189],
    [{ name: 'CRC-32/BZIP2', width: 32, poly: 0x04c11db7, init: 0xffffffff, refIn: false, refOut: false, xorOut: 0xffffffff }, 0xfc891918],
    [{ name: 'CRC-32/MPEG-2', width: 32, poly: 0x04c11db7, init: 0xffffffff, refIn: false, refOut: false, xorOut: 0 }, 0x0376e6e7],
    [{ name: 'CRC-8/MAXIM-DOW', width: 8, poly: 0x31, init: 0, refIn: true, refOut: true, xorOut: 0 }, 0xa1],
    [{ name: 'CRC-16/GENIBUS', width: 16, poly: 0x1021, init: 0xffff, refIn: false, refOut: false, xorOut: 0xffff }, 0xd64e],
    [{ name: 'CRC-32/AUTOSAR', width: 32, poly: 0xf4acfb13, init: 0xffffffff, refIn: true, refOut: true, xorOut: 0xffffffff }, 0x1697d06a],
  ])('$name', (params, expected) => {
    const alg = crc(params)
    expect(alg.name).toBe(params.name)
    expect(alg.width).toBe(params.width)
    expect(whole(alg, check)).toBe(expected)
    expect(reference(params, check)).toBe(expected)
  })

  it('rejects parameters wider than the register', () => {
    const base = { name: 'bad', width: 16, poly: 0x1021, init: 0, refIn: false, refOut: false, xorOut: 0 } as const
    expect(() => crc({ ...base, poly: 0x11021 })).toThrow(RangeError)
    expect(() => crc({ ...base, init: -1 })).toThrow(RangeError)
    expect(() => crc({ ...base, xorOut: 0.5 })).toThrow(RangeError)
  })
})

describe('internet checksum', () => {
  it('matches the RFC 1071 section 3 example (sum 0xddf2)', () => {
    expect(whole(internetChecksum, Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7))).toBe(0x220d)
  })
  it('matches the published IPv4 header example (checksum 0xb861) and verifies to 0', () => {
    const header = Uint8Array.of(0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
      0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7)
    expect(whole(internetChecksum, header)).toBe(0xb861)
    header[10] = 0xb8
    header[11] = 0x61
    expect(whole(internetChecksum, header)).toBe(0)
  })
  it('folds carries from many words', () => {
    expect(whole(internetChecksum, new Uint8Array(100_000).fill(0xff))).toBe(0)
  })
})

const all: ChecksumAlgorithm[] = [
  crc16CcittFalse, crc16Modbus, crc16Xmodem, crc32IsoHdlc, crc32c, crc8Smbus, internetChecksum, sum8, xor8,
]

describe('ranges', () => {
  it.each(all.map((a) => [a.name, a] as const))('%s only reads [start, end)', (_, alg) => {
    const padded = new Uint8Array(5 + check.length + 7).fill(0xa5)
    padded.set(check, 5)
    expect(alg.compute(padded, 5, 5 + check.length)).toBe(whole(alg, check))
    expect(alg.compute(padded, 3, 3)).toBe(whole(alg, new Uint8Array(0)))
  })

  it.each(all.map((a) => [a.name, a] as const))('%s rejects ranges outside the buffer', (_, alg) => {
    expect(() => alg.compute(check, -1, 4)).toThrow(RangeError)
    expect(() => alg.compute(check, 5, 4)).toThrow(RangeError)
    expect(() => alg.compute(check, 0, 10)).toThrow(RangeError)
    expect(() => alg.compute(check, 0.5, 4)).toThrow(RangeError)
  })

  it('long ranges (through the native CRC-32 when present) agree with pure JS', () => {
    const js = crc32IsoHdlcWith(undefined)
    const big = Uint8Array.from({ length: 5000 }, (_, i) => (i * 131 + 7) & 0xff)
    for (const [s, e] of [[0, 5000], [3, 4099], [1, NATIVE_CRC32_MIN], [1, NATIVE_CRC32_MIN + 1], [10, 10]] as const) {
      expect(crc32IsoHdlc.compute(big, s, e)).toBe(js.compute(big, s, e))
    }
    expect(() => crc32IsoHdlc.compute(big, 0, 5001)).toThrow(RangeError)
  })

  it('routes by length when a native implementation is supplied', () => {
    const seen: number[] = []
    const js = crc32IsoHdlcWith(undefined)
    const alg = crc32IsoHdlcWith((data) => { seen.push(data.length); return js.compute(data, 0, data.length) })
    const buf = new Uint8Array(NATIVE_CRC32_MIN + 8).fill(7)
    expect(alg.compute(buf, 0, NATIVE_CRC32_MIN - 1)).toBe(js.compute(buf, 0, NATIVE_CRC32_MIN - 1))
    expect(alg.compute(buf, 1, NATIVE_CRC32_MIN + 1)).toBe(js.compute(buf, 1, NATIVE_CRC32_MIN + 1))
    expect(alg.compute(buf, 0, buf.length)).toBe(js.compute(buf, 0, buf.length))
    expect(seen).toEqual([NATIVE_CRC32_MIN, buf.length])
  })

  it('finds zlib.crc32 on Node that has it', () => {
    const native = nodeCrc32()
    expect(native === undefined || native(check) === 0xcbf43926).toBe(true)
  })

  it('falls back to pure JS where zlib.crc32 is missing (browsers, Node < 20.15)', () => {
    expect(nodeCrc32({})).toBeUndefined()
    expect(nodeCrc32({ process: {} })).toBeUndefined()
    expect(nodeCrc32({ process: { getBuiltinModule: () => ({}) } })).toBeUndefined()
    expect(nodeCrc32({ process: { getBuiltinModule: () => undefined } })).toBeUndefined()
  })
})

describe('table CRC equals the bit-by-bit reference', () => {
  const params = fc.constantFrom(8, 16, 32).chain((width) => {
    const word = fc.nat({ max: 2 ** width - 1 })
    return fc.record({
      name: fc.constant('random'), width: fc.constant(width as 8 | 16 | 32),
      poly: word, init: word, refIn: fc.boolean(), refOut: fc.boolean(), xorOut: word,
    })
  })
  const slice = fc.uint8Array({ maxLength: 80 }).chain((bytes) =>
    fc.tuple(fc.constant(bytes), fc.nat({ max: bytes.length }), fc.nat({ max: bytes.length }))
      .map(([b, x, y]) => ({ bytes: b, start: Math.min(x, y), end: Math.max(x, y) })))

  it('for random params, bytes and ranges', () => {
    fc.assert(fc.property(params, slice, (p, { bytes, start, end }) => {
      expect(crc(p).compute(bytes, start, end)).toBe(reference(p, bytes.subarray(start, end)))
    }), { numRuns: 500 })
  })

  it('for empty ranges: the init register, reflected if refOut, XOR xorOut', () => {
    fc.assert(fc.property(params, (p) => {
      const got = crc(p).compute(new Uint8Array(4), 2, 2)
      expect(got).toBe(reference(p, new Uint8Array(0)))
      // With no input the register is init, so only the output stage applies.
      const reflected = p.refOut ? Number.parseInt(p.init.toString(2).padStart(p.width, '0').split('').reverse().join(''), 2) : p.init
      expect(got).toBe((reflected ^ p.xorOut) >>> 0)
    }))
  })
})
