/**
 * Holds the API docs to the standard "every exported symbol has an example
 * that runs as a test": every symbol reachable from a public entry (as
 * TypeScript resolves `oxwire`, `oxwire/combinators`, ...) carries at least
 * one `@example`, and every `@example` in the sources is a ```ts block in
 * the convention that test/docs/examples.test.ts type-checks and runs
 * (imports from public entries, claims by node:assert/strict). A block that
 * does not follow the convention would be skipped by the runner, so it is
 * refused here rather than left to drift.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')

/** The public entries, as package.json exports them (typedoc's entry points). */
const ENTRIES = [
  'src/index.ts',
  'combinators/index.ts',
  'protocols/index.ts',
  'src/testing/index.ts',
  'src/server/index.ts',
  'src/node/index.ts',
  'src/interop/index.ts',
]

/** Why an example block is not in the convention, or undefined when it is. */
function conventionProblem(block: string): string | undefined {
  if (!/from 'oxwire(\/[a-z]+)?'/.test(block)) return `imports nothing from a public entry ('oxwire', 'oxwire/combinators', ...)`
  if (!/^import assert from 'node:assert\/strict'$/m.test(block)) return `does not import assert from 'node:assert/strict'`
  for (const match of block.matchAll(/from '([^']+)'/g)) {
    const source = match[1] as string
    if (source.startsWith('.')) return `imports ${source}: examples import public entries, not files`
    // A user who did not install fp-ts has no such module (strict package
    // managers hide transitive ones): `right`, `left`, `isRight` come from oxwire.
    if (source.startsWith('fp-ts')) return `imports ${source}: use the Either helpers oxwire re-exports`
  }
  const claims = block.split('\n').some((line) => /\bassert\.\w+\(|\bassert\(/.test(line))
  if (!claims && !block.trimStart().startsWith('// example:no-run')) return 'asserts nothing'
  return undefined
}

/** Why an `@example` tag's text is not in the convention, or undefined. */
function exampleProblem(text: string): string | undefined {
  const blocks = [...text.matchAll(/```(\w*)\n([\s\S]*?)```/g)]
  if (blocks.length === 0) return 'has no fenced ```ts block'
  for (const block of blocks) {
    if (block[1] !== 'ts') return `has a \`\`\`${block[1]} block, not \`\`\`ts`
    const problem = conventionProblem(block[2] as string)
    if (problem !== undefined) return problem
  }
  return undefined
}

interface Exported {
  readonly name: string
  readonly where: string
  readonly examples: readonly string[]
}

function exportedSymbols(): Exported[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
  if (config === undefined) throw new Error('cannot read tsconfig.json')
  const program = ts.createProgram(ENTRIES.map((e) => join(root, e)), { ...config.options, noEmit: true })
  const checker = program.getTypeChecker()
  const found = new Map<ts.Symbol, Exported>()
  for (const entry of ENTRIES) {
    const file = program.getSourceFile(join(root, entry))
    const module = file && checker.getSymbolAtLocation(file)
    if (module === undefined) throw new Error(`${entry} is not a module`)
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      const declaration = symbol.declarations?.[0]
      // A re-exported third-party type (pino's Logger) is documented by its package.
      if (declaration === undefined || declaration.getSourceFile().fileName.includes('/node_modules/')) continue
      if (found.has(symbol)) continue
      const source = declaration.getSourceFile()
      const line = source.getLineAndCharacterOfPosition(declaration.getStart()).line + 1
      const examples = symbol
        .getJsDocTags(checker)
        .filter((tag) => tag.name === 'example')
        .map((tag) => ts.displayPartsToString(tag.text))
      found.set(symbol, { name: exported.name, where: `${relative(root, source.fileName)}:${line}`, examples })
    }
  }
  return [...found.values()]
}

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* sources(path)
    else if (path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.d.ts')) yield path
  }
}

/** Every `@example` tag's text in the sources, exported or not, with where it is. */
function everyExample(): { where: string; text: string }[] {
  const found: { where: string; text: string }[] = []
  for (const folder of ['src', 'combinators', 'protocols']) {
    for (const file of sources(join(root, folder))) {
      const text = readFileSync(file, 'utf8')
      for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
        const body = comment[0]
          .replace(/^\/\*\*|\*\/$/g, '')
          .split('\n')
          .map((l) => l.replace(/^\s*\*( |$)/, ''))
          .join('\n')
        const line = text.slice(0, comment.index).split('\n').length
        // A tag runs to the next line that starts with a tag, outside fences.
        let current: string[] | undefined
        let fenced = false
        const flush = (): void => {
          if (current !== undefined) found.push({ where: `${relative(root, file)}:${line}`, text: current.join('\n') })
          current = undefined
        }
        for (const l of body.split('\n')) {
          if (!fenced && /^@\w+/.test(l)) {
            flush()
            if (l.startsWith('@example')) current = [l.slice('@example'.length)]
            continue
          }
          if (l.startsWith('```')) fenced = !fenced
          current?.push(l)
        }
        flush()
      }
    }
  }
  return found
}

describe('API examples', () => {
  const symbols = exportedSymbols()

  it('finds the public API', () => {
    const names = symbols.map((s) => s.name)
    for (const name of ['decode', 'encode', 'struct', 'u8', 'telemetry', 'checkGrammar', 'createPacketServer']) expect(names).toContain(name)
  }, 120_000)

  it('every exported symbol has an @example in the convention', () => {
    const missing = symbols.flatMap((s) => {
      if (s.examples.length === 0) return [`${s.name} (${s.where}): no @example`]
      return s.examples.flatMap((text) => {
        const problem = exampleProblem(text)
        return problem === undefined ? [] : [`${s.name} (${s.where}): @example ${problem}`]
      })
    })
    expect(missing).toEqual([])
  }, 120_000)

  it('every @example in the sources is a ```ts block in the convention', () => {
    const bad = everyExample().flatMap(({ where, text }) => {
      const problem = exampleProblem(text)
      return problem === undefined ? [] : [`${where}: @example ${problem}`]
    })
    expect(bad).toEqual([])
  })

  it('refuses blocks outside the convention', () => {
    expect(exampleProblem("\n```ts\nimport assert from 'node:assert/strict'\nimport { u8 } from 'oxwire/combinators'\nassert.ok(u8)\n```")).toBeUndefined()
    expect(exampleProblem('\ndecode(u8, bytes) // right(255)')).toMatch(/no fenced/)
    expect(exampleProblem("\n```js\nimport assert from 'node:assert/strict'\n```")).toMatch(/```js/)
    expect(exampleProblem("\n```ts\nimport { u8 } from 'oxwire/combinators'\nu8\n```")).toMatch(/node:assert/)
    expect(exampleProblem("\n```ts\nimport assert from 'node:assert/strict'\nimport { u8 } from '../combinators/index.js'\nassert.ok(u8)\n```")).toMatch(/public entry/)
    expect(exampleProblem("\n```ts\nimport assert from 'node:assert/strict'\nimport { u8 } from 'oxwire/combinators'\nimport { right } from 'fp-ts/lib/Either.js'\nassert.ok(u8)\n```")).toMatch(/re-exports/)
    expect(exampleProblem("\n```ts\nimport assert from 'node:assert/strict'\nimport { u8 } from 'oxwire/combinators'\nu8\n```")).toMatch(/asserts nothing/)
  })
})
