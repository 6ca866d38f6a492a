import { deflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decode, encode } from '../../../src/index.js'
import {
  checksum, checksummed, crc32IsoHdlc, derived, flag, bits, imap, inflated, internetChecksum, length32, optional, ref, rest, sized, struct, u16be, u32le, uint, untilLast,
  ChecksumDataIncomplete, type ChecksumAlgorithm,
} from '../../../combinators/index.js'
import { nodeInflateRaw } from '../../../combinators/checksum/inflated.js'

const packed = (max?: number) => checksummed(untilLast(4, rest), inflated(length32, max === undefined ? {} : { maxOutputLength: max }), u32le)
const deflated = (text: string | Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(text))

describe('inflated', () => {
  it('checks an algorithm against the inflated data, and computes it on encode', () => {
    const data = deflated('a'.repeat(1000))
    const bytes = encode(packed(), data)
    expect(bytes._tag === 'Right' && [...bytes.right.subarray(data.length)]).toEqual([0xe8, 0x03, 0, 0])
    expect(inflated(crc32IsoHdlc).compute(data, 0, data.length)).toBe(crc32IsoHdlc.compute(new TextEncoder().encode('a'.repeat(1000)), 0, 1000))
    expect(inflated(crc32IsoHdlc).name).toBe('CRC-32/ISO-HDLC of the inflated data')
  })
  it('answers from the last stream inflated only when its bytes are the same', () => {
    const input = deflated('first')
    const algorithm = inflated(length32)
    expect(algorithm.compute(input, 0, input.length)).toBe(5)
    const other = deflated('other!')
    const copy = input.slice()
    expect(algorithm.compute(copy, 0, copy.length)).toBe(5)
    expect(algorithm.compute(other, 0, other.length)).toBe(6)
  })
  it('a cut stream is incomplete at the end of the input, invalid inside a region', () => {
    const data = deflated('hello hello hello')
    const cut = decode(packed(), Uint8Array.from([...data.subarray(0, 5), 1, 2, 3, 4]))
    expect(cut._tag === 'Left' && cut.left).toMatchObject({ kind: 'incomplete', offset: 0 })
    const boxed = decode(sized(9, packed()), Uint8Array.from([...data.subarray(0, 5), 1, 2, 3, 4]))
    expect(boxed._tag === 'Left' && boxed.left.kind).toBe('invalid')
    expect(() => inflated(length32).compute(data, 0, 3)).toThrow(ChecksumDataIncomplete)
  })
  it('refuses more inflated bytes than allowed, bytes after the stream, and damaged streams', () => {
    const big = deflated(new Uint8Array(5000))
    expect(() => inflated(length32, { maxOutputLength: 4999 }).compute(big, 0, big.length)).toThrow(/more than 4999/)
    expect(inflated(length32, { maxOutputLength: 5000 }).compute(big, 0, big.length)).toBe(5000)
    const trailing = Uint8Array.from([...deflated('x'), 0])
    expect(() => inflated(length32).compute(trailing, 0, trailing.length)).toThrow(/ends after/)
    expect(() => inflated(length32).compute(Uint8Array.of(0xff, 0xff), 0, 2)).toThrow(/invalid deflate stream/)
    const encoded = encode(packed(10), deflated(new Uint8Array(11)))
    expect(encoded._tag === 'Left' && encoded.left.message).toMatch(/more than 10/)
  })
  it('says so when the runtime has no node:zlib', () => {
    expect(nodeInflateRaw({})).toBeUndefined()
    expect(nodeInflateRaw({ process: { getBuiltinModule: () => ({}) } })).toBeUndefined()
    expect(typeof nodeInflateRaw()).toBe('function')
  })
  it('refuses bad arguments when built', () => {
    expect(() => inflated({} as ChecksumAlgorithm)).toThrow(TypeError)
    expect(() => inflated(length32, { maxOutputLength: 0 })).toThrow(RangeError)
    expect(() => length32.compute(new Uint8Array(2), 1, 3)).toThrow(RangeError)
  })
})

describe('a checksum field below its struct (in optional)', () => {
  const g = struct({
    flags: bits({ hasSum: derived(flag), spare: uint(7) }),
    id: u16be,
    sum: optional(ref('hasSum'), imap(checksum(u16be, internetChecksum), () => true as const, () => undefined)),
  })
  it('is verified on decode and computed on encode, named by its field', () => {
    const bytes = encode(g, { flags: { spare: 1 }, id: 0x1234, sum: true })
    if (bytes._tag === 'Left') throw new Error(bytes.left.message)
    expect(internetChecksum.compute(Uint8Array.of(0x81, 0x12, 0x34, 0, 0), 0, 5)).toBe((bytes.right[3] as number) * 256 + (bytes.right[4] as number))
    expect(decode(g, bytes.right)).toEqual({ _tag: 'Right', right: { flags: { spare: 1 }, id: 0x1234, sum: true } })
    const damaged = bytes.right.slice()
    damaged[2] = 0
    expect(decode(g, damaged)).toMatchObject({ left: { kind: 'checksum', offset: 3, path: ['sum'] } })
    expect(encode(g, { flags: { spare: 0 }, id: 1 })).toEqual({ _tag: 'Right', right: Uint8Array.of(0, 0, 1) })
  })
  it('with policy report, a stored value given is written as it is', () => {
    const kept = struct({ flags: bits({ has: derived(flag), spare: uint(7) }), sum: optional(ref('has'), checksum(u16be, internetChecksum, { policy: 'report' })) })
    expect(encode(kept, { flags: { spare: 0 }, sum: 0xabcd })).toEqual({ _tag: 'Right', right: Uint8Array.of(0x80, 0xab, 0xcd) })
  })
  it('outside any struct is a grammar error', () => {
    const alone = encode(imap(checksum(u16be, internetChecksum), () => true as const, () => undefined), true)
    expect(alone._tag === 'Left' && alone.left.message).toMatch(/must stand in a struct/)
  })
})
