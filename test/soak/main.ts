// npm run soak [-- --duration 60] [-- --frames 300000] [-- --no-write]
// Runs `oxwire serve` (default options, one process) as a real process and
// attacks it: floods of false headers and of random bytes while
// well-behaved clients send frames, drip connections, load, faults and a
// shutdown under flood. Prints a table of the targets and writes
// it to docs/RELIABILITY.md with the command and the machine.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, platform, release, totalmem } from 'node:os'
import type { Socket } from 'node:net'
import { heartbeat } from '../server/helpers.js'
import { metric, open, serve, sleep, type Served } from './served.js'

const argValue = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const duration = argValue('--duration', 60) * 1000
const loadFrames = argValue('--frames', 300_000)
const write = !process.argv.includes('--no-write')
const loadBefore = loadavg()

interface Row {
  readonly what: string
  readonly target: string
  readonly measured: string
  readonly ok: boolean | undefined
}
const rows: Row[] = []
const row = (what: string, target: string, measured: string, ok: boolean | undefined): void => {
  rows.push({ what, target, measured, ok })
  console.log(`${ok === undefined ? ' ' : ok ? '✓' : '✗'} ${what}: ${measured} (target ${target})`)
}

const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}
const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')

// ---- well-behaved clients: frames with ids, latency measured through --print
let nextId = 1
const sentAt = new Map<number, number>()
let latencies: number[] = []
let goodBytes = 0
let delivered = 0

function trackFrames(served: Served): void {
  served.onFrame = (id, at) => {
    const sent = sentAt.get(id)
    if (sent === undefined) return
    sentAt.delete(id)
    latencies.push(at - sent)
    delivered++
  }
}

async function goodClients(served: Served, count: number, everyMs: number): Promise<() => Promise<void>> {
  const sockets = await Promise.all(Array.from({ length: count }, (_, i) => open(served.port, `127.0.0.${10 + (i % 20)}`)))
  let going = true
  const loops = sockets.map(async (socket, i) => {
    await sleep((i * everyMs) / count)
    while (going && !socket.destroyed) {
      const id = nextId++
      const frame = heartbeat(id & 0xffff, id)
      sentAt.set(id, performance.now())
      socket.write(frame)
      goodBytes += frame.length
      await sleep(everyMs)
    }
  })
  return async () => {
    going = false
    await Promise.all(loops)
    for (const s of sockets) s.end()
  }
}

// ---- health probes
let healthLatencies: number[] = []
function probeHealth(served: Served): () => void {
  let going = true
  void (async () => {
    while (going) {
      const started = performance.now()
      const status = await served.healthz().catch(() => 0)
      healthLatencies.push(status === 200 ? performance.now() - started : Number.POSITIVE_INFINITY)
      await sleep(100)
    }
  })()
  return () => (going = false)
}

// ---- hostile peers
function falseHeaders(size: number): Buffer {
  const out = Buffer.alloc(size)
  for (let i = 0; i + 4 <= size; i += 4) out.set([0xb5, 0x20, 0x00, 0x10], i)
  return out
}
function randomBytes(size: number): Buffer {
  const out = Buffer.alloc(size)
  for (let i = 0; i < size; i++) out[i] = (Math.random() * 256) | 0
  return out
}

interface Flood {
  stop(): Promise<void>
  readonly sent: () => number
  readonly connections: () => number
}

// One hostile connection at a time, reconnecting whenever the server cuts it.
function flood(served: Served, chunk: Buffer, from = '127.0.0.50'): Flood {
  let going = true
  let sent = 0
  let connections = 0
  const run = (async () => {
    while (going) {
      const socket = await open(served.port, from)
      connections++
      await new Promise<void>((resolve) => {
        const pump = (): void => {
          while (going && !socket.destroyed) {
            sent += chunk.length
            if (!socket.write(chunk)) return
          }
          if (!going) socket.destroy()
        }
        socket.on('drain', pump)
        socket.on('close', () => resolve())
        socket.on('error', () => undefined)
        pump()
        const stopCheck = setInterval(() => {
          if (!going) {
            socket.destroy()
            clearInterval(stopCheck)
          }
        }, 50)
        socket.on('close', () => clearInterval(stopCheck))
      })
    }
  })()
  return {
    stop: async () => {
      going = false
      await run
    },
    sent: () => sent,
    connections: () => connections,
  }
}

async function floodPhase(served: Served, name: string, chunk: Buffer, ms: number, baselineCpuRate: number): Promise<void> {
  latencies = []
  healthLatencies = []
  const before = await served.metrics()
  const cpu0 = served.cpuSeconds()
  const log0 = served.logBytes()
  const good0 = goodBytes
  const t0 = performance.now()
  const stopHealth = probeHealth(served)
  const attack = flood(served, chunk)
  await sleep(ms)
  await attack.stop()
  stopHealth()
  const elapsed = (performance.now() - t0) / 1000
  await sleep(300)
  const after = await served.metrics()
  const received = metric(after, 'oxwire_received_bytes_total') - metric(before, 'oxwire_received_bytes_total')
  const hostile = Math.max(1, received - (goodBytes - good0))
  const cpu = served.cpuSeconds() - cpu0 - baselineCpuRate * elapsed
  const logBytes = served.logBytes() - log0
  const abuse = metric(after, 'oxwire_connections_closed_total', 'reason="abuse"') - metric(before, 'oxwire_connections_closed_total', 'reason="abuse"')
  const p99 = percentile(latencies, 99)
  row(`${name}: other connections' frames, p99 latency`, '< 100 ms', `${fmt(p99)} ms (p50 ${fmt(percentile(latencies, 50))} ms, ${latencies.length} frames)`, p99 < 100)
  const h = Math.max(...healthLatencies)
  row(`${name}: /healthz, slowest answer`, '< 1000 ms', `${fmt(h)} ms (${healthLatencies.length} probes)`, h < 1000)
  const perMb = cpu / (hostile / 1e6)
  row(`${name}: CPU per MB of hostile input received`, '< 1 s/MB', `${fmt(perMb, 2)} s/MB (${fmt(hostile / 1e6, 1)} MB received, ${fmt(attack.sent() / 1e6, 1)} MB sent, ${attack.connections()} connections, ${abuse} closed as abuse)`, perMb < 1)
  const perByte = logBytes / hostile
  row(`${name}: log bytes per hostile input byte`, '< 1', `${fmt(perByte, 4)} (${logBytes} log bytes)`, perByte < 1)
}

// ---- drip connections
async function dripPhase(served: Served, count: number, label: string): Promise<void> {
  const started: number[] = []
  const cut: number[] = []
  const sockets: Socket[] = []
  let going = true
  const frame = heartbeat(1, 1)
  for (let i = 0; i < count; i++) {
    const socket = await open(served.port, `127.0.0.${60 + (i % 4)}`)
    const at = performance.now()
    started.push(at)
    sockets.push(socket)
    socket.on('close', () => cut.push(performance.now() - at))
    void (async () => {
      for (let k = 0; going && !socket.destroyed; k++) {
        // Half drip a real frame byte by byte, half drip garbage.
        socket.write(i % 2 === 0 ? frame.subarray(k % frame.length, (k % frame.length) + 1) : Uint8Array.of(0x01))
        await sleep(1000)
      }
    })()
  }
  // Well-behaved newcomers, one a second, each sends a frame and leaves.
  let tried = 0
  const servedBefore = delivered
  const newcomers = (async () => {
    while (going) {
      await sleep(1000)
      const socket = await open(served.port, '127.0.0.70')
      const id = nextId++
      sentAt.set(id, performance.now())
      socket.end(heartbeat(id & 0xffff, id))
      tried++
    }
  })()
  const deadline = performance.now() + 20_000
  while (cut.length < count && performance.now() < deadline) await sleep(200)
  going = false
  await newcomers
  await sleep(500)
  for (const s of sockets) s.destroy()
  const worst = Math.max(...cut)
  row(`${label}: ${count} drip connections at 1 byte/s, all cut by`, '< 12 s', `${cut.length}/${count} cut, slowest after ${fmt(worst / 1000, 1)} s`, cut.length === count && worst < 12_000)
  const ok = delivered - servedBefore
  row(`${label}: well-behaved newcomers served meanwhile`, 'all', `${ok}/${tried}`, ok === tried)
}

// ---- load and faults (server without --print)
async function loadPhase(served: Served, connections: number, frames: number): Promise<number> {
  const before = metric(await served.metrics(), 'oxwire_frames_total')
  const perConnection = Math.max(1, Math.floor(frames / connections))
  await Promise.all(
    Array.from({ length: connections }, async (_, i) => {
      const socket = await open(served.port, `127.0.0.${100 + (i % 100)}`)
      const all = Buffer.concat(Array.from({ length: perConnection }, (_, k) => heartbeat(k & 0xffff, i)))
      for (let at = 0; at < all.length; ) {
        const n = 1 + Math.floor(Math.random() * 4096)
        if (!socket.write(all.subarray(at, at + n))) await drainedOrClosed(socket)
        at += n
      }
      await new Promise<void>((resolve) => socket.end(() => resolve()))
    }),
  )
  const expected = connections * perConnection
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (metric(await served.metrics(), 'oxwire_frames_total') - before >= expected) break
    await sleep(100)
  }
  const got = metric(await served.metrics(), 'oxwire_frames_total') - before
  row(`load: ${connections} connections × ${perConnection} frames`, '0 lost', `${expected - got} lost of ${expected}`, got === expected)
  return expected
}

async function faultPhase(served: Served, cycles: number): Promise<void> {
  const fds0 = served.openFds()
  const rss0 = served.rssBytes()
  const frame = heartbeat(1, 1)
  for (let i = 0; i < cycles; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, async (_, k) => {
        const socket = await open(served.port, `127.0.0.${100 + (k % 50)}`)
        const half = frame.subarray(0, 1 + ((i + k) % (frame.length - 1)))
        switch ((i + k) % 3) {
          case 0: // reset mid-frame
            socket.write(half, () => socket.resetAndDestroy())
            break
          case 1: // half-close mid-frame
            socket.end(half)
            break
          default: // connect and leave
            socket.destroy()
        }
        await new Promise((r) => (socket.closed ? r(undefined) : socket.once('close', r)))
      }),
    )
  }
  for (let waited = 0; waited < 10_000 && metric(await served.metrics(), 'oxwire_open_connections') > 0; waited += 100) await sleep(100)
  await sleep(500)
  const stillOpen = metric(await served.metrics(), 'oxwire_open_connections')
  const fds = served.openFds()
  row(`faults: ${cycles} connect/reset/half-close cycles`, 'no leak', `open connections after: ${stillOpen}; descriptors ${fds0} → ${fds}; RSS ${fmt(rss0 / 1e6, 0)} → ${fmt(served.rssBytes() / 1e6, 0)} MB`, stillOpen === 0 && fds <= fds0 + 5)
}

async function fuzzPhase(served: Served, inputs: number): Promise<void> {
  const socket = await open(served.port, '127.0.0.90')
  const frame = heartbeat(3, 3)
  let bytes = 0
  for (let i = 0; i < inputs; i += 1000) {
    const batch = Buffer.concat(
      Array.from({ length: 1000 }, () => {
        const copy = Buffer.from(frame)
        const at = Math.floor(Math.random() * copy.length)
        copy[at] = (copy[at] as number) ^ (1 + Math.floor(Math.random() * 255))
        return copy
      }),
    )
    bytes += batch.length
    if (socket.destroyed) break // cut as abuse: the rest would go nowhere
    if (!socket.write(batch)) await drainedOrClosed(socket)
  }
  socket.end()
  if (!socket.closed) await new Promise((r) => socket.once('close', r))
  row('bad inputs: mutated frames sent', 'server survives', `${inputs} mutated frames (${fmt(bytes / 1e6, 1)} MB); server ${served.child.exitCode === null ? 'running' : 'EXITED'}`, served.child.exitCode === null)
}

async function shutdownPhase(): Promise<void> {
  const served = await serve(['--log-level', 'info'])
  const floods = [flood(served, falseHeaders(64 * 1024), '127.0.0.51'), flood(served, randomBytes(64 * 1024), '127.0.0.52')]
  const stop = await goodClients(served, 5, 20)
  await sleep(1500)
  const sent = performance.now()
  served.child.kill('SIGTERM')
  const { code, at } = await served.exited
  await Promise.all(floods.map((f) => f.stop()))
  await stop()
  const ms = at - sent
  row('shutdown (SIGTERM) during a flood, grace 2 s', '< 3 s', `exit ${code} after ${fmt(ms / 1000, 2)} s`, code === 0 && ms < 3000)
}

function drainedOrClosed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.once('drain', () => resolve())
    socket.once('close', () => resolve())
  })
}

async function main(): Promise<void> {
  const started = performance.now()
  const unit = duration / 60_000 // phases scale with --duration (60 s by default)

  // 1. Latency, health and cost, idle and under floods.
  const a = await serve(['--print', '--log-level', 'info'])
  trackFrames(a)
  const stopGood = await goodClients(a, 20, 20)
  await sleep(2000)
  latencies = []
  healthLatencies = []
  const stopHealth = probeHealth(a)
  const cpu0 = a.cpuSeconds()
  const idleMs = Math.max(3000, 8000 * unit)
  await sleep(idleMs)
  stopHealth()
  const baselineCpuRate = (a.cpuSeconds() - cpu0) / (idleMs / 1000)
  const idleP99 = percentile(latencies, 99)
  row('idle baseline: frames p99 latency', '(reference)', `${fmt(idleP99)} ms (p50 ${fmt(percentile(latencies, 50))} ms); /healthz slowest ${fmt(Math.max(...healthLatencies))} ms`, undefined)
  await floodPhase(a, 'false-header flood', falseHeaders(64 * 1024), Math.max(5000, 15_000 * unit), baselineCpuRate)
  await floodPhase(a, 'random-byte flood', randomBytes(64 * 1024), Math.max(5000, 10_000 * unit), baselineCpuRate)
  await stopGood()

  // 2. Slow peers.
  await dripPhase(a, 100, 'default limits')
  a.child.kill('SIGTERM')
  await a.exited
  const full = await serve(['--print', '--log-level', 'warn', '--max-connections', '100'])
  trackFrames(full)
  await dripPhase(full, 100, 'server full (--max-connections 100)')
  full.child.kill('SIGTERM')
  await full.exited

  // 3. Load, faults and bad inputs, on a server without --print.
  const b = await serve(['--log-level', 'warn', '--max-per-address', '100000'])
  let frames = 0
  const total = Math.max(30_000, Math.round(loadFrames * Math.min(1, unit)))
  for (const connections of [200, 1000, 2000]) frames += await loadPhase(b, connections, Math.round(total / 3))
  await faultPhase(b, Math.round(Math.max(3000, 15_000 * Math.min(1, unit))))
  await fuzzPhase(b, Math.round(Math.max(20_000, 100_000 * Math.min(1, unit))))
  b.child.kill('SIGTERM')
  const bExit = await b.exited
  row('load held: frames delivered', 'all', `${frames} frames over 200, 1000, 2000 connections; exit ${bExit.code}`, bExit.code === 0)

  // 4. Shutdown under flood.
  await shutdownPhase()

  const elapsed = (performance.now() - started) / 1000
  const lines = [
    `Command: \`npm run soak -- ${process.argv.slice(2).join(' ')}\` (${fmt(elapsed, 0)} s), ${new Date().toISOString().slice(0, 10)}.`,
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, ${platform()} ${release()}, Node ${process.version}; load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadavg().map((l) => l.toFixed(1)).join(' ')} after (shared with other work).`,
    '',
    '| | measured | target | |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.what} | ${r.measured} | ${r.target} | ${r.ok === undefined ? '' : r.ok ? 'met' : '**missed**'} |`),
  ]
  const text = lines.join('\n')
  console.log('\n' + text)
  if (write) {
    const file = new URL('../../docs/RELIABILITY.md', import.meta.url)
    const doc = existsSync(file) ? readFileSync(file, 'utf8') : ''
    const start = '<!-- soak:start -->'
    const end = '<!-- soak:end -->'
    const i = doc.indexOf(start)
    const j = doc.indexOf(end)
    const next = i >= 0 && j > i ? doc.slice(0, i + start.length) + '\n' + text + '\n' + doc.slice(j) : `${doc}\n${start}\n${text}\n${end}\n`
    writeFileSync(file, next)
  }
  process.exit(rows.some((r) => r.ok === false) ? 1 : 0)
}

await main()
