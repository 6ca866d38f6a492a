import { performance } from 'node:perf_hooks'

/** One way of doing a row's job: `run` does one pass over the whole input and returns how many items it handled. */
export interface Contender {
  readonly name: string
  readonly run: () => number | Promise<number>
}

/** A row: the same job done by several contenders, the first being the hand-written baseline. */
export interface Row {
  readonly job: string
  readonly bytes: number
  readonly items: number
  readonly contenders: readonly Contender[]
}

/** Median time of one pass per contender, in milliseconds: CPU time of this process, and wall-clock time. */
export interface RowResult {
  readonly row: Row
  readonly medians: readonly number[]
  readonly wallMedians: readonly number[]
}

// CPU time (user + system) of this process. The machine's cores are shared,
// so wall time mostly measures the other processes; CPU time measures the
// work, which is what the ratios are about.
function cpuMs(): number {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/**
 * Times the contenders of a row interleaved: each round runs every
 * contender once, in a rotating order, so that machine noise (other users
 * of the cores, thermal state) falls on all of them alike. A contender that
 * handles fewer items than expected fails the benchmark.
 */
export async function measure(row: Row, rounds: number, warmup: number): Promise<RowResult> {
  const times = row.contenders.map(() => [] as number[])
  const walls = row.contenders.map(() => [] as number[])
  for (let r = -warmup; r < rounds; r++) {
    for (let k = 0; k < row.contenders.length; k++) {
      const i = (k + Math.max(r, 0)) % row.contenders.length
      const contender = row.contenders[i] as Contender
      const c0 = cpuMs()
      const t0 = performance.now()
      const handled = await contender.run()
      const wall = performance.now() - t0
      const cpu = cpuMs() - c0
      if (handled !== row.items) throw new Error(`${row.job} / ${contender.name}: handled ${handled} of ${row.items}`)
      if (r >= 0) {
        ;(times[i] as number[]).push(cpu)
        ;(walls[i] as number[]).push(wall)
      }
    }
  }
  return { row, medians: times.map(median), wallMedians: walls.map(median) }
}

/**
 * The results as a Markdown table: median CPU ms per pass, MB/s of CPU
 * time, speed as a ratio to the first (hand-written) contender, and the
 * median wall-clock ms for reference.
 */
export function table(results: readonly RowResult[]): string {
  const lines = ['| job | decoder | CPU ms/pass | MB/s | ratio to hand-written | wall ms/pass |', '|---|---|---:|---:|---:|---:|']
  for (const { row, medians, wallMedians } of results) {
    const base = medians[0] as number
    row.contenders.forEach((c, i) => {
      const ms = medians[i] as number
      const mbps = row.bytes / 1e6 / (ms / 1000)
      lines.push(`| ${i === 0 ? row.job : ''} | ${c.name} | ${ms.toFixed(1)} | ${mbps.toFixed(1)} | ${(base / ms).toFixed(2)} | ${(wallMedians[i] as number).toFixed(1)} |`)
    })
  }
  return lines.join('\n')
}
