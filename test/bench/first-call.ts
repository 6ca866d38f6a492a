import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { makeCorpus } from './corpus.js'

const child = fileURLToPath(new URL('./first-call-child.ts', import.meta.url))

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/**
 * The cold first call, CPU ms, each in a fresh process (module loading excluded,
 * grammar set-up included), interleaved over `runs` rounds: the default
 * path, the forced interpreter and `compile()` first; plus the default
 * path's next calls up to the one that compiles. A Markdown table.
 */
export function firstCallTable(runs: number): string {
  const grammars = ['tlm', 'evr', 'detect'] as const
  const modes = ['default', 'interpreted', 'compile'] as const
  const corpus = makeCorpus(20)
  const hexOf = (g: string) => Buffer.from(corpus.find((f) => g === 'detect' || f.protocol === g)!.bytes).toString('hex')
  const samples = new Map<string, { first: number[]; untilCompiled: number[] }>()
  for (let round = 0; round < runs; round++) {
    for (const g of grammars) {
      for (const m of modes) {
        const out = spawnSync(process.execPath, ['--import', 'tsx', child, g, m, hexOf(g === 'detect' ? 'evr' : g)], { encoding: 'utf8' })
        if (out.status !== 0) throw new Error(`first-call child failed: ${out.stderr}`)
        const line = JSON.parse(out.stdout.trim().split('\n').pop() ?? '{}') as { ok: boolean; first: number; untilCompiled: number }
        if (!line.ok) throw new Error(`first call of ${g} (${m}) did not decode: ${out.stderr}`)
        const key = `${g} ${m}`
        const s = samples.get(key) ?? { first: [], untilCompiled: [] }
        s.first.push(line.first)
        s.untilCompiled.push(line.untilCompiled)
        samples.set(key, s)
      }
    }
  }
  const ms = (values: number[]) => median(values).toFixed(2)
  const rows = grammars.map((g) => {
    const d = samples.get(`${g} default`)!
    const i = samples.get(`${g} interpreted`)!
    const c = samples.get(`${g} compile`)!
    return `| ${g === 'detect' ? 'detect (oneOf)' : g.toUpperCase()} | ${ms(d.first)} | ${ms(i.first)} | ${ms(c.first)} | ${ms(d.untilCompiled)} |`
  })
  return [
    `| grammar | default path, 1st call | forced interpreter, 1st call | \`compile()\` + 1st call | default path, calls 2..8 (8th compiles) |`,
    '|---|---:|---:|---:|---:|',
    ...rows,
  ].join('\n')
}
