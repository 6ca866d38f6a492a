// pcapng files written by Wireshark's tools (test/fixtures/gallery/
// make-fixtures.sh): dumpcap's own capture of loopback UDP (section,
// interface, packet and statistics blocks with options) and editcap's
// rewrite of loopback-nsec.pcap. Every block decodes, every file
// re-encodes byte for byte (also in the other byte order), the packets
// are those of the classic file, and broken lengths are errors.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decode, encode, formatError, type TypeOf } from '../../../src/index.js'
import { checkRoundTrip } from '../../../src/testing/index.js'
import { pcapFile, pcapngFile } from '../../../protocols/index.js'
import { systemTool } from '../../helpers/system-tool.js'

type Pcapng = TypeOf<typeof pcapngFile>
const read = (name: string) => new Uint8Array(readFileSync(`test/fixtures/gallery/${name}`))
const tshark = systemTool('tshark', 'tshark')

function decoded(bytes: Uint8Array): Pcapng {
  const result = decode(pcapngFile, bytes)
  if (E.isLeft(result)) throw new Error(formatError(result.left, bytes))
  return result.right
}

const kinds = (file: Pcapng) => file.blocks.map((b) => ('block' in b ? b.block : b.blockType))
const packets = (file: Pcapng) => file.blocks.flatMap((b) => ('block' in b && b.block === 'enhancedPacket' ? [b] : []))

describe.each(['dumpcap-lo.pcapng', 'loopback-nsec.pcapng'])('%s', (name) => {
  const bytes = read(name)
  const file = decoded(bytes)

  it('reads the section header, the interface with its nanosecond clock, and every packet tshark reads', () => {
    expect(file).toMatchObject({ byteOrder: 'little', versionMajor: 1, versionMinor: 0, sectionLength: 2n ** 64n - 1n })
    const [first] = file.blocks
    expect(first !== undefined && 'block' in first && first.block === 'interface' && first.linkType).toBe(1)
    const tsresol = first !== undefined && 'block' in first && first.block === 'interface' ? first.options.find((o) => o.code === 9) : undefined
    expect(tsresol?.value).toEqual(Uint8Array.of(9))
    if (tshark !== undefined) {
      const lines = execFileSync(tshark, ['-r', `test/fixtures/gallery/${name}`, '-n'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')
      expect(packets(file)).toHaveLength(lines.length)
    }
    // Section options name the writer (shb_userappl, code 4).
    const app = file.options.find((o) => o.code === 4)
    expect(new TextDecoder().decode(app?.value)).toMatch(/^(Dumpcap|Editcap)/)
  })

  it('re-encodes byte for byte, and in big-endian order to the same value', () => {
    const again = encode(pcapngFile, file)
    expect(E.isRight(again) && Buffer.compare(again.right, bytes)).toBe(0)
    const big = encode(pcapngFile, { ...file, byteOrder: 'big' as const })
    if (E.isLeft(big)) throw new Error(big.left.message)
    expect([...big.right.subarray(8, 12)]).toEqual([0x1a, 0x2b, 0x3c, 0x4d])
    expect(big.right.length).toBe(bytes.length)
    expect(decoded(big.right)).toEqual({ ...file, byteOrder: 'big' })
  })
})

describe('pcapng grammar', () => {
  it('dumpcap files keep their statistics block as bytes', () => {
    const file = decoded(read('dumpcap-lo.pcapng'))
    expect(kinds(file)).toEqual(['interface', 'enhancedPacket', 'enhancedPacket', 5])
    const udp = packets(file).map((p) => new TextDecoder().decode(p.data.subarray(42)))
    expect(udp).toEqual(['hello oxwire pcapng', 'second datagram'])
  })

  it("editcap's pcapng holds the classic file's packets and nanosecond times", () => {
    const classic = decode(pcapFile, read('loopback-nsec.pcap'))
    if (E.isLeft(classic)) throw new Error(classic.left.message)
    const next = packets(decoded(read('loopback-nsec.pcapng')))
    expect(next).toHaveLength(classic.right.records.length)
    classic.right.records.forEach((record, i) => {
      const packet = next[i]
      const ticks = (BigInt(packet?.timestampHigh ?? 0) << 32n) | BigInt(packet?.timestampLow ?? 0)
      expect(ticks).toBe(BigInt(record.seconds) * 1_000_000_000n + BigInt(record.fraction))
      expect(packet?.originalLength).toBe(record.origLen)
      const again = encode(pcapFile, { ...classic.right, records: [record] })
      expect(E.isRight(again) && Buffer.from(again.right.subarray(40)).equals(Buffer.from(packet?.data ?? []))).toBe(true)
    })
  })

  it('round-trips derived values: lengths, padding and options', () => {
    checkRoundTrip(pcapngFile, { numRuns: 40, maxItems: 3 })
  })

  it('rejects a block whose trailing length differs, a length past the end, and a classic pcap', () => {
    const bytes = read('loopback-nsec.pcapng')
    const trailer = bytes.slice()
    trailer[bytes.length - 4] = (trailer[bytes.length - 4] as number) ^ 4
    const wrong = decode(pcapngFile, trailer)
    expect(E.isLeft(wrong) && wrong.left).toMatchObject({ kind: 'invalid', offset: bytes.length, path: ['blocks', 15, 'trailingLength − blockLength'] })
    // A section header claiming 2 GiB: an error, not an allocation of 2 GiB.
    const huge = bytes.slice()
    huge.set([0xfc, 0xff, 0xff, 0x7f], 4)
    const past = decode(pcapngFile, huge)
    expect(E.isLeft(past) && past.left.kind).toBe('incomplete')
    // A block length under the 12 bytes of type and lengths.
    const short = bytes.slice()
    const second = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true) // the interface block follows the section header
    short.set([8, 0, 0, 0], second + 4)
    expect(E.isLeft(decode(pcapngFile, short))).toBe(true)
    const classic = decode(pcapngFile, read('loopback-nsec.pcap'))
    expect(E.isLeft(classic) && classic.left.kind).toBe('no-match')
  })
})
