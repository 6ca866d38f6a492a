import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { runCli } from '../../src/cli/run.js'
import type { Codec } from '../../src/grammar/codec.js'
import { createInspector, type Inspector } from '../../src/inspect/inspector.js'
import type { ProtocolsResponse } from '../../src/inspect/wire.js'
import { createPacketServer, type PacketServer } from '../../src/server/packet-server.js'
import { detect } from '../../protocols/index.js'
import { cliIo } from '../cli/cli-io.js'
import { client, heartbeat, quiet } from '../server/helpers.js'

const grammars = new Map<string, Codec<unknown>>([['auto', detect as Codec<unknown>]])
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

async function packetServer(): Promise<{ server: PacketServer; tcp: number; http: number }> {
  const server = createPacketServer({ grammar: detect, logger: quiet, liveFeed: true, shutdownGraceMs: 50 })
  const tcp = (await server.listen()).port
  const http = (await server.listenHttp()).port
  return { server, tcp, http }
}

async function inspectorAttachedTo(httpPort: number): Promise<{ inspector: Inspector; port: number }> {
  const inspector = createInspector({ grammars, defaultGrammar: 'auto', attach: `http://127.0.0.1:${httpPort}` })
  const port = (await inspector.listen()).port
  closers.push(() => inspector.close())
  return { inspector, port }
}

function page(port: number, headers: Record<string, string> = {}) {
  const messages: { type: string; state?: string; protocol?: string }[] = []
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/live`, { headers })
  ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as (typeof messages)[number]))
  const until = async (done: () => boolean): Promise<void> => {
    for (let i = 0; i < 400 && !done(); i++) await new Promise((r) => setTimeout(r, 25))
    expect(done(), JSON.stringify(messages)).toBe(true)
  }
  return { ws, messages, until }
}

describe('the inspector attached to a packet server', () => {
  it('relays the live feed to its pages, and says when the link is up or down', async () => {
    const upstream = await packetServer()
    const { port } = await inspectorAttachedTo(upstream.http)
    const protocols = (await (await fetch(`http://127.0.0.1:${port}/api/protocols`)).json()) as ProtocolsResponse
    expect(protocols.live).toBe(true)
    const p = page(port, { origin: `http://127.0.0.1:${port}` })
    await p.until(() => p.messages.some((m) => m.type === 'upstream' && m.state === 'connected'))
    const socket = await client(upstream.tcp)
    socket.end(heartbeat(1, 2))
    await p.until(() => p.messages.some((m) => m.type === 'frame'))
    expect(p.messages.find((m) => m.type === 'frame')?.protocol).toBe('tlm')
    await upstream.server.close()
    await p.until(() => p.messages.some((m) => m.type === 'upstream' && m.state === 'disconnected'))
    p.ws.close()
  })

  it('refuses pages of other origins', async () => {
    const { port } = await inspectorAttachedTo(1)
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/live`, { headers: { origin: 'http://evil.example' } })
      ws.on('unexpected-response', (_, r) => resolve(r.statusCode ?? 0))
      ws.on('error', () => resolve(-1))
    })
    expect(status).toBe(403)
  })
})

describe('oxwire inspect', () => {
  it('serves the inspector for the chosen grammar until stopped', async () => {
    let stop!: () => void
    const stopped = new Promise<void>((resolve) => (stop = resolve))
    const io = cliIo()
    const running = runCli(['inspect', '--port', '0', '--protocol', 'evr', '--max-bytes', '1000'], io, { stop: () => stopped })
    for (let i = 0; i < 200 && !io.stderr.text.includes('http://'); i++) await new Promise((r) => setTimeout(r, 25))
    const url = /http:\/\/\S+\//.exec(io.stderr.text)?.[0]
    expect(url).toBeDefined()
    const protocols = (await (await fetch(`${url}api/protocols`)).json()) as ProtocolsResponse
    expect([protocols.default, protocols.maxBytes, protocols.protocols.map((p) => p.name)]).toEqual(['evr', 1000, ['auto', 'tlm', 'evr']])
    stop()
    expect(await running).toBe(0)
  })

  it('oxwire serve --live offers the feed that --attach reads', async () => {
    let stop!: () => void
    const stopped = new Promise<void>((resolve) => (stop = resolve))
    const io = cliIo()
    const running = runCli(['serve', '--port', '0', '--http-port', '0', '--live', '--log-level', 'silent'], io, { stop: () => stopped })
    for (let i = 0; i < 200 && !io.stderr.text.includes('/live'); i++) await new Promise((r) => setTimeout(r, 25))
    const port = /http:\/\/[\d.]+:(\d+)\//.exec(io.stderr.text)?.[1]
    expect(io.stderr.text).toContain('and /live')
    const hello = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/live`)
      ws.once('message', (data) => (resolve(data.toString()), ws.close()))
      ws.once('error', reject)
    })
    expect(JSON.parse(hello)).toMatchObject({ type: 'hello' })
    stop()
    expect(await running).toBe(0)
  })

  it('oxwire serve --live refuses cluster workers, whose frames its feed would not see', async () => {
    const io = cliIo()
    expect(await runCli(['serve', '--port', '0', '--http-port', '0', '--live', '--workers', '2'], io)).toBe(2)
    expect(io.stderr.text).toContain('--live runs the server in one process')
  })

  it('refuses an --attach that is not an http URL', async () => {
    for (const bad of ['nowhere', 'ftp://host:1']) {
      const io = cliIo()
      expect(await runCli(['inspect', '--attach', bad], io)).toBe(2)
      expect(io.stderr.text).toContain('--attach needs')
    }
  })
})
