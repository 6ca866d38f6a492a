/**
 * Runs the documentation's examples: every ```ts block of an `@example` in
 * the exported sources, and every ```ts block of docs/*.md, that follows
 * the convention (imports what it uses from public entries such as
 * `oxwire` or `oxwire/combinators`; claims by node:assert/strict). All of
 * them are type-checked as one program, with `oxwire/...` mapped to the
 * sources, then each is run unless its first line is `// example:no-run`.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'
import * as vocabulary from '../../combinators/index.js'

const root = join(import.meta.dirname, '..', '..')
// Written inside the project so that the tsconfig and module resolution
// apply; removed afterwards, and ignored by git.
const out = join(root, 'test', 'docs', 'examples.generated')

const ENTRIES: Record<string, string> = {
  oxwire: 'src/index.js',
  'oxwire/combinators': 'combinators/index.js',
  'oxwire/protocols': 'protocols/index.js',
  'oxwire/testing': 'src/testing/index.js',
  'oxwire/server': 'src/server/index.js',
  'oxwire/node': 'src/node/index.js',
  'oxwire/interop': 'src/interop/index.js',
}

interface Example {
  readonly origin: string
  readonly code: string
  readonly run: boolean
}

function* files(dir: string, ext: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* files(path, ext)
    else if (path.endsWith(ext) && !path.endsWith('.test.ts') && !path.endsWith('.d.ts')) yield path
  }
}

function blocksOf(text: string): { line: number; code: string }[] {
  const found: { line: number; code: string }[] = []
  for (const match of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
    found.push({ line: text.slice(0, match.index).split('\n').length, code: match[1] as string })
  }
  return found
}

function collect(): Example[] {
  const examples: Example[] = []
  const add = (origin: string, code: string): void => {
    // Only blocks in the convention (public imports, claims by
    // node:assert/strict): older ones are fragments of prose, not programs.
    if (!/from 'oxwire(\/[a-z]+)?'/.test(code) || !code.includes(`from 'node:assert/strict'`)) return
    examples.push({ origin, code, run: !code.trimStart().startsWith('// example:no-run') })
  }
  for (const folder of ['src', 'combinators', 'protocols']) {
    for (const file of files(join(root, folder), '.ts')) {
      const text = readFileSync(file, 'utf8')
      for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
        const body = comment[0].split('\n').map((l) => l.replace(/^\s*\*( |$)/, '')).join('\n')
        const at = body.indexOf('@example')
        if (at < 0) continue
        const line = text.slice(0, comment.index).split('\n').length
        for (const block of blocksOf(body.slice(at))) add(`${relative(root, file)}:${line}`, block.code)
      }
    }
  }
  for (const dir of ['docs', 'docs/protocols']) {
    for (const name of readdirSync(join(root, dir))) {
      if (!name.endsWith('.md')) continue
      const text = readFileSync(join(root, dir, name), 'utf8')
      for (const program of guidePrograms(text)) add(`${dir}/${name}:${program.line}`, program.code)
    }
  }
  return examples
}

const examples = collect()
const paths = examples.map((_, i) => join(out, `example-${i}.ts`))

function write(): void {
  mkdirSync(out, { recursive: true })
  examples.forEach((example, i) => {
    let code = example.code
    for (const [entry, target] of Object.entries(ENTRIES)) code = code.replaceAll(`from '${entry}'`, `from '${relative(out, join(root, target))}'`)
    writeFileSync(paths[i] as string, `// ${example.origin}\n${code}\nexport {}\n`)
  })
}

afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('documentation examples', () => {
  it('finds examples in the sources and the guides', () => {
    expect(examples.some((e) => e.origin.startsWith('src/'))).toBe(true)
    expect(examples.some((e) => e.origin.startsWith('docs/'))).toBe(true)
  })

  it('type-check as one program', () => {
    write()
    const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
    if (config === undefined) throw new Error('cannot read tsconfig.json')
    // Unused locals are fine in an example (a value is there to be read).
    // The project's ambient declarations (e.g. binary-parser's types) apply too.
    const ambient = config.fileNames.filter((f) => f.endsWith('.d.ts'))
    const program = ts.createProgram([...paths, ...ambient], { ...config.options, noEmit: true, noUnusedLocals: false })
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && d.file.fileName.startsWith(out))
      .map((d) => {
        const index = paths.indexOf(d.file?.fileName as string)
        const { line } = ts.getLineAndCharacterOfPosition(d.file as ts.SourceFile, d.start ?? 0)
        return `${examples[index]?.origin} (+${line}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
      })
    expect(diagnostics).toEqual([])
  }, 180_000)

  it.each(examples.map((e, i) => [e.origin, i] as const).filter(([, i]) => examples[i]?.run))('runs %s', async (_origin, i) => {
    write()
    await import(/* @vite-ignore */ paths[i] as string)
  }, 60_000)
})

// Guides (docs/*.md) are held to the convention strictly: a ```ts block
// that imports from oxwire is a program in the convention, or continues
// the program before it on the same page (first line
// `// example:continues`, for a worked example told in steps).
function continues(code: string): boolean {
  return code.startsWith('// example:continues')
}

/** The combinators' names: a block that calls one uses oxwire, imported or not. */
function combinatorNames(): string[] {
  return Object.entries(vocabulary).flatMap(([name, value]) => (typeof value === 'function' ? [name] : []))
}

/** The programs of a guide: each block, with the blocks that continue it appended. */
function guidePrograms(text: string): { line: number; code: string }[] {
  const programs: { line: number; code: string }[] = []
  for (const block of blocksOf(text)) {
    const last = programs[programs.length - 1]
    if (continues(block.code) && last !== undefined) last.code += `\n${block.code}`
    else programs.push({ ...block })
  }
  return programs
}

/** Why the ```ts blocks of a guide break the convention (none: they keep it). */
function guideProblems(origin: string, text: string): string[] {
  const problems: string[] = []
  const blocks = blocksOf(text)
  blocks.forEach((block, i) => {
    const where = `${origin}:${block.line}`
    if (continues(block.code)) {
      if (i === 0) problems.push(`${where}: continues no block`)
      return
    }
    if (!/from 'oxwire(\/[a-z]+)?'/.test(block.code)) {
      const used = combinatorNames().find((name) => new RegExp(`(?<![.\\w])${name}\\(`).test(block.code))
      if (used !== undefined) problems.push(`${where}: calls ${used} without importing it from oxwire`)
      return
    }
    if (!block.code.includes(`import assert from 'node:assert/strict'`)) problems.push(`${where}: imports oxwire but states no claim with node:assert/strict`)
  })
  for (const program of guidePrograms(text)) {
    const where = `${origin}:${program.line}`
    if (!/from 'oxwire(\/[a-z]+)?'/.test(program.code)) continue
    for (const match of program.code.matchAll(/from '([^']+)'/g)) {
      const from = match[1] as string
      if (from.startsWith('.')) problems.push(`${where}: imports ${from}, not a public entry`)
      if (from === 'fp-ts' || from.startsWith('fp-ts/')) problems.push(`${where}: imports ${from} (a transitive dependency a user may not see; oxwire exports Either, right, left, isRight, isLeft)`)
      if (from.startsWith('oxwire') && !(from in ENTRIES)) problems.push(`${where}: imports ${from}, which is no entry of the package`)
    }
  }
  return problems
}

describe('guide code blocks', () => {
  it('every ```ts block of docs/ that imports oxwire is a program in the convention, or continues one', () => {
    const problems: string[] = []
    for (const dir of ['docs', 'docs/protocols']) {
      for (const name of readdirSync(join(root, dir))) {
        if (name.endsWith('.md')) problems.push(...guideProblems(`${dir}/${name}`, readFileSync(join(root, dir, name), 'utf8')))
      }
    }
    expect(problems).toEqual([])
  })

  it('reports each way a block can break it (the check can fail)', () => {
    const fence = '```'
    const page = [
      `${fence}ts\n// example:continues\nconst a = 1\n${fence}`,
      `${fence}ts\nimport { u8 } from 'oxwire/combinators'\nu8\n${fence}`,
      `${fence}ts\nimport assert from 'node:assert/strict'\nimport { right } from 'fp-ts/lib/Either.js'\nimport { x } from '../src/index.js'\nimport { y } from 'oxwire/nope'\n${fence}`,
      `${fence}ts\n// example:continues\nimport { decode } from 'oxwire'\n${fence}`,
      `${fence}ts\nconst fragment = 'no oxwire import: prose, not checked'\n${fence}`,
      `${fence}ts\nconst point = struct({ x: u8, y: u8 })\n${fence}`,
    ].join('\n\n')
    expect(guideProblems('page.md', page)).toEqual([
      'page.md:1: continues no block',
      'page.md:6: imports oxwire but states no claim with node:assert/strict',
      'page.md:27: calls struct without importing it from oxwire',
      "page.md:11: imports fp-ts/lib/Either.js (a transitive dependency a user may not see; oxwire exports Either, right, left, isRight, isLeft)",
      'page.md:11: imports ../src/index.js, not a public entry',
      'page.md:11: imports oxwire/nope, which is no entry of the package',
    ])
    expect(guidePrograms(page).map((p) => p.line)).toEqual([1, 6, 11, 23, 27])
  })
})
