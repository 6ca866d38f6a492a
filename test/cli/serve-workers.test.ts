// `oxwire serve` on every core, run as the real program: without --workers
// it forks one worker per available core, which share the packet port; the
// frames every worker prints reach stdout once each; SIGTERM drains all.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run.js'
import { client, concat, heartbeat } from '../server/helpers.js'
import { cliIo } from './cli-io.js'

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))

async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('oxwire serve --workers', { timeout: 120_000 }, () => {
  let child: ChildProcess | undefined
  afterAll(() => {
    if (child !== undefined && child.exitCode === null) child.kill('SIGKILL')
  })

  it('defaults to one worker per core, prints every frame once, and drains on SIGTERM', async () => {
    let stdout = ''
    let stderr = ''
    child = spawn(process.execPath, ['--import', 'tsx', main, 'serve', '--port', '0', '--http-port', '0', '--print', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    await eventually(() => /packets on 127\.0\.0\.1:\d+, http/.test(stderr), 'serve is listening')
    const [, workers, port, httpPort] = /(\d+) workers, packets on 127\.0\.0\.1:(\d+), http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr) ?? []
    expect(Number(workers)).toBe(availableParallelism())
    const health = async (): Promise<{ status: string; connections: number; workers: { frames: number }[] }> =>
      (await fetch(`http://127.0.0.1:${httpPort}/healthz`)).json() as never
    expect((await health()).workers).toHaveLength(availableParallelism())
    const sockets = await Promise.all(Array.from({ length: 6 }, () => client(Number(port))))
    await eventually(async () => (await health()).connections === 6, 'connections accepted')
    let seq = 0
    await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.write(concat(...Array.from({ length: 10 }, () => heartbeat(seq++, 7))), () => resolve()))))
    for (const s of sockets) s.end()
    await eventually(() => stdout.split('\n').filter((l) => l.startsWith('{')).length >= 60, 'every frame printed')
    child.kill('SIGTERM')
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(0)
    const printed = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; value: { seq: number } })
    expect(printed).toHaveLength(60)
    expect(new Set(printed.map((p) => p.value.seq)).size).toBe(60)
  })

  it('refuses a worker count that is not a positive integer', async () => {
    const io = cliIo()
    expect(await runCli(['serve', '--workers', '0', '--port', '0', '--http-port', '0'], io)).toBe(2)
    expect(io.stderr.text).toContain('--workers needs a positive integer')
  })
})
