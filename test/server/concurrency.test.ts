import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { detect } from '../../protocols/index.js'
import { createPacketServer, type PacketServer } from '../../src/server/index.js'
import { Random } from '../../src/cli/random.js'
import { sendBytes } from '../../src/cli/send-command.js'
import { concat, heartbeat, quiet } from './helpers.js'

const clients = 200
const framesPerClient = 1000

describe('200 concurrent connections, 1,000 frames each, random chunks', () => {
  // client index -> [server connection id, seq] in the order the server saw them
  const seen = new Map<number, { connection: number; seq: number }[]>()
  let server: PacketServer
  let port: number

  beforeAll(async () => {
    server = createPacketServer({
      grammar: detect,
      logger: quiet,
      maxConnections: clients,
      onFrame: (frame, connection) => {
        if (frame.value.protocol !== 'tlm') throw new Error('unexpected protocol')
        const list = seen.get(frame.value.value.timestamp) ?? []
        list.push({ connection: connection.id, seq: frame.value.value.seq })
        seen.set(frame.value.value.timestamp, list)
      },
    })
    ;({ port } = await server.listen())
  })
  afterAll(() => server.close())

  test('every frame arrives exactly once, in order, on its own connection', async () => {
    const started = Date.now()
    // Each client's frames carry its index as the timestamp and their
    // position as the seq.
    const payloads = Array.from({ length: clients }, (_, c) => concat(...Array.from({ length: framesPerClient }, (_, i) => heartbeat(i, c))))
    await Promise.all(payloads.map((bytes, c) => sendBytes(bytes, { host: '127.0.0.1', port, random: new Random(c), maxChunk: 300 })))
    // Clients are closed; wait for the server to finish their last frames.
    for (let i = 0; i < 1000 && server.connections.length > 0; i++) await new Promise((r) => setTimeout(r, 10))

    expect(server.connections).toHaveLength(0)
    expect(seen.size).toBe(clients)
    for (let c = 0; c < clients; c++) {
      const frames = seen.get(c) ?? []
      expect(frames.map((f) => f.seq)).toEqual(Array.from({ length: framesPerClient }, (_, i) => i))
      expect(new Set(frames.map((f) => f.connection)).size).toBe(1)
    }
    const metrics = await server.metrics.registry.getSingleMetricAsString('oxwire_frames_total')
    expect(metrics).toContain(`oxwire_frames_total{protocol="tlm"} ${clients * framesPerClient}`)
    // Not a speed assertion: shows the cost of this test in the output.
    console.info(`${clients} connections x ${framesPerClient} frames: ${Date.now() - started} ms`)
  }, 60_000)
})
