// Run by server.ts: a cluster packet server of N workers decoding `detect`,
// silent, that prints its ports; SIGTERM drains and exits.
import { startClusterServer } from '../../src/server/cluster.js'
import { detect } from '../../protocols/index.js'

const started = await startClusterServer({
  workers: Number(process.argv[2] ?? 1),
  logLevel: 'silent',
  server: () => ({ grammar: detect, logLevel: 'silent', maxConnections: 10_000, idleTimeoutMs: 0 }),
})
if (started.role === 'primary') {
  process.stdout.write(JSON.stringify({ port: started.tcp.port, httpPort: started.http.port }) + '\n')
  process.on('SIGTERM', () => void started.close().then(() => process.exit(0)))
}
