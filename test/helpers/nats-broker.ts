/**
 * A real nats-server with JetStream for tests: a free port on 127.0.0.1, a
 * temporary store directory, stopped by its own PID. It can be killed
 * (SIGKILL, like a crash) and started again on the same port and store.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A nats-server the test controls. */
export interface Broker {
  readonly port: number
  readonly url: string
  readonly storeDir: string
  /** Starts it (again, on the same port and store); resolves when it accepts clients. */
  start(): Promise<void>
  /** SIGKILL, as a crash would; resolves when the process is gone. */
  kill(): Promise<void>
  /** SIGSTOP (`true`) or SIGCONT (`false`): a broker that stalls, its connections still open. */
  pause(paused: boolean): void
  /** Stops it and removes the store. */
  dispose(): Promise<void>
}

/** A port free now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/** A broker on a free port (not started: call `start()`). */
export async function createBroker(executable: string): Promise<Broker> {
  const port = await freePort()
  const storeDir = mkdtempSync(join(tmpdir(), 'oxwire-nats-'))
  let child: ChildProcess | undefined
  let output = ''

  const kill = async (): Promise<void> => {
    const running = child
    child = undefined
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
    if (running.pid !== undefined) process.kill(running.pid, 'SIGKILL')
    await exited
  }

  return {
    port,
    url: `nats://127.0.0.1:${port}`,
    storeDir,
    async start() {
      if (child !== undefined) throw new Error('broker already running')
      output = ''
      const started = spawn(executable, ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] })
      child = started
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`nats-server did not start within 20 s:\n${output}`)), 20_000)
        const look = (chunk: Buffer): void => {
          output += chunk.toString()
          if (output.includes('Server is ready')) {
            clearTimeout(timer)
            resolve()
          }
        }
        started.stdout?.on('data', look)
        started.stderr?.on('data', look)
        started.once('exit', (code) => {
          clearTimeout(timer)
          reject(new Error(`nats-server exited (${code}) before it was ready:\n${output}`))
        })
      })
    },
    kill,
    pause(paused) {
      if (child?.pid !== undefined) process.kill(child.pid, paused ? 'SIGSTOP' : 'SIGCONT')
    },
    async dispose() {
      await kill()
      rmSync(storeDir, { recursive: true, force: true })
    },
  }
}
