/**
 * Runs the README's TypeScript example as written: it is type-checked with
 * the project's compiler options, executed with its `oxwire` imports mapped
 * to the sources, and every `console.log(...) // output` line must print
 * exactly its comment. The example cannot go stale without this failing.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { format } from 'node:util'
import ts from 'typescript'
import { afterAll, expect, it, vi } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const readme = readFileSync(join(root, 'README.md'), 'utf8')
const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
// Written beside this test so that relative imports and the tsconfig apply;
// removed afterwards, and ignored by git.
const generated = join(root, 'test', 'readme-example.generated.ts')

const source = example
  .replaceAll(`from 'oxwire/combinators'`, `from '../combinators/index.js'`)
  .replaceAll(`from 'oxwire/protocols'`, `from '../protocols/index.js'`)
  .replaceAll(`from 'oxwire'`, `from '../src/index.js'`)
// Comments after console.log calls are the expected output.
const expected = example
  .split('\n')
  .filter((line) => line.includes('console.log('))
  .map((line) => line.slice(line.lastIndexOf(' // ') + 4))

afterAll(() => rmSync(generated, { force: true }))

it('has an example that imports oxwire and logs what it claims', () => {
  expect(example).toContain(`from 'oxwire'`)
  expect(source).not.toContain(`'oxwire`)
  expect(expected.length).toBeGreaterThanOrEqual(3)
})

it('type-checks the example', () => {
  writeFileSync(generated, source + '\nexport {}\n')
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
  if (config === undefined) throw new Error('cannot read tsconfig.json')
  // Unused locals are fine in an example (the type alias is there to be read).
  const program = ts.createProgram([generated], { ...config.options, noEmit: true, noUnusedLocals: false })
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
  expect(diagnostics).toEqual([])
  // A whole-program check of the example and what it imports: seconds of
  // work, more on a loaded machine.
}, 120_000)

it('runs the example and prints what its comments say', async () => {
  writeFileSync(generated, source + '\nexport {}\n')
  const printed: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(format(...args)))
  try {
    await import(/* @vite-ignore */ generated)
  } finally {
    log.mockRestore()
  }
  expect(printed).toEqual(expected)
})
