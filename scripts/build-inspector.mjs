// Builds the web inspector's page (oxwire inspect) into one folder: the
// HTML, one bundled script and one stylesheet, with nothing fetched from
// anywhere else, so it works offline. `npm run build` runs it after tsc;
// tests build into a temporary folder with buildInspectorPage().
import { copyFile, mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const page = `${root}src/inspect/page`

/** Builds the page into `outDir` (default dist/inspector). */
export async function buildInspectorPage(outDir = `${root}dist/inspector`) {
  await mkdir(outDir, { recursive: true })
  await build({
    entryPoints: [`${page}/main.ts`],
    outfile: `${outDir}/app.js`,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
  })
  await copyFile(`${page}/index.html`, `${outDir}/index.html`)
  await copyFile(`${page}/app.css`, `${outDir}/app.css`)
  return outDir
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildInspectorPage(process.argv[2])
  console.log(`inspector page built in ${out}`)
}
