// Benchmark rows of the gallery: IPv4 packets of real captures (TCP and
// UDP over loopback, test/fixtures) decoded with `ipv4Packet`, whose
// lengths, protocol and checksum are references between fields (ref,
// derived, computed, checksum), against a hand-written DataView decoder of
// the same format with the same checks and values.
import { decode } from '../../src/api.js'
import { interpreted } from '../../src/compile/execution.js'
import { ipv4Packet } from '../../protocols/index.js'
import type { Row } from './harness.js'
import { capturedIpv4Packets } from './ipv4-corpus.js'
import { decodeIpv4 } from './handwritten/ipv4.js'

/** The job name of the IPv4 row, for the targets. */
export const IPV4_JOB = 'decode IPv4 + TCP/UDP headers (captures)'

/** The row: `items` packets, the captures' packets repeated in order. */
export function ipv4Rows(items: number): Row[] {
  const captured = capturedIpv4Packets()
  const packets = Array.from({ length: items }, (_, i) => captured[i % captured.length] as Uint8Array)
  const bytes = packets.reduce((n, p) => n + p.length, 0)
  const slow = interpreted(ipv4Packet)
  const count = (ok: (packet: Uint8Array) => boolean) => () => {
    let n = 0
    for (const packet of packets) if (ok(packet)) n++
    return n
  }
  return [
    {
      job: IPV4_JOB,
      bytes,
      items,
      contenders: [
        { name: 'hand-written DataView', run: count((p) => decodeIpv4(p).ok) },
        { name: 'oxwire default path', run: count((p) => decode(ipv4Packet, p)._tag === 'Right') },
        { name: 'oxwire forced interpreter', run: count((p) => decode(slow, p)._tag === 'Right') },
      ],
    },
  ]
}
