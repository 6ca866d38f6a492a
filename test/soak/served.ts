// A real `oxwire serve` process for the soak: started through tsx, its
// stdout (printed frames) and stderr (logs) read as they come, its metrics
// fetched over HTTP. Stopped by its own PID.
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface Served {
  readonly child: ChildProcess
  readonly pid: number
  readonly port: number
  readonly httpPort: number
  /** Bytes written to stderr (the logs) so far. */
  logBytes(): number
  /** Lines of stderr seen so far (kept only when asked). */
  logLines(): string[]
  /** Called with each printed frame's connection-independent id (the TLM timestamp) and when it was read. */
  onFrame: ((id: number, at: number) => void) | undefined
  readonly exited: Promise<{ code: number | null; at: number }>
  metrics(): Promise<string>
  healthz(): Promise<number>
  cpuSeconds(): number
  openFds(): number
  rssBytes(): number
}

export async function serve(args: readonly string[], keepLines = false): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve', '--workers', '1', '--port', '0', '--http-port', '0', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let logBytes = 0
  const lines: string[] = []
  let banner = ''
  let pendingOut = ''
  const served: Partial<Served> & { onFrame: Served['onFrame'] } = { onFrame: undefined }
  child.stderr?.on('data', (d: Buffer) => {
    logBytes += d.length
    if (banner.length < 4096) banner += d.toString()
    if (keepLines) lines.push(...d.toString().split('\n').filter((l) => l !== ''))
  })
  child.stdout?.on('data', (d: Buffer) => {
    const at = performance.now()
    pendingOut += d.toString()
    let nl = pendingOut.indexOf('\n')
    while (nl >= 0) {
      const line = pendingOut.slice(0, nl)
      pendingOut = pendingOut.slice(nl + 1)
      const m = /"timestamp":(\d+)/.exec(line)
      if (m !== null) served.onFrame?.(Number(m[1]), at)
      nl = pendingOut.indexOf('\n')
    }
  })
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: performance.now() })))
  for (let waited = 0; !/http:\/\/[\d.]+:\d+/.test(banner); waited += 20) {
    if (waited > 60_000 || child.exitCode !== null) throw new Error(`serve did not start: ${banner}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  const match = /packets on [\d.]+:(\d+).*http:\/\/[\d.]+:(\d+)/.exec(banner)
  if (match === null || child.pid === undefined) throw new Error(`serve did not start: ${banner}`)
  const httpPort = Number(match[2])
  const pid = child.pid
  const stat = (): string[] => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return Object.assign(served, {
    child,
    pid,
    port: Number(match[1]),
    httpPort,
    logBytes: () => logBytes,
    logLines: () => lines,
    exited,
    metrics: async () => (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text(),
    healthz: async () => (await fetch(`http://127.0.0.1:${httpPort}/healthz`)).status,
    // utime + stime, in clock ticks (100 per second on Linux).
    cpuSeconds: () => (Number(stat()[11]) + Number(stat()[12])) / 100,
    openFds: () => readdirSafe(`/proc/${pid}/fd`).length,
    rssBytes: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024,
  }) as Served
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

/** The sum of a metric's samples whose labels contain `labels`. */
export function metric(text: string, name: string, labels = ''): number {
  let total = 0
  for (const line of text.split('\n')) {
    if (!(line.startsWith(`${name} `) || line.startsWith(`${name}{`))) continue
    if (labels !== '' && !line.includes(labels)) continue
    total += Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return total
}

/** Connects from a chosen loopback address (127.0.0.x), resolving even on failure (then destroyed). */
export function open(port: number, localAddress = '127.0.0.1', allowHalfOpen = false): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress, allowHalfOpen }, () => resolve(socket))
    socket.on('error', () => resolve(socket))
  })
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
