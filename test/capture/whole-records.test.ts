// Captures cut short (the capturing program stopped mid-write): the whole
// records before the cut are read, and the cut is said on stderr.
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isRight } from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { encode } from '../../src/api.js'
import { wholePcapngPrefix, wholePcapPrefix } from '../../src/capture/whole-records.js'
import { runCaptureDecode } from '../../src/cli/decode-capture.js'
import { bundledGrammar } from '../../src/cli/grammar-option.js'
import { pcapFile, pcapngFile } from '../../protocols/index.js'
import { cliIo } from '../cli/cli-io.js'

const captures = fileURLToPath(new URL('../fixtures/captures/', import.meta.url))

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-cut-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function frames(bytes: Uint8Array, name: string) {
  const path = join(dir, name)
  await writeFile(path, bytes)
  const io = cliIo()
  await runCaptureDecode(path, bundledGrammar('tlm'), io, undefined)
  const lines = io.stdout.text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { type: string; value?: unknown })
  return { values: lines.filter((l) => l.type === 'frame').map((l) => l.value), stderr: io.stderr.text }
}

describe('a capture cut short', () => {
  test.each(['tlm.pcap', 'tlm.pcapng'])('%s cut inside a record: the frames of the whole records, and one line saying so', async (name) => {
    const bytes = new Uint8Array(await readFile(join(captures, name)))
    const all = await frames(bytes, name)
    const cut = await frames(bytes.subarray(0, 3000), `cut-${name}`)
    expect(all.stderr).not.toMatch(/ends inside a record/)
    expect(cut.stderr).toMatch(new RegExp(`cut-${name.replace('.', '\\.')} ends inside a record: the last \\d+ byte\\(s\\), from offset \\d+, are not read`))
    expect(cut.values.length).toBeGreaterThan(20)
    expect(cut.values.length).toBeLessThan(all.values.length)
    expect(all.values.slice(0, cut.values.length)).toEqual(cut.values)
  })

  test('the whole prefix is found in either byte order, and is 0 without a whole header', () => {
    const classic = encode(pcapFile, { magic: 'nanoseconds', byteOrder: 'big', versionMajor: 2, versionMinor: 4, thiszone: 0, sigfigs: 0, snaplen: 100, linkType: 147, records: [
      { seconds: 1, fraction: 2, origLen: 3, data: { linkType: 147, data: Uint8Array.of(1, 2, 3) } },
      { seconds: 1, fraction: 2, origLen: 1, data: { linkType: 147, data: Uint8Array.of(4) } },
    ] })
    if (!isRight(classic)) throw new Error(classic.left.message)
    expect(wholePcapPrefix(classic.right)).toBe(classic.right.length)
    expect(wholePcapPrefix(classic.right.subarray(0, classic.right.length - 1))).toBe(24 + 16 + 3)
    expect(wholePcapPrefix(classic.right.subarray(0, 23))).toBe(0)
    const next = encode(pcapngFile, { byteOrder: 'big', versionMajor: 1, versionMinor: 0, sectionLength: 0n, options: [], blocks: [{ blockType: 99, body: Uint8Array.of(1, 2, 3, 4) }] })
    if (!isRight(next)) throw new Error(next.left.message)
    expect(wholePcapngPrefix(next.right)).toBe(next.right.length)
    expect(wholePcapngPrefix(next.right.subarray(0, next.right.length - 2))).toBe(28)
    expect(wholePcapngPrefix(next.right.subarray(0, 11))).toBe(0)
    // A block length under 12 stops the walk.
    const short = next.right.slice()
    new DataView(short.buffer).setUint32(28 + 4, 8)
    expect(wholePcapngPrefix(short)).toBe(28)
  })

  test('a file cut inside its header is still an error', async () => {
    const bytes = new Uint8Array(await readFile(join(captures, 'tlm.pcapng')))
    const path = join(dir, 'header.pcapng')
    await writeFile(path, bytes.subarray(0, 40))
    await expect(runCaptureDecode(path, bundledGrammar('tlm'), cliIo(), undefined)).rejects.toThrow(/^not a pcapng file oxwire can read: incomplete/)
  })
})
