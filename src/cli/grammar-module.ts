import { stat } from 'node:fs/promises'
import { basename, extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Codec } from '../grammar/codec.js'
import { UsageError } from './io.js'

/** A codec loaded from a user's module, with the name it was exported under. @internal */
export interface LoadedGrammar {
  /** The codec. */
  readonly codec: Codec<unknown>
  /** The export's name, or the module's file name (without extension) for a default export. */
  readonly name: string
}

/**
 * Whether a value is a grammar: an object whose `node` has a string `tag`.
 * Checked structurally, so a grammar built by another copy of oxwire works.
 * @internal
 */
export function isGrammarValue(value: unknown): value is Codec<unknown> {
  if (typeof value !== 'object' || value === null || !('node' in value)) return false
  const node = (value as { node: unknown }).node
  return typeof node === 'object' && node !== null && typeof (node as { tag?: unknown }).tag === 'string'
}

/** Splits `path#export` at its last `#`. @internal */
export function parseGrammarSpec(spec: string): { path: string; exportName: string | undefined } {
  const hash = spec.lastIndexOf('#')
  if (hash < 0) return { path: spec, exportName: undefined }
  const exportName = spec.slice(hash + 1)
  return { path: spec.slice(0, hash), exportName: exportName === '' ? undefined : exportName }
}

const typeScript = new Set(['.ts', '.mts', '.cts', '.tsx'])

async function importModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(path).href
  try {
    return (await import(url)) as Record<string, unknown>
  } catch (error) {
    // Node 20 cannot load TypeScript; tsx (if installed) can. Loaded lazily,
    // so a user with compiled grammars never needs it.
    if ((error as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !typeScript.has(extname(path))) throw error
    let api: { tsImport: (specifier: string, parent: string) => Promise<unknown> }
    try {
      api = (await import('tsx/esm/api')) as typeof api
    } catch {
      throw new UsageError(`${path} is TypeScript: install tsx (npm i -D tsx) so oxwire can load it, or pass the compiled .js`)
    }
    return (await api.tsImport(url, import.meta.url)) as Record<string, unknown>
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/**
 * Loads `--grammar <module>[#export]`: an ES module (TypeScript too, when
 * tsx is installed) exporting a codec; the default export when no name is
 * given. Every way this can fail is a `UsageError` with one line that says
 * what to do: a missing file, a module that throws on import, an export that
 * is missing or not a codec.
 * @internal
 */
export async function loadGrammar(spec: string, cwd: string = process.cwd()): Promise<LoadedGrammar> {
  const { path, exportName } = parseGrammarSpec(spec)
  if (path === '') throw new UsageError(`--grammar needs a module path, as in --grammar ./my-protocol.js#frame`)
  const file = resolve(cwd, path)
  const info = await stat(file).catch(() => undefined)
  if (info === undefined) throw new UsageError(`grammar module ${path} not found`)
  if (!info.isFile()) throw new UsageError(`grammar module ${path} is not a file`)
  let module: Record<string, unknown>
  try {
    module = await importModule(file)
  } catch (error) {
    if (error instanceof UsageError) throw error
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new UsageError(`grammar module ${path} failed to load: ${message}`)
  }
  const codecs = Object.keys(module).filter((key) => key !== 'default' && isGrammarValue(module[key]))
  const available = codecs.length === 0 ? 'it exports no codec' : `codecs it exports: ${codecs.join(', ')}`
  const key = exportName ?? 'default'
  if (!(key in module)) {
    const hint = codecs.length === 0 ? '' : ` (choose one with ${path}#${codecs[0]})`
    throw new UsageError(`grammar module ${path} has no ${exportName === undefined ? 'default export' : `export named ${JSON.stringify(exportName)}`}; ${available}${hint}`)
  }
  const value = module[key]
  if (!isGrammarValue(value)) throw new UsageError(`${path}#${exportName ?? 'default'} is ${kindOf(value)}, not a codec; ${available}`)
  return { codec: value, name: exportName ?? basename(file, extname(file)) }
}
