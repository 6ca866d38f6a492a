// The packet server on a cluster of worker processes, really forked: frames
// spread over workers are counted once in the primary's /metrics; a killed
// worker is replaced and the other worker's connections lose nothing;
// SIGTERM drains every worker.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import type { Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, closed, concat, heartbeat } from './helpers.js'

const app = fileURLToPath(new URL('./fixtures/cluster-app.ts', import.meta.url))

interface Health {
  status: string
  workers: { id: number; pid: number; ok: boolean; responding: boolean; connections: number; frames: number }[]
}

let primary: ChildProcess
let port = 0
let httpPort = 0
let stdout = ''
let stderr = ''

const lines = (text: string): Record<string, unknown>[] => text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>)

async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${httpPort}${path}`)
  return { status: response.status, body: await response.text() }
}

const health = async (): Promise<Health> => JSON.parse((await get('/healthz')).body) as Health

async function framesCounted(): Promise<number> {
  const { body } = await get('/metrics')
  return body.split('\n').filter((l) => l.startsWith('oxwire_frames_total')).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0)
}

/** Polls until `check` holds; generous, for a loaded machine. */
async function eventually(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
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

async function connectAll(n: number): Promise<Socket[]> {
  const sockets = await Promise.all(Array.from({ length: n }, () => client(port)))
  for (const s of sockets) s.on('error', () => {}) // a reset from a killed worker is expected
  return sockets
}

describe('packet server on a cluster of workers', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    primary = spawn(process.execPath, ['--import', 'tsx', app], { env: { ...process.env, WORKERS: '2' }, stdio: ['ignore', 'pipe', 'pipe'] })
    primary.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    primary.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    await eventually(async () => lines(stdout).some((l) => l.ready === true), 'the cluster is ready', 60_000)
    const ready = lines(stdout).find((l) => l.ready === true)!
    port = ready.port as number
    httpPort = ready.httpPort as number
  }, 90_000)

  afterAll(() => {
    if (primary.exitCode === null) primary.kill('SIGKILL')
  })

  it('reports each worker on /healthz', async () => {
    const h = await health()
    expect(h.status).toBe('ok')
    expect(h.workers).toHaveLength(2)
    for (const w of h.workers) expect(w).toMatchObject({ ok: true, responding: true })
  })

  let sockets: Socket[] = []
  let sent = 0

  it('spreads connections over the workers and counts every frame once', async () => {
    sockets = await connectAll(12)
    await Promise.all(sockets.map((s) => send(s, 50)))
    sent = 12 * 50
    await eventually(async () => (await framesCounted()) >= sent, `${sent} frames counted`)
    expect(await framesCounted()).toBe(sent)
    const h = await health()
    expect(h.workers.reduce((sum, w) => sum + w.frames, 0)).toBe(sent)
    expect(h.workers.filter((w) => w.frames > 0)).toHaveLength(2)
    expect(h.workers.reduce((sum, w) => sum + w.connections, 0)).toBe(12)
  })

  it('replaces a killed worker; the other worker and its connections lose nothing', async () => {
    const before = await health()
    const [victim, peer] = before.workers as [Health['workers'][number], Health['workers'][number]]
    const lost = sockets.map(() => false)
    sockets.forEach((s, i) => void closed(s).then(() => (lost[i] = true)))
    process.kill(victim.pid, 'SIGKILL')
    await eventually(async () => {
      const h = await health()
      return h.status === 'ok' && h.workers.length === 2 && !h.workers.some((w) => w.pid === victim.pid)
    }, 'a replacement worker answers')
    expect(stderr).toContain('worker died; starting another')
    // The victim's connections were reset; the peer's are all still open.
    await eventually(async () => lost.filter(Boolean).length === victim.connections, "the victim's connections closed")
    const surviving = sockets.filter((_, i) => !lost[i])
    expect(surviving).toHaveLength(peer.connections)
    await Promise.all(surviving.map((s) => send(s, 10)))
    const expectedPeer = peer.frames + 10 * surviving.length
    await eventually(async () => (await health()).workers.find((w) => w.pid === peer.pid)?.frames === expectedPeer, 'the peer counts the new frames')
    // New connections reach the replacement as well as the peer.
    const fresh = await connectAll(6)
    await Promise.all(fresh.map((s) => send(s, 5)))
    await eventually(async () => (await framesCounted()) === expectedPeer + 30, 'every frame since counted once')
    const after = await health()
    expect(after.workers.find((w) => w.pid === peer.pid)?.frames).toBeGreaterThanOrEqual(expectedPeer)
    expect(after.workers.find((w) => w.pid !== peer.pid)?.frames).toBeGreaterThan(0)
    sockets = [...surviving, ...fresh]
  })

  it('drains every worker on SIGTERM: frames sent before it are all handled', async () => {
    const start = await framesCounted()
    const perWorkerBefore = (await health()).workers
    await eventually(async () => (await health()).workers.reduce((s, w) => s + w.connections, 0) === sockets.length, 'all connections accepted')
    // Write, half-close, and signal at once: the drain must still take every frame.
    const writes = sockets.map((s) => send(s, 20))
    for (const s of sockets) s.end()
    primary.kill('SIGTERM')
    await Promise.all(writes)
    const [code] = (await once(primary, 'exit')) as [number | null]
    expect(code).toBe(0)
    const exits = lines(stdout).filter((l) => typeof l.worker === 'number' && perWorkerBefore.some((w) => w.pid === l.pid))
    expect(exits).toHaveLength(2)
    expect(exits.reduce((sum, l) => sum + (l.frames as number), 0)).toBe(start + 20 * sockets.length)
    expect(lines(stdout).some((l) => l.drained === true)).toBe(true)
  })
})
