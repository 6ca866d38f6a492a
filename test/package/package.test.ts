import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as oxwire from '../../src/index.js'

// The package as users install it: what `npm pack` ships and what the
// entry points offer.
const root = join(import.meta.dirname, '..', '..')
const json = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>

describe('the package', () => {
  const pkg = json('package.json') as { scripts: Record<string, string>; files: string[]; exports: Record<string, unknown> }

  it('builds before packing, so a clean checkout packs a dist', () => {
    expect(pkg.scripts.prepack).toMatch(/npm run build/)
  })

  it('ships no source map that points at a file it does not ship', () => {
    const build = json('tsconfig.build.json') as { compilerOptions?: { sourceMap?: boolean; declarationMap?: boolean } }
    const shipsSources = pkg.files.some((f) => f === 'src' || f === 'src/')
    if (!shipsSources) {
      expect(build.compilerOptions?.sourceMap).toBe(false)
      expect(build.compilerOptions?.declarationMap).toBe(false)
    }
  })

  it('names each API docs module by its import path', () => {
    const typedoc = json('typedoc.json') as { entryPoints: string[] }
    const byPath: Record<string, string> = {
      'src/index.ts': '.',
      'combinators/index.ts': './combinators',
      'protocols/index.ts': './protocols',
      'src/testing/index.ts': './testing',
      'src/server/index.ts': './server',
      'src/node/index.ts': './node',
      'src/interop/index.ts': './interop',
    }
    for (const entry of typedoc.entryPoints) {
      const subpath = byPath[entry]
      if (subpath === undefined) continue
      expect(Object.keys(pkg.exports)).toContain(subpath)
      const name = subpath === '.' ? 'oxwire' : `oxwire/${subpath.slice(2)}`
      expect(readFileSync(join(root, entry), 'utf8'), entry).toContain(` * @module ${name}\n`)
    }
  })

  it('exports what the docs use from oxwire, so no transitive import is needed', () => {
    const ok = oxwire.decode(oxwire.codec<number>({ tag: 'int', size: 1, signed: false, littleEndian: false }), Uint8Array.of(7))
    expect(oxwire.isRight(ok)).toBe(true)
    expect(oxwire.isLeft(oxwire.left('e'))).toBe(true)
    expect(ok).toEqual(oxwire.right(7))
  })

  it('the README says how to install it, after the two newcomer commands', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    expect(readme.split('\n').slice(2, 5).join('\n')).toContain('npm ci && npm start')
    expect(readme).toContain('npm i oxwire')
    expect(readme).toMatch(/Node\.js\s+20\.19/)
  })
})
