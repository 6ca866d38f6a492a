import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * oxwire's version, from the package.json above this file (two levels up
 * from `src/cli/`, three from `dist/src/cli/`).
 * @internal
 */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let up = 0; up < 5; up++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown }
      if (pkg.name === 'oxwire' && typeof pkg.version === 'string') return pkg.version
    } catch {
      // no package.json here: look one folder up
    }
  }
  return 'unknown'
}
