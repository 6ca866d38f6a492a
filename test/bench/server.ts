import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Senders are separate processes (two of them, 100 connections each), so
// that the server's CPU time is its own; on this 2-core machine they still
// compete with the workers for the cores.
const senderSource = `
const { connect } = require('node:net')
const [port, connections, file] = process.argv.slice(1)
const stream = require('node:fs').readFileSync(file)
let open = Number(connections)
for (let i = 0; i < Number(connections); i++) {
  const socket = connect({ host: '127.0.0.1', port: Number(port) }, () => {
    let at = 0
    const pump = () => {
      while (at < stream.length) {
        const chunk = stream.subarray(at, at + 65536)
        at += chunk.length
        if (!socket.write(chunk)) return socket.once('drain', pump)
      }
      socket.end()
    }
    pump()
  })
  socket.on('close', () => { if (--open === 0) process.exit(0) })
  socket.on('error', (e) => { console.error(e.message); process.exit(1) })
}
`

const child = fileURLToPath(new URL('./server-child.ts', import.meta.url))

interface Cluster {
  readonly workers: number
  readonly process: ChildProcess
  readonly port: number
  readonly httpPort: number
}

async function startCluster(workers: number): Promise<Cluster> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, String(workers)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise<string>((resolve, reject) => {
    let out = ''
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('\n')) resolve(out.split('\n')[0] as string)
    })
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  const { port, httpPort } = JSON.parse(line) as { port: number; httpPort: number }
  return { workers, process: proc, port, httpPort }
}

async function framesCounted(c: Cluster): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${c.httpPort}/metrics`)).text()
  return text.split('\n').filter((l) => l.startsWith('oxwire_frames_total')).reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)
}

async function pids(c: Cluster): Promise<number[]> {
  const health = (await (await fetch(`http://127.0.0.1:${c.httpPort}/healthz`)).json()) as { workers: { pid: number }[] }
  return [c.process.pid as number, ...health.workers.map((w) => w.pid)]
}

// CPU seconds (user + system) of a process so far, from /proc (Linux).
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/**
 * Server throughput with 1 and 2 workers under 200 connections, each
 * sending `stream` (`frames` frames) once, from two sender processes;
 * interleaved over `rounds`. Frames/s is wall time from the senders' start
 * to the last frame counted in /metrics; CPU-seconds per million frames
 * are the primary's and the workers' together. A Markdown table.
 */
export async function serverTable(stream: Uint8Array, frames: number, rounds: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'oxwire-bench-server-'))
  const file = join(dir, 'stream.bin')
  writeFileSync(file, stream)
  const clusters = [await startCluster(1), await startCluster(2)]
  const results = new Map<number, { rate: number[]; cpu: number[] }>()
  try {
    for (let round = 0; round < rounds; round++) {
      for (const c of round % 2 === 0 ? clusters : [...clusters].reverse()) {
        const before = await framesCounted(c)
        const expected = before + 200 * frames
        const ps = await pids(c)
        const cpu0 = ps.reduce((s, p) => s + cpuSeconds(p), 0)
        const t0 = performance.now()
        const senders = [0, 1].map(() => spawn(process.execPath, ['-e', senderSource, String(c.port), '100', file], { stdio: 'inherit' }))
        await Promise.all(senders.map((s) => new Promise((resolve) => s.once('exit', resolve))))
        while ((await framesCounted(c)) < expected) await new Promise((r) => setTimeout(r, 20))
        const seconds = (performance.now() - t0) / 1000
        const cpu = ps.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0
        const r = results.get(c.workers) ?? { rate: [], cpu: [] }
        r.rate.push((200 * frames) / seconds)
        r.cpu.push((cpu / (200 * frames)) * 1e6)
        results.set(c.workers, r)
      }
    }
  } finally {
    for (const c of clusters) c.process.kill('SIGTERM')
    await Promise.all(clusters.map((c) => new Promise((resolve) => (c.process.exitCode !== null ? resolve(null) : c.process.once('exit', resolve)))))
    rmSync(dir, { recursive: true, force: true })
  }
  const rows = [1, 2].map((w) => {
    const r = results.get(w)!
    return `| ${w} | ${Math.round(median(r.rate)).toLocaleString('en')} | ${median(r.cpu).toFixed(2)} |`
  })
  return ['| workers | frames/s (median) | CPU-seconds per million frames (primary + workers) |', '|---:|---:|---:|', ...rows].join('\n')
}
