import { describe, expect, it } from 'vitest'
import { decode } from '../../src/api.js'
import { internetChecksum } from '../../combinators/index.js'
import { ipv4Packet } from '../../protocols/index.js'
import { capturedIpv4Packets } from './ipv4-corpus.js'
import { decodeIpv4 } from './handwritten/ipv4.js'

// The IPv4 row compares oxwire with this decoder: it must do the same job,
// so it agrees with `ipv4Packet` on every captured packet and accepts and
// rejects the same damaged ones.

const packets = capturedIpv4Packets()

function withHeaderChecksum(packet: Uint8Array): Uint8Array {
  const copy = packet.slice()
  const n = ((copy[0] as number) & 15) * 4
  if (n < 12 || n > copy.length) return copy
  copy[10] = 0
  copy[11] = 0
  const sum = internetChecksum.compute(copy, 0, n)
  copy[10] = sum >> 8
  copy[11] = sum & 0xff
  return copy
}

describe('the hand-written IPv4 decoder of the benchmark agrees with ipv4Packet', () => {
  it('on every packet of the captures (TCP and UDP)', () => {
    expect(packets.length).toBeGreaterThan(100)
    expect(new Set(packets.map((p) => p[9]))).toEqual(new Set([6, 17]))
    for (const packet of packets) {
      const expected = decode(ipv4Packet, packet)
      if (expected._tag === 'Left') throw new Error(expected.left.message)
      expect(decodeIpv4(packet)).toEqual({ ok: true, value: expected.right })
    }
  })

  it('rejects what oxwire rejects: every one-byte change (checksum repaired or not) and every truncation', () => {
    let rejected = 0
    for (const packet of packets.filter((_, i) => i % 10 === 0)) {
      const variants: Uint8Array[] = []
      for (let i = 0; i < packet.length; i++) {
        for (const mask of [0x01, 0x10, 0xff]) {
          const copy = packet.slice()
          copy[i] = (copy[i] as number) ^ mask
          variants.push(copy, withHeaderChecksum(copy))
        }
        variants.push(packet.subarray(0, i))
      }
      variants.push(Uint8Array.of(...packet, 0))
      for (const bytes of variants) {
        const ok = decode(ipv4Packet, bytes)._tag === 'Right'
        if (!ok) rejected++
        expect(decodeIpv4(bytes).ok, `bytes ${Buffer.from(bytes).toString('hex')}`).toBe(ok)
      }
    }
    expect(rejected).toBeGreaterThan(100)
  })
})
