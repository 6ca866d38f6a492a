// gzip members made by GNU gzip (with and without a file name) and by zlib's
// deflateSetHeader (every optional header field), from make-fixtures.sh:
// decoded, checked against node:zlib, re-encoded byte for byte. Perl's
// IO::Compress::Gzip writes a wrong FHCRC, which gzipMember rejects as GNU
// gzip does.
import { readFileSync } from 'node:fs'
import { deflateRawSync, gunzipSync, inflateRawSync } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compile, createFrameDecoder, decode, encode, formatError, interpreted, type ChecksumNode, type Grammar, type StructNode } from '../../../src/index.js'
import { checkRoundTrip, override } from '../../../src/testing/index.js'
import { gzipMember, type GzipMember } from '../../../protocols/index.js'

const read = (name: string): Uint8Array => new Uint8Array(readFileSync(`test/fixtures/gallery/${name}`))
function decoded(bytes: Uint8Array): GzipMember {
  const result = decode(gzipMember, bytes)
  if (E.isLeft(result)) throw new Error(formatError(result.left, bytes))
  return result.right
}
const sample = 'oxwire gzip sample: the quick brown fox jumps over the lazy dog\n'.repeat(3)

describe.each(['gnu-with-name.gz', 'gnu-no-name.gz', 'zlib-all-fields.gz'])('%s', (name) => {
  const bytes = read(name)
  const member = decoded(bytes)
  it('re-encodes byte for byte', () => {
    const again = encode(gzipMember, member)
    expect(E.isRight(again) && Buffer.compare(again.right, bytes)).toBe(0)
  })
  it('holds the compressed data that gunzip reads, its CRC-32 and size verified', () => {
    expect(Buffer.compare(inflateRawSync(member.data), gunzipSync(bytes))).toBe(0)
  })
  it('is incomplete wherever it is cut', () => {
    for (let n = 0; n < bytes.length; n++) {
      const cut = decode(gzipMember, bytes.subarray(0, n))
      expect(E.isLeft(cut) && cut.left.kind, `cut at ${n}`).toBe('incomplete')
    }
  })
  it('reports damaged data or a damaged trailer', () => {
    const trailer = bytes.slice()
    trailer[bytes.length - 8] = (trailer[bytes.length - 8] as number) ^ 1
    expect(decode(gzipMember, trailer)).toMatchObject({ left: { kind: 'checksum', algorithm: 'CRC-32/ISO-HDLC of the inflated data', offset: bytes.length - 8 } })
    const size = bytes.slice()
    size[bytes.length - 1] = 1
    const sized = decode(gzipMember, size)
    expect(E.isLeft(sized) && sized.left).toMatchObject({ kind: 'checksum', algorithm: 'LENGTH-MOD-2^32 of the inflated data', offset: bytes.length - 4 })
  })
})

describe('the header fields', () => {
  it('GNU gzip with a file name: FNAME, Unix, best compression', () => {
    const member = decoded(read('gnu-with-name.gz'))
    expect(member).toMatchObject({ flags: { text: false }, name: 'sample.txt', mtime: Date.UTC(2026, 10, 30) / 1000, extraFlags: 2, os: 3, extra: undefined, comment: undefined, headerCrc: undefined })
    expect(gunzipSync(read('gnu-with-name.gz')).toString()).toBe(sample)
  })
  it('GNU gzip from standard input: no name', () => {
    // gzip takes the time of the file its standard input is redirected from.
    expect(decoded(read('gnu-no-name.gz'))).toMatchObject({ name: undefined, mtime: Date.UTC(2026, 10, 30) / 1000, os: 3 })
  })
  it('zlib: FTEXT, FEXTRA with two subfields, FNAME, a Latin-1 FCOMMENT and FHCRC, verified', () => {
    const member = decoded(read('zlib-all-fields.gz'))
    expect(member).toMatchObject({
      flags: { text: true }, mtime: 1796000000, os: 3, extraFlags: 2, headerCrc: true, name: 'zlib-fields.txt', comment: 'made by zlib deflateSetHeader, café',
      extra: [{ id: 'ox', data: new TextEncoder().encode('wire') }, { id: 'AP', data: new Uint8Array(0) }],
    })
    const damaged = read('zlib-all-fields.gz')
    damaged[0x30] = 0x5a // inside the comment
    expect(decode(gzipMember, damaged)).toMatchObject({ left: { kind: 'checksum', algorithm: 'CRC-16/GZIP-FHCRC', offset: 0x4c, path: ['headerCrc'] } })
  })
  it("Perl's IO::Compress::Gzip: FHCRC written as crc32 & 0x00FF, refused as gzip -t refuses it", () => {
    const broken = decode(gzipMember, read('perl-all-fields.gz'))
    expect(broken).toMatchObject({ left: { kind: 'checksum', offset: 0x3a, found: 0x007b, expected: 0xc37b } })
    expect(E.isLeft(broken) && broken.left.message).toContain('stored 0x007b, computed 0xc37b')
  })
  it('refuses reserved flag bits and a method other than deflate', () => {
    const reserved = read('gnu-no-name.gz')
    reserved[3] = 0x20
    expect(decode(gzipMember, reserved)).toMatchObject({ left: { kind: 'invalid', offset: 3 } })
    const method = read('gnu-no-name.gz')
    method[2] = 7
    expect(decode(gzipMember, method)).toMatchObject({ left: { kind: 'invalid', offset: 2 } })
  })
  it('encodes Latin-1 names, subfields and a header CRC that gunzip accepts', () => {
    const member: GzipMember = { flags: { text: true }, mtime: 1, extraFlags: 0, os: 255, extra: [{ id: 'AP', data: Uint8Array.of(1, 2) }], name: 'café.txt', comment: 'ünïcödé', headerCrc: true, data: new Uint8Array(deflateRawSync('hi')) }
    const bytes = encode(gzipMember, member)
    if (E.isLeft(bytes)) throw new Error(bytes.left.message)
    expect(gunzipSync(bytes.right).toString()).toBe('hi')
    expect(bytes.right[3]).toBe(0x1f) // FTEXT, FHCRC, FEXTRA, FNAME, FCOMMENT
    expect(decoded(bytes.right)).toEqual(member)
    expect(E.isLeft(encode(gzipMember, { ...member, name: 'Ω' }))).toBe(true)
  })
})

describe('hostile members', () => {
  it('a deflate bomb past 16 MiB is refused, not inflated', () => {
    const bomb: GzipMember = { flags: { text: false }, mtime: 0, extraFlags: 0, os: 3, data: new Uint8Array(deflateRawSync(new Uint8Array(17 * 2 ** 20))) }
    const encoded = encode(gzipMember, bomb)
    expect(E.isLeft(encoded) && encoded.left.message).toMatch(/more than 16777216/)
  })
  it('data that is not deflate, or ends before the trailer, is invalid', () => {
    const bytes = read('gnu-no-name.gz')
    const garbage = Uint8Array.from([...bytes.subarray(0, 10), 0xff, 0xff, ...bytes.subarray(bytes.length - 8)])
    expect(decode(gzipMember, garbage)).toMatchObject({ left: { kind: 'invalid', message: expect.stringMatching(/invalid deflate stream/) } })
    const longer = Uint8Array.from([...bytes.subarray(0, bytes.length - 8), 0, ...bytes.subarray(bytes.length - 8)])
    expect(decode(gzipMember, longer)).toMatchObject({ left: { kind: 'invalid', message: expect.stringMatching(/ends after/) } })
  })
})

// The compressed data is the one part arbitrary cannot derive (random bytes
// are no deflate stream): given as deflated random bytes.
function dataRegion(): Grammar {
  const data = (gzipMember.node as StructNode).fields.find(([key]) => key === 'data')?.[1].node as ChecksumNode
  return (data.inner.node as ChecksumNode).inner
}

it('derived arbitrary round-trips', () => {
  const compressed = fc.uint8Array({ maxLength: 64 }).map((b) => new Uint8Array(deflateRawSync(b)))
  checkRoundTrip(gzipMember, { numRuns: 40, maxItems: 3, overrides: [override(dataRegion() as never, compressed)] })
})

describe('in a stream', () => {
  it('a member whose trailer has not arrived is incomplete: the decoder waits, then delivers it whole', () => {
    const bytes = read('zlib-all-fields.gz')
    const decoder = createFrameDecoder(gzipMember, { maxFrame: 1 << 16 })
    const events = []
    for (let i = 0; i < bytes.length; i += 7) {
      const got = decoder.push(bytes.subarray(i, i + 7))
      if (i + 7 < bytes.length) expect(got, `after ${i + 7} bytes`).toEqual([])
      events.push(...got)
    }
    events.push(...decoder.end())
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ type: 'frame', offset: 0, value: { name: 'zlib-fields.txt' } })
  })
  it('a stream that stops inside the data ends as truncated, not malformed', () => {
    const bytes = read('gnu-with-name.gz')
    const decoder = createFrameDecoder(gzipMember, { maxFrame: 1 << 16 })
    expect(decoder.push(bytes.subarray(0, 40))).toEqual([])
    expect(decoder.end().map((e) => e.type)).toEqual(['truncated'])
  })
})

it('compiled and interpreted decoders agree on every sample and every cut', () => {
  const compiled = compile(gzipMember)
  const reference = interpreted(gzipMember)
  for (const name of ['gnu-with-name.gz', 'gnu-no-name.gz', 'zlib-all-fields.gz', 'perl-all-fields.gz']) {
    const bytes = read(name)
    for (let n = 0; n <= bytes.length; n += 3) expect(decode(compiled, bytes.subarray(0, n))).toEqual(decode(reference, bytes.subarray(0, n)))
    expect(encode(compiled, decoded(read('zlib-all-fields.gz')))).toEqual(encode(reference, decoded(read('zlib-all-fields.gz'))))
  }
})
