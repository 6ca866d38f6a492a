// 64-bit fields in expressions, in the real tshark: oxwire's decoder takes
// a bigint (u64/i64, a bit field past 53 bits) as a number while it is
// within ±(2^53 − 1) and fails the frame past that; the generated Lua does
// the same with Wireshark's UInt64/Int64 (tshark here embeds Lua 5.2,
// whose numbers are doubles, as JavaScript's are).
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { decode } from '../../src/index.js'
import { wiresharkDissector } from '../../src/dissector/wireshark.js'
import { bits, bytes, computed, i64le, ref, struct, u64be, uint } from '../../combinators/index.js'
import { systemTool } from '../helpers/system-tool.js'
import { compare, layerFields, pdus } from './tshark-json.js'

const tshark = systemTool('tshark', 'tshark')
const text2pcap = systemTool('text2pcap', 'tshark')
const run = promisify(execFile)

const wide = struct({
  big: u64be,
  signed: i64le,
  head: bits({ top: uint(4), huge: uint(60) }),
  total: computed(ref('big').plus(ref('signed'))),
  scaled: computed(ref('huge').times(2).minus(ref('big'))),
  over: computed(ref('big').greaterThan(ref('signed'))),
  // A size from a 64-bit field.
  data: bytes(ref('big').modulo(4)),
})

/** The frame of these field values (the data's size follows `big`, as far as it can). */
function frame(big: bigint, signed: bigint, huge: bigint): Uint8Array {
  const size = Number(big % 4n)
  const out = new Uint8Array(24 + size)
  const view = new DataView(out.buffer)
  view.setBigUint64(0, big)
  view.setBigInt64(8, signed, true)
  view.setBigUint64(16, (0xan << 60n) | huge)
  out.fill(0xee, 24)
  return out
}

const SAFE = 2n ** 53n - 1n
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-wide-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('64-bit fields in expressions of a generated dissector', () => {
  test('the dissector reads them for expressions, with nothing left out', () => {
    const dissector = wiresharkDissector(wide, { name: 'wide' })
    expect(dissector.notes).toEqual([])
    expect(dissector.lua).toContain('safe64(r:uint64())')
    expect(dissector.lua).toContain('safe64(r:le_int64())')
    // The 60-bit field is bound for expressions (it was left unbound before).
    expect(dissector.lua).toMatch(/bind\("huge", safe64\(/)
  })

  test.skipIf(tshark === undefined || text2pcap === undefined)('tshark computes what oxwire decodes, up to ±(2^53 − 1), and fails past it as oxwire does', async () => {
    const dissector = wiresharkDissector(wide, { name: 'wide', port: 47205 })
    const good = [
      frame(5n, -3n, 7n),
      frame(SAFE, -SAFE, SAFE),
      frame(SAFE - 2n, 12345678901234n, 2n ** 52n + 1n),
      frame(0n, SAFE, 0n),
      frame(2n ** 40n + 3n, -(2n ** 50n), 2n ** 51n),
    ]
    // Past 2^53 − 1 in u64, i64 (negative) and the 60-bit field: no number, so no expression.
    const bad = [frame(SAFE + 1n, 0n, 0n), frame(2n ** 64n - 1n, 0n, 0n), frame(1n, -SAFE - 1n, 0n), frame(1n, 0n, 2n ** 60n - 1n)]
    const frames = [...good, ...bad]
    for (const f of good) expect(isRight(decode(wide, f))).toBe(true)
    for (const f of bad) {
      const decoded = decode(wide, f)
      expect(isLeft(decoded) && decoded.left.message).toMatch(/is not a number or boolean/)
    }
    await writeFile(join(dir, 'wide.txt'), frames.map((f) => [...f].map((b, i) => `${i % 16 === 0 ? `${i === 0 ? '' : '\n'}${i.toString(16).padStart(6, '0')} ` : ''}${b.toString(16).padStart(2, '0')} `).join('') + '\n').join('\n'))
    await run(text2pcap as string, ['-q', '-u', '40000,47205', join(dir, 'wide.txt'), join(dir, 'wide.pcap')])
    await writeFile(join(dir, 'wide.lua'), dissector.lua)
    const { stdout, stderr } = await run(tshark as string, ['-n', '-r', join(dir, 'wide.pcap'), '-X', `lua_script:${join(dir, 'wide.lua')}`, '-T', 'json', '--no-duplicate-keys'], {
      env: { ...process.env, HOME: dir },
      maxBuffer: 16 << 20,
    })
    expect(stderr).not.toMatch(/Lua: Error/)
    const json = JSON.parse(stdout) as unknown[]
    const layers = pdus(json, 'wide').map((layer) => layerFields(layer, 'wide'))
    expect(layers).toHaveLength(frames.length)
    good.forEach((f, i) => {
      const decoded = decode(wide, f)
      if (!isRight(decoded)) throw new Error(decoded.left.message)
      const layer = layers[i] as Map<string, string[]>
      const result = compare(layer, decoded.right, 'wide', dissector.fields)
      expect(result.mismatches, `frame ${i}`).toEqual([])
      expect(result.decodedOnly, `frame ${i}`).toEqual([])
      // big, signed, top, huge, total, scaled, over, data
      expect(result.compared, `frame ${i}`).toBe(8)
      expect(layer.has('wide.malformed'), `frame ${i}`).toBe(false)
    })
    bad.forEach((_, j) => {
      const layer = layers[good.length + j] as Map<string, string[]>
      expect(layer.has('wide.malformed'), `bad frame ${j}`).toBe(true)
      expect(layer.has('wide.total') || layer.has('wide.scaled'), `bad frame ${j}`).toBe(j === 3)
    })
    // The reason, as oxwire words it, for each bad frame.
    const messages = JSON.stringify(json).match(/field (big|signed|huge) is not a number or boolean/g) ?? []
    expect(new Set(messages)).toEqual(new Set(['field big is not a number or boolean', 'field signed is not a number or boolean', 'field huge is not a number or boolean']))
  }, 60_000)
})
