// The gallery's spec pages: each layout table is the one generated from
// its grammar (`npm run docs:protocols`), and each worked example decodes
// to its JSON (byte arrays written as hex strings) and encodes back to its
// hex, or gives the error its JSON states.
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decode, describeMarkdown, encode, withLayout, type Codec, type Grammar } from '../../../src/index.js'
import { ethernetFrame, gzipMember, ipv4Packet, modbusTcp, pcapFile, pcapngFile, pngFile, tcpSegment, udpDatagram } from '../../../protocols/index.js'
import { fromHex, toHex } from '../../../src/testing/index.js'

/** Each gallery page, and the grammar its examples (named `<first word>-...`) are read with. */
export const galleryDocs: readonly (readonly [string, string, Grammar])[] = [
  ['docs/protocols/pcap.md', 'pcap', pcapFile],
  ['docs/protocols/pcapng.md', 'pcapng', pcapngFile],
  ['docs/protocols/ethernet.md', 'ethernet', ethernetFrame],
  ['docs/protocols/ipv4.md', 'ipv4', ipv4Packet],
  ['docs/protocols/tcp.md', 'tcp', tcpSegment],
  ['docs/protocols/udp.md', 'udp', udpDatagram],
  ['docs/protocols/png.md', 'png', pngFile],
  ['docs/protocols/modbus.md', 'modbus', modbusTcp],
  ['docs/protocols/gzip-member.md', 'gzip', gzipMember],
]

/** A decoded value as the docs write it: bytes as hex strings, bigints as decimal strings. */
export function asDocJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('')
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(asDocJson)
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asDocJson(v)]))
  return value
}

function examples(doc: string): { name: string; hex: string; json: string }[] {
  const text = readFileSync(doc, 'utf8')
  const blocks = new Map<string, { hex?: string; json?: string }>()
  for (const m of text.matchAll(/^```(hex|json) ([\w-]+)\n([\s\S]*?)^```$/gm)) {
    const [, lang, name, body] = m as unknown as [string, 'hex' | 'json', string, string]
    blocks.set(name, { ...blocks.get(name), [lang]: body })
  }
  return [...blocks].map(([name, b]) => ({ name, hex: b.hex ?? '', json: b.json ?? '' }))
}

describe.each(galleryDocs)('%s', (doc, _prefix, grammar) => {
  it('holds the layout table generated from its grammar (run npm run docs:protocols)', () => {
    const text = readFileSync(doc, 'utf8')
    expect(text).toContain(describeMarkdown(grammar))
    expect(withLayout(text, grammar)).toBe(text)
  })

  const cases = examples(doc)
  it('has worked examples', () => expect(cases.length).toBeGreaterThan(0))
  it.each(cases)('example $name', ({ hex, json }) => {
    const bytes = fromHex(hex)
    const expected = JSON.parse(json) as Record<string, unknown>
    const result = decode(grammar as Codec<unknown>, bytes)
    if ('error' in expected) {
      expect(E.isLeft(result) && result.left).toMatchObject(expected['error'] as object)
      return
    }
    if (E.isLeft(result)) throw new Error(result.left.message)
    expect(asDocJson(result.right)).toEqual(expected)
    const again = encode(grammar as Codec<unknown>, result.right)
    expect(E.isRight(again) && toHex(again.right)).toBe(toHex(bytes))
  })
})
