// PNG files shipped by Debian packages (copied by make-fixtures.sh):
// every chunk's CRC verified, IHDR read, each file re-encoded byte for byte.
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decode, encode, formatError } from '../../../src/index.js'
import { checkRoundTrip } from '../../../src/testing/index.js'
import { pngFile } from '../../../protocols/index.js'

const files = [
  ['debian-logo.png', 'debconf'],
  ['git-favicon.png', 'git'],
  ['python3-file.png', 'python3-dev'],
] as const

describe.each(files)('%s (from the Debian package %s)', (name) => {
  const bytes = new Uint8Array(readFileSync(`test/fixtures/gallery/${name}`))
  const result = decode(pngFile, bytes)
  if (E.isLeft(result)) throw new Error(formatError(result.left, bytes))
  const png = result.right

  it('reads IHDR first and IEND last, every CRC verified', () => {
    const first = png.chunks[0]
    expect(first?.type).toBe('IHDR')
    expect(first !== undefined && 'width' in first && first.width).toBeGreaterThan(0)
    expect(png.chunks.at(-1)?.type).toBe('IEND')
    expect(png.chunks.some((c) => c.type === 'IDAT')).toBe(true)
  })

  it('re-encodes byte for byte', () => {
    const again = encode(pngFile, png)
    expect(E.isRight(again) && Buffer.compare(again.right, bytes)).toBe(0)
  })

  it('reports a damaged chunk as a CRC-32 mismatch', () => {
    const damaged = bytes.slice()
    damaged[20] = damaged[20]! ^ 0x01 // inside IHDR's width
    const broken = decode(pngFile, damaged)
    expect(E.isLeft(broken) && broken.left).toMatchObject({ kind: 'checksum', algorithm: 'CRC-32/ISO-HDLC', path: ['chunks', 0] })
  })
})

it('a file cut inside a chunk is incomplete', () => {
  const bytes = new Uint8Array(readFileSync('test/fixtures/gallery/git-favicon.png'))
  const cut = decode(pngFile, bytes.subarray(0, 40))
  expect(E.isLeft(cut) && cut.left.kind).toBe('incomplete')
})

it('derived arbitrary round-trips', () => {
  checkRoundTrip(pngFile, { numRuns: 40, maxItems: 3 })
})
