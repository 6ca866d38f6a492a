// Rewrites the generated field tables of the protocol specs from the
// grammars (`npm run docs:protocols`, which builds first). The tests
// test/testing/protocol-docs.test.ts and test/protocols/gallery/docs.test.ts
// fail when a table is stale.
import { readFile, writeFile } from 'node:fs/promises'
import { withLayout } from '../dist/src/index.js'
import { ethernetFrame, eventRecord, gzipMember, ipv4Packet, modbusTcp, pcapFile, pcapngFile, pngFile, tcpSegment, telemetry, udpDatagram } from '../dist/protocols/index.js'

const docs = [
  ['docs/protocols/tlm.md', telemetry],
  ['docs/protocols/evr.md', eventRecord],
  ['docs/protocols/pcap.md', pcapFile],
  ['docs/protocols/pcapng.md', pcapngFile],
  ['docs/protocols/ethernet.md', ethernetFrame],
  ['docs/protocols/ipv4.md', ipv4Packet],
  ['docs/protocols/tcp.md', tcpSegment],
  ['docs/protocols/udp.md', udpDatagram],
  ['docs/protocols/png.md', pngFile],
  ['docs/protocols/modbus.md', modbusTcp],
  ['docs/protocols/gzip-member.md', gzipMember],
]

for (const [file, grammar] of docs) {
  const before = await readFile(file, 'utf8')
  const after = withLayout(before, grammar)
  if (after === undefined) throw new Error(`${file}: no <!-- layout:begin --> ... <!-- layout:end --> markers`)
  if (after !== before) await writeFile(file, after)
  console.log(`${file}: ${after === before ? 'up to date' : 'table rewritten'}`)
}
