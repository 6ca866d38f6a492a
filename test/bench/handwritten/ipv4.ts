// A hand-written decoder of IPv4 packets carrying TCP or UDP, as a careful
// engineer writes one against the RFCs: the value shapes and checks of the
// gallery's `ipv4Packet` (protocols/ipv4.ts, tcp.ts, udp.ts), so that the
// benchmark compares the same job. The header checksum is verified (the
// grammar's default); TCP and UDP checksums are read, not verified (theirs).
import { failure, type Result } from './result.js'

type Value = Record<string, unknown>

/** Decodes one IPv4 packet that fills `bytes` exactly. */
export function decodeIpv4(bytes: Uint8Array): Result<Value> {
  const n = bytes.length
  if (n < 20) return failure('short header')
  const b0 = bytes[0] as number
  if (b0 >> 4 !== 4) return failure('version')
  const headerLength = (b0 & 15) * 4
  if (headerLength < 20) return failure('IHL below 5')
  if (headerLength > n) return failure('options cut')
  const totalLength = ((bytes[2] as number) << 8) | (bytes[3] as number)
  // Ones'-complement sum of the header's words, the checksum's own read as zero.
  let sum = 0
  for (let i = 0; i < headerLength; i += 2) if (i !== 10) sum += ((bytes[i] as number) << 8) | (bytes[i + 1] as number)
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16)
  const stored = ((bytes[10] as number) << 8) | (bytes[11] as number)
  if ((~sum & 0xffff) !== stored) return failure('header checksum')
  if (totalLength < headerLength) return failure('total length below header')
  if (totalLength !== n) return failure(totalLength > n ? 'payload cut' : 'trailing bytes')
  const b1 = bytes[1] as number
  const f = ((bytes[6] as number) << 8) | (bytes[7] as number)
  const protocol = bytes[9] as number
  let payload: Result<Value>
  if (protocol === 6) payload = decodeTcp(bytes, headerLength, n)
  else if (protocol === 17) payload = decodeUdp(bytes, headerLength, n)
  else payload = { ok: true, value: { protocol, data: bytes.subarray(headerLength, n) } }
  if (!payload.ok) return payload
  return {
    ok: true,
    value: {
      tos: { dscp: b1 >> 2, ecn: b1 & 3 },
      identification: ((bytes[4] as number) << 8) | (bytes[5] as number),
      fragment: { reserved: (f & 0x8000) !== 0, dontFragment: (f & 0x4000) !== 0, moreFragments: (f & 0x2000) !== 0, offset: f & 0x1fff },
      ttl: bytes[8] as number,
      source: bytes.subarray(12, 16),
      destination: bytes.subarray(16, 20),
      options: bytes.subarray(20, headerLength),
      payload: payload.value,
    },
  }
}

function u16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) << 8) | (bytes[at + 1] as number)
}

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) * 0x1000000 + (((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number))
}

function decodeTcp(bytes: Uint8Array, start: number, end: number): Result<Value> {
  if (end - start < 20) return failure('short TCP header')
  const flags = u16(bytes, start + 12)
  const headerEnd = start + (flags >>> 12) * 4
  if (headerEnd < start + 20) return failure('data offset below 5')
  if (headerEnd > end) return failure('TCP options cut')
  const options: Value[] = []
  for (let at = start + 20; at < headerEnd; ) {
    const kind = bytes[at] as number
    if (kind === 0) {
      options.push({ kind: 'end' })
      at++
    } else if (kind === 1) {
      options.push({ kind: 'nop' })
      at++
    } else {
      if (at + 2 > headerEnd) return failure('option cut')
      const length = bytes[at + 1] as number
      if (length < 2 || at + length > headerEnd) return failure('option length')
      options.push({ kind, data: bytes.subarray(at + 2, at + length) })
      at += length
    }
  }
  return {
    ok: true,
    value: {
      protocol: 'tcp',
      sourcePort: u16(bytes, start),
      destinationPort: u16(bytes, start + 2),
      sequence: u32(bytes, start + 4),
      acknowledgment: u32(bytes, start + 8),
      flags: {
        reserved: (flags >>> 9) & 7,
        ae: (flags & 0x100) !== 0,
        cwr: (flags & 0x80) !== 0,
        ece: (flags & 0x40) !== 0,
        urg: (flags & 0x20) !== 0,
        ack: (flags & 0x10) !== 0,
        psh: (flags & 8) !== 0,
        rst: (flags & 4) !== 0,
        syn: (flags & 2) !== 0,
        fin: (flags & 1) !== 0,
      },
      window: u16(bytes, start + 14),
      checksum: u16(bytes, start + 16),
      urgentPointer: u16(bytes, start + 18),
      options,
      data: bytes.subarray(headerEnd, end),
    },
  }
}

function decodeUdp(bytes: Uint8Array, start: number, end: number): Result<Value> {
  if (end - start < 8) return failure('short UDP header')
  const length = u16(bytes, start + 4)
  if (length < 8) return failure('UDP length below 8')
  if (start + length !== end) return failure('UDP length is not the payload size')
  return {
    ok: true,
    value: { protocol: 'udp', sourcePort: u16(bytes, start), destinationPort: u16(bytes, start + 2), checksum: u16(bytes, start + 6), data: bytes.subarray(start + 8, end) },
  }
}
