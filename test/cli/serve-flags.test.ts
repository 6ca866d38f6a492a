import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect as connectTls } from 'node:tls'
import { afterAll, describe, expect, test } from 'vitest'
import { runCli } from '../../src/cli/run.js'
import { systemTool } from '../helpers/system-tool.js'
import { heartbeat } from '../server/helpers.js'
import { cliIo } from './cli-io.js'

const dir = mkdtempSync(join(tmpdir(), 'oxwire-serve-flags-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function serving(args: string[]) {
  const io = cliIo()
  let stop!: () => void
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  const status = runCli(['serve', '--port', '0', '--http-port', '0', ...args], io, { stop: () => stopped })
  await expect.poll(() => io.stderr.text, { timeout: 10_000 }).toMatch(/packets on .*http:\/\//)
  const [, host, port, secured, httpHost, httpPort] = /packets on ([\d.]+):(\d+)( \(TLS\))?, http:\/\/([\d.]+):(\d+)/.exec(io.stderr.text) ?? []
  return { io, host, port: Number(port), tls: secured !== undefined, httpHost, httpPort: Number(httpPort), stop: async () => (stop(), status) }
}

describe('serve flags', () => {
  test('--host does not expose the HTTP side: it stays on 127.0.0.1 unless --http-host says otherwise', async () => {
    const open = await serving(['--host', '0.0.0.0', '--log-level', 'silent', '--backlog', '16'])
    expect([open.host, open.httpHost]).toEqual(['0.0.0.0', '127.0.0.1'])
    expect(await open.stop()).toBe(0)
    const both = await serving(['--http-host', '127.0.0.1', '--log-level', 'silent'])
    expect(both.httpHost).toBe('127.0.0.1')
    expect((await fetch(`http://127.0.0.1:${both.httpPort}/healthz`)).status).toBe(200)
    expect(await both.stop()).toBe(0)
  })

  const openssl = systemTool('openssl', 'openssl')
  test.skipIf(openssl === undefined)('--tls-cert and --tls-key serve the packet port over TLS', async () => {
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')]
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' })
    const served = await serving(['--tls-cert', cert, '--tls-key', key, '--print', '--log-level', 'silent'])
    expect(served.tls).toBe(true)
    const socket = connectTls({ host: '127.0.0.1', port: served.port, rejectUnauthorized: false })
    await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject))
    socket.end(heartbeat(4, 2))
    await expect.poll(() => served.io.stdout.jsonLines().length, { timeout: 10_000 }).toBe(1)
    expect(await served.stop()).toBe(0)
  })

  test('--tls-cert without --tls-key is a usage error', async () => {
    const io = cliIo()
    expect(await runCli(['serve', '--tls-cert', 'x.pem'], io)).toBe(2)
    expect(io.stderr.text).toContain('--tls-cert and --tls-key go together')
  })
})
