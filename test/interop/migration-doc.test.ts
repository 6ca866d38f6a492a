// Runs the @example blocks of src/interop (each on its own), with
// `oxwire/...` imports pointed at the sources, and checks that
// docs/MIGRATING_FROM_BINARY_PARSER.md shows the worked migration that the
// bench measures. The page's own blocks run with every guide's, in
// test/docs/examples.test.ts (continued blocks as one program).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { upstreamSummary } from './upstream-summary.js'

const root = new URL('../../', import.meta.url).pathname
const doc = readFileSync(join(root, 'docs/MIGRATING_FROM_BINARY_PARSER.md'), 'utf8')
const scratch = mkdtempSync(join(root, 'test/interop/.doc-run-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const ENTRIES: Record<string, string> = {
  oxwire: 'src/index.js',
  'oxwire/combinators': 'combinators/index.js',
  'oxwire/interop': 'src/interop/index.js',
  'oxwire/testing': 'src/testing/index.js',
}

/** The code with public-entry imports pointing at the sources, as seen from the scratch folder. */
function fromSources(code: string): string {
  return code.replace(/from '(oxwire(?:\/[a-z]+)?)'/g, (whole, entry: string) => {
    const target = ENTRIES[entry]
    return target === undefined ? whole : `from '${relative(scratch, join(root, target))}'`
  })
}

let modules = 0
async function run(code: string): Promise<void> {
  const file = join(scratch, `block-${modules++}.ts`)
  writeFileSync(file, fromSources(code))
  await import(pathToFileURL(file).href)
}

const tsBlocks = (markdown: string) => [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string)

describe('docs/MIGRATING_FROM_BINARY_PARSER.md', () => {
  it('has the worked migration as code blocks, each starting a program or continuing one', () => {
    const blocks = tsBlocks(doc)
    expect(blocks.length).toBeGreaterThanOrEqual(6)
    for (const block of blocks) expect(block.startsWith('// example:continues') || block.includes(`from 'node:assert/strict'`), block.slice(0, 80)).toBe(true)
  })

  it('shows the worked migration that the bench measures, as it is', () => {
    const source = readFileSync(join(root, 'test/interop/migration-example.ts'), 'utf8')
    const between = (begin: string, end: string) => (source.split(`// ${begin}\n`)[1] ?? '').split(`// ${end}`)[0] ?? ''
    const asUserWrites = (code: string) =>
      code
        .replace(`from '../../combinators/index.js'`, `from 'oxwire/combinators'`)
        .replace(`from '../../src/interop/index.js'`, `from 'oxwire/interop'`)
    const steps = asUserWrites(between('doc:begin', 'doc:end'))
    const native = asUserWrites(between('doc:native:begin', 'doc:native:end'))
    expect(steps.length).toBeGreaterThan(500)
    expect(doc).toContain(steps)
    expect(doc).toContain(native)
  })

  it("states the upstream suite's counts as the test finds them", () => {
    const block = (doc.split('<!-- upstream-summary:start -->\n')[1] ?? '').split('<!-- upstream-summary:end -->')[0]
    expect(block).toBe(upstreamSummary())
  })
})

describe('@example blocks of src/interop', () => {
  for (const file of ['src/interop/binary-parser.ts']) {
    const source = readFileSync(join(root, file), 'utf8')
    const examples = [...source.matchAll(/@example\n \* ```ts\n([\s\S]*?) \* ```/g)].map((m) => (m[1] as string).replace(/^ \* ?/gm, ''))
    it(`${file} has examples`, () => expect(examples.length).toBeGreaterThanOrEqual(3))
    examples.forEach((example, i) => {
      it(`${file} example ${i + 1} runs`, async () => {
        await run(example)
      })
    })
  }
})
