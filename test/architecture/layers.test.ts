import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cycles, importGraph } from './import-graph.js'

// The direction of dependencies, read off the folders. A file may import
// files of its own layer and of layers listed before it, never after.
//
// The runtime (cursor, errors, hex) comes first rather than after the
// analysis: it depends on nothing, and grammar nodes of hand-written codecs
// (`custom`) hold functions over the cursor, so the node types name it.
const ORDER: readonly string[] = [
  'src/runtime',
  'src/grammar',
  'src/analysis',
  'src/interpret',
  'src/compile',
  'src/api.ts',
  'src/stream',
  'src/capture',
  'src/testing',
  'src/interop',
  'src/dissector',
  'src/node',
  'src/server',
  'src/inspect',
  'src/index.ts',
  'protocols',
  'src/cli',
]

// Combinators build (and validate) nodes: they may read the node types and
// what lies below them (the runtime types that `custom` nodes name), and
// the analysis, which validation needs (size bounds, numeric domains) and
// which reads nothing but nodes. Nothing that interprets a grammar.
const COMBINATORS_MAY_IMPORT = ['combinators', 'src/runtime', 'src/grammar', 'src/analysis']

// The one exception, and why: `constant` must refuse a value its codec
// cannot encode when the grammar is built, and the analysis (sizes, leading
// bytes) reads the constant's encoding, so the bytes are made here, by the
// encoder, once. The analysis cannot compute them lazily instead: the
// encoder stands above it (it reads size bounds).
const COMBINATOR_EXCEPTIONS: ReadonlyMap<string, readonly string[]> = new Map([['combinators/constant.ts', ['src/interpret/encode-now.ts']]])

// Protocols are grammar values written as a user writes them: from the
// public entries only.
const PUBLIC_ENTRIES = ['src/index.ts', 'combinators/index.ts', 'src/testing/index.ts', 'src/interop/index.ts']

const root = join(import.meta.dirname, '..', '..')
const graph = importGraph(root, ['src', 'combinators', 'protocols'])

function layerOf(file: string): string {
  if (file.startsWith('combinators/')) return 'combinators'
  const found = ORDER.find((layer) => file === layer || file.startsWith(`${layer}/`))
  if (found === undefined) throw new Error(`${file} is in no layer: add its folder to ORDER`)
  return found
}

function combinatorMayImport(file: string, target: string): boolean {
  return COMBINATORS_MAY_IMPORT.includes(layerOf(target)) || (COMBINATOR_EXCEPTIONS.get(file)?.includes(target) ?? false)
}

function violations(): string[] {
  const out: string[] = []
  for (const [file, targets] of graph) {
    const from = layerOf(file)
    for (const target of targets) {
      const to = layerOf(target)
      if (from === to) continue
      if (from === 'combinators') {
        if (!combinatorMayImport(file, target)) out.push(`${file} -> ${target} (combinators build nodes only)`)
      } else if (from === 'protocols') {
        if (!PUBLIC_ENTRIES.includes(target)) out.push(`${file} -> ${target} (protocols import public entries only)`)
      } else if (to === 'combinators') {
        // Only the top (the CLI, through protocols) may use the vocabulary.
        if (from !== 'src/cli') out.push(`${file} -> ${target} (src/ reads grammars, it does not build them)`)
      } else if (ORDER.indexOf(to) > ORDER.indexOf(from)) out.push(`${file} -> ${target} (${from} may not import ${to})`)
    }
  }
  return out.sort()
}

describe('layering', () => {
  it('has no import that points up a layer', () => {
    expect(violations()).toEqual([])
  })

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([])
  })

  it('has no file and folder of the same name', () => {
    const clashes: string[] = []
    const visit = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name)
        if (!statSync(path).isDirectory()) continue
        if (existsSync(`${path}.ts`)) clashes.push(`${path}.ts`)
        visit(path)
      }
    }
    for (const folder of ['src', 'combinators', 'protocols']) visit(join(root, folder))
    expect(clashes).toEqual([])
  })

  it('catches an upward import and a cycle (the checks can fail)', () => {
    const bad = new Map([
      ['src/grammar/a.ts', ['src/stream/b.ts']],
      ['src/stream/b.ts', ['src/grammar/a.ts']],
    ])
    expect(cycles(bad)).toEqual([['src/grammar/a.ts', 'src/stream/b.ts']])
    expect(ORDER.indexOf(layerOf('src/stream/b.ts'))).toBeGreaterThan(ORDER.indexOf(layerOf('src/grammar/a.ts')))
  })

  it('refuses a combinator that imports an interpreter (the exception is one file, one import)', () => {
    expect(combinatorMayImport('combinators/struct.ts', 'src/grammar/node.ts')).toBe(true)
    expect(combinatorMayImport('combinators/struct.ts', 'src/analysis/index.ts')).toBe(true)
    expect(combinatorMayImport('combinators/struct.ts', 'src/interpret/encode-now.ts')).toBe(false)
    expect(combinatorMayImport('combinators/struct.ts', 'src/compile/compile.ts')).toBe(false)
    expect(combinatorMayImport('combinators/struct.ts', 'src/api.ts')).toBe(false)
    expect(combinatorMayImport('combinators/constant.ts', 'src/interpret/encode-now.ts')).toBe(true)
    expect(combinatorMayImport('combinators/constant.ts', 'src/interpret/decoder.ts')).toBe(false)
  })
})
