// The gallery's grammars (references between fields: ref, derived,
// computed, optional, checksum fields with and without a pseudo-header)
// compiled to generated code, against the interpreter: real captures,
// files and published examples, every truncation of the smaller ones,
// random damage (with the IPv4 header checksum repaired, so damage reaches
// what follows it) and re-encoding.
import { readFileSync, readdirSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compile, decode, encode, interpreted, type Codec } from '../../src/index.js'
import { internetChecksum } from '../../combinators/index.js'
import { ethernetFrame, ipv4Packet, modbusTcp, modbusTcpRequest, modbusTcpResponse, pcapFile, pngFile, tcpSegment, udpDatagram } from '../../protocols/index.js'
import { capturedIpv4Packets } from '../bench/ipv4-corpus.js'
import { mbap, modbusExamples } from '../fixtures/gallery/modbus-examples.js'
import { decodesAlike, encodesAlike, fastPathDecodes, fastPathEncodes } from './agree.js'
import { interpretedEncodeParts, interpretedParts } from './interpreter-free.js'

type AnyCodec = Codec<unknown>
const files = (dir: string, ext: string) =>
  readdirSync(new URL(dir, import.meta.url)).filter((n) => n.endsWith(ext)).sort().map((n) => new Uint8Array(readFileSync(new URL(n, new URL(dir, import.meta.url)))))

const packets = capturedIpv4Packets()
const headerLength = (p: Uint8Array) => ((p[0] as number) & 15) * 4
const segments = packets.filter((p) => p[9] === 6).map((p) => p.subarray(headerLength(p)))
const datagrams = packets.filter((p) => p[9] === 17).map((p) => p.subarray(headerLength(p)))
const pcaps = [...files('../fixtures/captures/', '.pcap'), ...files('../fixtures/gallery/', '.pcap')]
const pngs = files('../fixtures/gallery/', '.png')
const modbus = modbusExamples.flatMap((x, i) => [mbap(i, x.request), mbap(i, x.response)])
// Ethernet frames of the Ethernet captures (link type 1), records in order.
const ethernet = pcaps.filter((f) => f[20] === 1 || f[23] === 1).flatMap((file) => {
  const out: Uint8Array[] = []
  const little = file[0] === 0xd4 || file[0] === 0x4d
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  for (let at = 24; at + 16 <= file.length; ) {
    const n = view.getUint32(at + 8, little)
    out.push(file.subarray(at + 16, at + 16 + n))
    at += 16 + n
  }
  return out
})

const gallery: [string, AnyCodec, Uint8Array[]][] = [
  ['ipv4Packet', ipv4Packet as AnyCodec, packets],
  ['tcpSegment', tcpSegment as AnyCodec, segments],
  ['udpDatagram', udpDatagram as AnyCodec, datagrams],
  ['ethernetFrame', ethernetFrame as AnyCodec, ethernet],
  ['pcapFile', pcapFile as AnyCodec, pcaps],
  ['pngFile', pngFile as AnyCodec, pngs],
  ['modbusTcp', modbusTcp as AnyCodec, modbus],
  ['modbusTcpRequest', modbusTcpRequest as AnyCodec, modbusExamples.map((x, i) => mbap(i, x.request))],
  ['modbusTcpResponse', modbusTcpResponse as AnyCodec, modbusExamples.map((x, i) => mbap(i, x.response))],
]

// The IPv4 header checksum made right again after damage.
function withHeaderChecksum(packet: Uint8Array): Uint8Array {
  const copy = packet.slice()
  const n = ((copy[0] as number) & 15) * 4
  if (copy.length < 12 || n < 12 || n > copy.length) return copy
  copy[10] = 0
  copy[11] = 0
  const sum = internetChecksum.compute(copy, 0, n)
  copy[10] = sum >> 8
  copy[11] = sum & 0xff
  return copy
}

describe.each(gallery)('%s compiled', (_name, grammar, samples) => {
  const fast = compile(grammar)

  it('has samples, and generated code for every node of its tree (no interpreter inside)', () => {
    expect(samples.length).toBeGreaterThan(0)
    expect(interpretedParts(grammar)).toEqual([])
  })

  it('decodes every sample by the generated code alone, as the interpreter does, and re-encodes it alike', () => {
    for (const bytes of samples) {
      const reference = decode(grammar, bytes)
      expect(reference._tag).toBe('Right')
      decodesAlike(grammar, fast, bytes)
      // Twice: grammars made at run time (dependentOpen) are compiled when seen again.
      expect(fastPathDecodes(grammar, bytes)).toStrictEqual(reference._tag === 'Right' ? reference.right : undefined)
      expect(fastPathDecodes(grammar, bytes)).toStrictEqual(reference._tag === 'Right' ? reference.right : undefined)
      if (reference._tag === 'Right') encodesAlike(grammar, fast, reference.right)
    }
  })

  it('encodes through generated code: no interpreter encoder of its tree is called from it, and the generated code alone encodes every sample', () => {
    expect(interpretedEncodeParts(grammar)).toEqual([])
    for (const bytes of samples.slice(0, 20)) {
      const decoded = decode(interpreted(grammar), bytes)
      const reference = decoded._tag === 'Right' ? encode(interpreted(grammar), decoded.right) : undefined
      if (decoded._tag === 'Right' && reference?._tag === 'Right') fastPathEncodes(grammar, decoded.right, reference.right)
    }
  })

  it('refuses damaged values as the interpreter does (kind, path, message), and encodes the rest alike', () => {
    const values = samples.slice(0, 8).flatMap((bytes) => {
      const decoded = decode(grammar, bytes)
      return decoded._tag === 'Right' ? [decoded.right] : []
    })
    expect(values.length).toBeGreaterThan(0)
    const refused = { count: 0 }
    const damagedValue = fc.tuple(fc.constantFrom(...values), fc.nat(), fc.constantFrom(...replacements)).map(([value, at, replacement]) => damageValue(value, at, replacement))
    fc.assert(
      fc.property(damagedValue, (value) => {
        encodesAlike(grammar, fast, value)
        if (encode(fast as never, value)._tag === 'Left') refused.count++
      }),
      { numRuns: 200, seed: 20261130 },
    )
    // Damage that the grammar must refuse was tried, or the property says little.
    expect(refused.count).toBeGreaterThan(20)
  })

  it('agrees on truncated samples', () => {
    for (const bytes of samples.slice(0, 12)) {
      const step = Math.max(1, Math.floor(bytes.length / 60))
      for (let n = 0; n < bytes.length; n += step) decodesAlike(grammar, fast, bytes.subarray(0, n))
    }
  })

  it('agrees on damaged samples', () => {
    const damaged = fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean()).map(([bytes, at, mask, repair]) => {
      const copy = bytes.slice()
      const i = at % copy.length
      copy[i] = (copy[i] as number) ^ mask
      return repair && grammar === (ipv4Packet as AnyCodec) ? withHeaderChecksum(copy) : copy
    })
    fc.assert(fc.property(damaged, (bytes) => decodesAlike(grammar, fast, bytes)), { numRuns: 150 })
  })
})

// What a field of a value may be replaced with: wrong types, values out of
// every range, a field left out (undefined), sizes that lengths, counts and
// checksums must disagree with.
const replacements: readonly unknown[] = [undefined, null, -1, 2 ** 40, 1.5, 'x', true, 0, 255, 65536, [], {}, new Uint8Array(3), new Uint8Array(70000), 1n, [1, 2, 3]]

// A copy of `value` with one of its fields (the `at`-th, counting depth
// first through objects and arrays, byte arrays as one field) replaced.
function damageValue(value: unknown, at: number, replacement: unknown): unknown {
  const leaves: (readonly (string | number)[])[] = []
  const walk = (v: unknown, path: readonly (string | number)[]): void => {
    if (path.length > 0) leaves.push(path)
    if (v instanceof Uint8Array || typeof v !== 'object' || v === null || path.length > 6) return
    for (const key of Object.keys(v)) walk((v as Record<string, unknown>)[key], [...path, Array.isArray(v) ? Number(key) : key])
  }
  walk(value, [])
  if (leaves.length === 0) return replacement
  const path = leaves[at % leaves.length] as readonly (string | number)[]
  const copy = (v: unknown, i: number): unknown => {
    if (i === path.length) return replacement
    const key = path[i] as string | number
    const holder = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>
    holder[key] = copy(holder[key], i + 1)
    return holder
  }
  return copy(value, 0)
}
