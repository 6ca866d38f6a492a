// repeatUntil in a generated dissector, in the real tshark: a predicate
// given as an expression over the item's fields runs in Lua, item by item,
// as oxwire's decoder runs it; one given as a JavaScript function (which
// Lua cannot run) is shown as bytes to the end of its region, with an
// expert note, and the fields after a region of known size still read.
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { decode, encode } from '../../src/index.js'
import { wiresharkDissector } from '../../src/dissector/wireshark.js'
import { bits, bytes, derived, flag, ref, repeatUntil, sized, struct, u16be, u8, uint } from '../../combinators/index.js'
import { systemTool } from '../helpers/system-tool.js'
import { compare, layerFields, pdus } from './tshark-json.js'

const tshark = systemTool('tshark', 'tshark')
const text2pcap = systemTool('text2pcap', 'tshark')
const run = promisify(execFile)

/** Records until one of type 0, bytes until 0xff, blocks until the one marked last: every predicate an expression. */
const chain = struct({
  id: u16be,
  records: repeatUntil(struct({ type: u8, size: derived(u8), data: bytes(ref('size')) }), ref('type').equals(0), { maxItems: 6 }),
  marks: repeatUntil(u8, ref('_').equals(0xff)),
  blocks: repeatUntil(struct({ head: bits({ last: flag, kind: uint(7) }), value: u8 }), ref('last').or(ref('value').greaterThan(200))),
  trailer: u8,
})

/** A JavaScript predicate inside a region of known size, and fields after it. */
const opaque = struct({ n: derived(u8), items: sized(ref('n'), repeatUntil(u8, (b) => b === 0)), tail: u16be })

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-until-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function dissect(name: string, lua: string, frames: readonly Uint8Array[], port: number): Promise<{ layers: Map<string, string[]>[]; text: string }> {
  await writeFile(join(dir, `${name}.txt`), frames.map((f) => [...f].map((b, i) => `${i % 16 === 0 ? `${i === 0 ? '' : '\n'}${i.toString(16).padStart(6, '0')} ` : ''}${b.toString(16).padStart(2, '0')} `).join('') + '\n').join('\n'))
  await run(text2pcap as string, ['-q', '-u', `40000,${port}`, join(dir, `${name}.txt`), join(dir, `${name}.pcap`)])
  await writeFile(join(dir, `${name}.lua`), lua)
  const { stdout, stderr } = await run(tshark as string, ['-n', '-r', join(dir, `${name}.pcap`), '-X', `lua_script:${join(dir, `${name}.lua`)}`, '-T', 'json', '--no-duplicate-keys'], {
    env: { ...process.env, HOME: dir },
    maxBuffer: 16 << 20,
  })
  expect(stderr).not.toMatch(/Lua: Error/)
  const json = JSON.parse(stdout) as unknown[]
  return { layers: pdus(json, name).map((layer) => layerFields(layer, name)), text: stdout }
}

function encoded<A>(codec: Parameters<typeof encode<A>>[0], value: A): Uint8Array {
  const out = encode(codec, value)
  if (!isRight(out)) throw new Error(out.left.message)
  return out.right
}

describe('repeatUntil in a generated dissector', () => {
  test('an expression predicate is dissected with nothing said; a JavaScript one is said in the notes', () => {
    expect(wiresharkDissector(chain, { name: 'chain' }).notes).toEqual([])
    expect(wiresharkDissector(opaque, { name: 'opq' }).notes).toEqual([
      'items: repeatUntil ends on a JavaScript predicate, which Lua cannot run; shown as bytes to the end of its region (give the predicate as an Expression to dissect its items)',
    ])
  })

  test.skipIf(tshark === undefined || text2pcap === undefined)('tshark reads the items an expression predicate ends, as oxwire decodes them', async () => {
    const dissector = wiresharkDissector(chain, { name: 'chain', port: 47206 })
    const values = [
      { id: 1, records: [{ type: 0, data: new Uint8Array(0) }], marks: [0xff], blocks: [{ head: { last: true, kind: 3 }, value: 1 }], trailer: 9 },
      {
        id: 0xbeef,
        records: [{ type: 4, data: Uint8Array.of(1, 2, 3) }, { type: 9, data: new Uint8Array(0) }, { type: 0, data: Uint8Array.of(0xaa) }],
        marks: [1, 0, 254, 0xff],
        blocks: [{ head: { last: false, kind: 1 }, value: 7 }, { head: { last: false, kind: 2 }, value: 250 }],
        trailer: 0,
      },
      {
        id: 2,
        records: [1, 2, 3, 4, 5, 0].map((type) => ({ type, data: Uint8Array.of(type) })),
        marks: [0xff],
        blocks: [{ head: { last: false, kind: 0 }, value: 0 }, { head: { last: false, kind: 127 }, value: 200 }, { head: { last: true, kind: 5 }, value: 5 }],
        trailer: 255,
      },
    ]
    const frames = values.map((v) => encoded(chain, v))
    // Seven records, none of type 0: past maxItems, both sides fail the frame.
    const endless = Uint8Array.of(0, 3, ...[1, 2, 3, 4, 5, 6, 7].flatMap((type) => [type, 0]), 0, 0xff, 0x80, 0, 0)
    const endlessDecoded = decode(chain, endless)
    expect(isLeft(endlessDecoded) && endlessDecoded.left.message).toMatch(/within 6 item/)
    const { layers, text } = await dissect('chain', dissector.lua, [...frames, endless], 47206)
    expect(layers).toHaveLength(frames.length + 1)
    frames.forEach((frame, i) => {
      const decoded = decode(chain, frame)
      if (!isRight(decoded)) throw new Error(decoded.left.message)
      expect(decoded.right).toEqual(values[i])
      const result = compare(layers[i] as Map<string, string[]>, decoded.right, 'chain', dissector.fields)
      expect(result.mismatches, `frame ${i}`).toEqual([])
      expect(result.decodedOnly, `frame ${i}`).toEqual([])
      expect(layers[i]?.has('chain.malformed'), `frame ${i}`).toBe(false)
    })
    expect(layers[frames.length]?.has('chain.malformed')).toBe(true)
    expect(text).toContain('no item ended the repetition within 6 item(s)')
  }, 60_000)

  test.skipIf(tshark === undefined || text2pcap === undefined)('a JavaScript predicate: its region shown as bytes with an expert note, the fields after it read', async () => {
    const dissector = wiresharkDissector(opaque, { name: 'opq', port: 47207 })
    const values = [{ items: [0], tail: 1 }, { items: [5, 6, 7, 0], tail: 0xabcd }, { items: [9, 0], tail: 0 }]
    const frames = values.map((v) => encoded(opaque, v))
    const { layers, text } = await dissect('opq', dissector.lua, frames, 47207)
    expect(layers).toHaveLength(frames.length)
    frames.forEach((frame, i) => {
      const layer = layers[i] as Map<string, string[]>
      const value = values[i] as (typeof values)[number]
      const decoded = decode(opaque, frame)
      expect(decoded).toEqual({ _tag: 'Right', right: value })
      // The items' bytes, as the region holds them; the field after the region as decoded.
      expect(layer.get('opq.items')?.map((s) => s.replaceAll(':', ''))).toEqual([Buffer.from(value.items).toString('hex')])
      expect(layer.get('opq.tail')).toEqual([String(value.tail)])
      expect(layer.has('opq.malformed'), `frame ${i}`).toBe(false)
      expect(layer.has('opq.undecoded'), `frame ${i}`).toBe(true)
    })
    expect(text).toContain('repeatUntil with a JavaScript predicate: its items are shown as bytes')
  }, 60_000)
})
