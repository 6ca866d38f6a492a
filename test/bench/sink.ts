/**
 * `npm run bench:sink`: frames per second through the packet server with
 * and without the NATS JetStream sink, same traffic, same run, on a real
 * nats-server (JetStream on, file storage in a temporary directory).
 *
 *   npm run bench:sink -- [connections] [framesPerConnection] [runs]
 *
 * Each run opens `connections` clients that send `framesPerConnection`
 * frames each (TLM heartbeats and EVR records alternating, 19–20 bytes) as
 * fast as TCP takes them, and times from the first byte sent until the
 * server has handled every frame: decoded (no sink) or acknowledged by
 * JetStream (sink). The median of `runs` runs is reported, with the ratio
 * to the server without a sink.
 */
import { connect as connectTcp, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { detect, type Detected } from '../../protocols/index.js'
import { createPacketServer, type PacketServer } from '../../src/server/packet-server.js'
import { createNatsSink, type NatsSink, type NatsSinkOptions } from '../../src/server/sink/nats-sink.js'
import { createLogger } from '../../src/server/logger.js'
import { createBroker } from '../helpers/nats-broker.js'
import { whichTool } from '../helpers/system-tool.js'
import { evr, heartbeat } from '../server/helpers.js'

const [connections = 4, perConnection = 20_000, runs = 3] = process.argv.slice(2).map(Number)
const quiet = createLogger({ level: 'silent' })

interface Mode {
  readonly name: string
  readonly sink?: Partial<NatsSinkOptions<Detected>>
}

const modes: Mode[] = [
  { name: 'no sink (decode only)' },
  { name: 'sink, frame bytes, window 256', sink: { payload: 'frame', window: 256 } },
  { name: 'sink, frame bytes, window 1024', sink: { payload: 'frame', window: 1024 } },
  { name: 'sink, decoded JSON, window 256', sink: { payload: 'json', window: 256 } },
]

/** One connection's traffic, in 64 KiB writes. */
function traffic(c: number): Buffer[] {
  const frames: Uint8Array[] = []
  for (let i = 0; i < perConnection; i++) frames.push(i % 2 === 0 ? heartbeat((c * perConnection + i) & 0xffff, i) : evr(BigInt(c), i))
  const all = Buffer.concat(frames)
  const chunks: Buffer[] = []
  for (let at = 0; at < all.length; at += 65_536) chunks.push(all.subarray(at, at + 65_536))
  return chunks
}

async function sendAll(port: number, chunks: Buffer[]): Promise<void> {
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connectTcp({ host: '127.0.0.1', port }, () => resolve(s))
    s.once('error', reject)
  })
  for (const chunk of chunks) {
    if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r))
  }
  await new Promise<void>((resolve) => socket.end(resolve))
}

async function counted(server: PacketServer, sink: NatsSink<Detected> | undefined): Promise<number> {
  const metric = sink === undefined ? server.metrics.frames : sink.metrics.acknowledged
  return (await metric.get()).values.reduce((sum, v) => sum + v.value, 0)
}

async function once(mode: Mode, url: string, stream: string, streams: Buffer[][]): Promise<number> {
  const sink = mode.sink === undefined ? undefined : createNatsSink<Detected>({ servers: url, stream, subject: `${stream.toLowerCase()}.{protocol}`, ...mode.sink })
  const server = createPacketServer({ grammar: detect, logger: quiet, idleTimeoutMs: 0, ...(sink === undefined ? {} : { sink }) })
  const { port } = await server.listen({ host: '127.0.0.1', port: 0 })
  while (sink !== undefined && sink.state !== 'connected') await new Promise((r) => setTimeout(r, 10))
  const total = connections * perConnection
  const started = performance.now()
  await Promise.all(streams.map((chunks) => sendAll(port, chunks)))
  while ((await counted(server, sink)) < total) await new Promise((r) => setTimeout(r, 2))
  const seconds = (performance.now() - started) / 1000
  await server.close()
  return total / seconds
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number

async function main(): Promise<void> {
  const executable = whichTool('nats-server')
  if (executable === undefined) throw new Error('bench:sink needs nats-server (apt-get install nats-server)')
  const broker = await createBroker(executable)
  await broker.start()
  try {
    const streams = Array.from({ length: connections }, (_, c) => traffic(c))
    console.log(`${connections} connections × ${perConnection} frames, median of ${runs} runs, nats-server ${executable}`)
    let baseline = 0
    for (const [m, mode] of modes.entries()) {
      const rates: number[] = []
      for (let run = 0; run < runs; run++) rates.push(await once(mode, broker.url, `BENCH${m}R${run}`, streams))
      const rate = median(rates)
      if (m === 0) baseline = rate
      const ratio = m === 0 ? '' : `  (${(rate / baseline).toFixed(3)} × no sink)`
      console.log(`${mode.name.padEnd(34)} ${Math.round(rate).toString().padStart(9)} frames/s${ratio}   runs: ${rates.map((r) => Math.round(r)).join(', ')}`)
    }
  } finally {
    await broker.dispose()
  }
}

await main()
