// IPv4 packets of the committed tcpdump captures (test/fixtures/captures
// and gallery: loopback TCP and UDP, Ethernet and Linux cooked links), for
// the IPv4 + TCP rows of the benchmark.
import { readFileSync, readdirSync } from 'node:fs'

const DIRECTORIES = ['../fixtures/captures/', '../fixtures/gallery/']

/** Every IPv4 packet of every classic pcap file under the fixture directories, link layer and padding removed. */
export function capturedIpv4Packets(): Uint8Array[] {
  const packets: Uint8Array[] = []
  for (const directory of DIRECTORIES) {
    const url = new URL(directory, import.meta.url)
    for (const name of readdirSync(url).filter((n) => n.endsWith('.pcap')).sort()) packets.push(...ipv4Of(new Uint8Array(readFileSync(new URL(name, url)))))
  }
  return packets
}

function ipv4Of(file: Uint8Array): Uint8Array[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  const magic = view.getUint32(0, false)
  const little = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1
  if (!little && magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error('not a classic pcap file')
  const linkType = view.getUint32(20, little)
  // Where the IPv4 packet starts in a frame, and where its EtherType is.
  const [typeAt, ipAt] = linkType === 1 ? [12, 14] : linkType === 113 ? [14, 16] : [-1, -1]
  if (typeAt < 0) throw new Error(`link type ${linkType} not handled`)
  const out: Uint8Array[] = []
  for (let at = 24; at + 16 <= file.length; ) {
    const length = view.getUint32(at + 8, little)
    const frame = file.subarray(at + 16, at + 16 + length)
    at += 16 + length
    if (frame.length < ipAt + 20 || ((frame[typeAt] as number) << 8 | (frame[typeAt + 1] as number)) !== 0x0800) continue
    const totalLength = ((frame[ipAt + 2] as number) << 8) | (frame[ipAt + 3] as number)
    out.push(frame.slice(ipAt, ipAt + totalLength))
  }
  return out
}
