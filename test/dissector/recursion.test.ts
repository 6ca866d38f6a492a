// The dissector of a recursive grammar (lazy): one Lua function per lazy
// grammar, called again where the grammar recurs, inside the grammar's
// depth bound.
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { isRight } from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { decode, encode } from '../../src/api.js'
import type { Codec } from '../../src/grammar/codec.js'
import { wiresharkDissector } from '../../src/dissector/wireshark.js'
import { array, lazy, repeatUntil, struct, u8, u16be } from '../../combinators/index.js'
import { systemTool } from '../helpers/system-tool.js'
import { layerFields, pdus } from './tshark-json.js'

const tshark = systemTool('tshark', 'tshark')
const text2pcap = systemTool('text2pcap', 'tshark')
const run = promisify(execFile)

interface Tree {
  readonly value: number
  readonly children: Tree[]
}
const tree: Codec<Tree> = struct({ value: u16be, children: array(u8, lazy(() => tree, { name: 'tree', maxDepth: 3 })) })

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-recursion-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const dump = (frame: Uint8Array): string =>
  [...frame].map((b, i) => `${i % 16 === 0 ? `${i === 0 ? '' : '\n'}${i.toString(16).padStart(6, '0')} ` : ''}${b.toString(16).padStart(2, '0')} `).join('') + '\n'

async function dissect(name: string, lua: string, frame: Uint8Array, verbose = false): Promise<string> {
  await writeFile(join(dir, `${name}.txt`), dump(frame))
  await run(text2pcap as string, ['-q', '-u', '40000,47220', join(dir, `${name}.txt`), join(dir, `${name}.pcap`)])
  await writeFile(join(dir, `${name}.lua`), lua)
  const { stdout, stderr } = await run(tshark as string, ['-n', '-r', join(dir, `${name}.pcap`), '-X', `lua_script:${join(dir, `${name}.lua`)}`, ...(verbose ? ['-V'] : ['-T', 'json', '--no-duplicate-keys'])], {
    env: { ...process.env, HOME: dir },
    maxBuffer: 16 << 20,
  })
  expect(stderr).not.toMatch(/Lua: Error|lua_script/)
  return stdout
}

describe('the dissector of recursive grammars', () => {
  const dissector = wiresharkDissector(tree, { name: 'tree', port: 47220 })

  test('a repeatUntil with a JavaScript predicate is said in one note naming the field (repeat-until.test.ts runs both forms)', () => {
    expect(wiresharkDissector(struct({ list: repeatUntil(u8, (b) => b === 0) }), { name: 'x' }).notes).toEqual([
      'list: repeatUntil ends on a JavaScript predicate, which Lua cannot run; shown as bytes to the end of its region (give the predicate as an Expression to dissect its items)',
    ])
    expect(dissector.lua).toContain('DEPTH >= 3')
  })

  test.skipIf(tshark === undefined || text2pcap === undefined)('tshark shows a tree at every depth, and a too deep one as malformed', async () => {
    const value: Tree = { value: 1, children: [{ value: 2, children: [] }, { value: 3, children: [{ value: 4, children: [{ value: 5, children: [] }] }] }] }
    const encoded = encode(tree, value)
    if (!isRight(encoded)) throw new Error(encoded.left.message)
    const layers = pdus(JSON.parse(await dissect('tree', dissector.lua, encoded.right)), 'tree')
    expect(layers).toHaveLength(1)
    const fields = layerFields(layers[0], 'tree')
    // Every node's value, in document order, under the fields named after the first level.
    expect([...(fields.get('tree.value') ?? []), ...(fields.get('tree.children.value') ?? [])].map(Number).sort()).toEqual([1, 2, 3, 4, 5])
    // Five levels, one child each: oxwire itself would not encode it.
    const deep = Uint8Array.of(0, 1, 1, 0, 2, 1, 0, 3, 1, 0, 4, 1, 0, 5, 0)
    expect(decode(tree, deep)._tag).toBe('Left')
    const text = await dissect('deep', dissector.lua, deep, true)
    expect(text).toContain('tree nested deeper than 3 level(s)')
  }, 60_000)
})
