// The packet server on a cluster of worker processes, really forked: frames
// spread over workers are counted once in the primary's /metrics; a killed
// worker is replaced and the other worker's connections lose nothing;
// close() and SIGTERM drain every worker.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import type { Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startClusterServer, type ClusterPrimary } from '../../src/server/cluster.js'
import { createLogger } from '../../src/server/logger.js'
import type { WorkerHealth } from '../../src/server/cluster-status.js'
import { client, closed, concat, heartbeat, logSink, metricValue } from './helpers.js'

const app = fileURLToPath(new URL('./fixtures/cluster-app.ts', import.meta.url))

interface Health {
  status: string
  connections: number
  workers: WorkerHealth[]
}

const lines = (text: string): Record<string, unknown>[] => text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>)

async function get(httpPort: number, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${httpPort}${path}`)
  return { status: response.status, body: await response.text() }
}

/** Polls until `check` holds; generous, for a loaded machine. */
async function eventually(check: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

let nextSeq = 0
/** Writes `n` TLM frames on the socket, resolving once written. */
function send(socket: Socket, n: number): Promise<void> {
  const frames = concat(...Array.from({ length: n }, () => heartbeat(nextSeq++ & 0xffff, 1)))
  return new Promise((resolve, reject) => socket.write(frames, (error) => (error ? reject(error) : resolve())))
}

async function connectAll(port: number, n: number): Promise<Socket[]> {
  const sockets = await Promise.all(Array.from({ length: n }, () => client(port)))
  for (const s of sockets) s.on('error', () => {}) // a reset from a killed worker is expected
  return sockets
}

describe('packet server on a cluster of workers (primary in this process)', { timeout: 90_000 }, () => {
  let primary: ClusterPrimary
  const log = logSink()
  const health = async (): Promise<Health> => JSON.parse((await get(primary.http.port, '/healthz')).body) as Health
  const framesCounted = async (): Promise<number> => metricValue((await get(primary.http.port, '/metrics')).body, 'oxwire_frames_total')

  beforeAll(async () => {
    const started = await startClusterServer({
      workers: 2,
      exec: app,
      args: [],
      execArgv: ['--import', 'tsx'],
      logger: createLogger({ destination: log.stream }),
      server: () => {
        throw new Error('only the workers build a server')
      },
    })
    if (started.role !== 'primary') throw new Error('the test process is the primary')
    primary = started
  }, 90_000)

  afterAll(async () => {
    await primary?.close()
  })

  it('reports each worker on /healthz, and nothing else on other paths', async () => {
    const h = await health()
    expect(h.status).toBe('ok')
    expect(h.workers).toHaveLength(2)
    for (const w of h.workers) expect(w).toMatchObject({ ok: true, responding: true, connections: 0, frames: 0 })
    expect((await get(primary.http.port, '/nope')).status).toBe(404)
    expect((await fetch(`http://127.0.0.1:${primary.http.port}/metrics`, { method: 'POST' })).status).toBe(405)
  })

  let sockets: Socket[] = []

  it('spreads connections over the workers and counts every frame once', async () => {
    sockets = await connectAll(primary.tcp.port, 12)
    await Promise.all(sockets.map((s) => send(s, 50)))
    const sent = 12 * 50
    await eventually(async () => (await framesCounted()) >= sent, `${sent} frames counted`)
    expect(await framesCounted()).toBe(sent)
    const workers = await primary.workers()
    expect(workers.reduce((sum, w) => sum + w.frames, 0)).toBe(sent)
    expect(workers.filter((w) => w.frames > 0)).toHaveLength(2)
    expect((await health()).connections).toBe(12)
  })

  it('replaces a killed worker, logged; the other worker and its connections lose nothing', async () => {
    const before = await health()
    const [victim, peer] = before.workers as [WorkerHealth, WorkerHealth]
    const lost = sockets.map(() => false)
    sockets.forEach((s, i) => void closed(s).then(() => (lost[i] = true)))
    process.kill(victim.pid, 'SIGKILL')
    await eventually(async () => {
      const h = await health()
      return h.status === 'ok' && h.workers.length === 2 && !h.workers.some((w) => w.pid === victim.pid)
    }, 'a replacement worker answers')
    expect(log.lines().find((l) => l.msg === 'worker died; starting another')).toMatchObject({ level: 50, pid: victim.pid, signal: 'SIGKILL' })
    // The victim's connections were reset; the peer's are all still open.
    await eventually(async () => lost.filter(Boolean).length === victim.connections, "the victim's connections closed")
    const surviving = sockets.filter((_, i) => !lost[i])
    expect(surviving).toHaveLength(peer.connections)
    await Promise.all(surviving.map((s) => send(s, 10)))
    const expectedPeer = peer.frames + 10 * surviving.length
    await eventually(async () => (await primary.workers()).find((w) => w.pid === peer.pid)?.frames === expectedPeer, 'the peer counts the new frames')
    // New connections reach the replacement as well as the peer.
    const fresh = await connectAll(primary.tcp.port, 6)
    await Promise.all(fresh.map((s) => send(s, 5)))
    await eventually(async () => (await framesCounted()) === expectedPeer + 30, 'every frame since counted once')
    const after = await primary.workers()
    expect(after.find((w) => w.pid !== peer.pid)?.frames).toBeGreaterThan(0)
    sockets = [...surviving, ...fresh]
  })

  it('close() drains every worker: frames sent before it are handled, then all exit', async () => {
    const pids = (await primary.workers()).map((w) => w.pid)
    const start = await framesCounted()
    const writes = sockets.map((s) => send(s, 20))
    for (const s of sockets) s.end()
    await Promise.all(writes)
    // Every frame arrived before the drain starts; the drain must not lose any.
    await eventually(async () => (await framesCounted()) === start + 20 * sockets.length, 'frames counted before closing')
    await primary.close()
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow()
    expect(log.lines().filter((l) => l.msg === 'worker died; starting another')).toHaveLength(1)
  })
})

describe('a cluster primary process on SIGTERM', { timeout: 90_000 }, () => {
  let primary: ChildProcess | undefined
  afterAll(() => {
    if (primary !== undefined && primary.exitCode === null) primary.kill('SIGKILL')
  })

  it('drains every worker: frames written just before the signal are all handled', async () => {
    let stdout = ''
    primary = spawn(process.execPath, ['--import', 'tsx', app], { env: { ...process.env, WORKERS: '2' }, stdio: ['ignore', 'pipe', 'ignore'] })
    primary.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    await eventually(async () => lines(stdout).some((l) => l.ready === true), 'the cluster is ready', 60_000)
    const ready = lines(stdout).find((l) => l.ready === true)!
    const sockets = await connectAll(ready.port as number, 8)
    const connections = async (): Promise<number> => (JSON.parse((await get(ready.httpPort as number, '/healthz')).body) as Health).connections
    await eventually(async () => (await connections()) === 8, 'all connections accepted')
    // Write, half-close, and signal at once: the drain must still take every frame.
    const writes = sockets.map((s) => send(s, 20))
    for (const s of sockets) s.end()
    primary.kill('SIGTERM')
    await Promise.all(writes)
    const [code] = (await once(primary, 'exit')) as [number | null]
    expect(code).toBe(0)
    const exits = lines(stdout).filter((l) => typeof l.worker === 'number')
    expect(exits).toHaveLength(2)
    expect(exits.reduce((sum, l) => sum + (l.frames as number), 0)).toBe(8 * 20)
    expect(lines(stdout).some((l) => l.drained === true)).toBe(true)
  })
})
