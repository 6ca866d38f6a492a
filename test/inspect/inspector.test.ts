import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { buildInspectorPage } from '../../scripts/build-inspector.mjs'
import { encode } from '../../src/api.js'
import type { Codec } from '../../src/grammar/codec.js'
import { createInspector, type Inspector } from '../../src/inspect/inspector.js'
import { decodeResponse, showBrief } from '../../src/inspect/spans-json.js'
import type { DecodeResponse, ProtocolsResponse } from '../../src/inspect/wire.js'
import { decodeSpans } from '../../src/interpret/spans/decode-spans.js'
import { many, u8 } from '../../combinators/index.js'
import { detect, eventRecord, telemetry } from '../../protocols/index.js'

const grammars = new Map<string, Codec<unknown>>([
  ['auto', detect as Codec<unknown>],
  ['tlm', telemetry as Codec<unknown>],
  ['evr', eventRecord as Codec<unknown>],
  ['bytes', many(u8) as Codec<unknown>],
])
const frame = (() => {
  const r = encode(telemetry, { seq: 1, timestamp: 2, payload: { type: 'heartbeat', uptime: 3, status: 4 } })
  if (r._tag === 'Left') throw new Error(r.left.message)
  return r.right
})()

let dir: string
let inspector: Inspector
let base: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oxwire-inspector-'))
  await buildInspectorPage(dir)
  inspector = createInspector({ grammars, defaultGrammar: 'auto', pageDir: dir, maxBytes: 4096, maxSpans: 100 })
  const where = await inspector.listen()
  base = `http://127.0.0.1:${where.port}`
}, 60_000)
afterAll(async () => {
  await inspector.close()
  await rm(dir, { recursive: true, force: true })
})

const post = (path: string, body: Uint8Array) => fetch(`${base}${path}`, { method: 'POST', body })

describe('the inspector server', () => {
  it('serves the built page with a policy that allows nothing from elsewhere', async () => {
    const page = await fetch(`${base}/?hex=00&protocol=tlm`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await page.text()
    expect(html).toContain('<script type="module" src="app.js">')
    expect(html).not.toMatch(/https?:\/\//)
    const js = await fetch(`${base}/app.js`)
    expect(js.headers.get('content-type')).toContain('text/javascript')
    expect(await js.text()).not.toMatch(/\bimport\s*\(|from\s*["']https?:/)
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(204)
  })

  it('lists the protocols with their layout tables', async () => {
    const body = (await (await fetch(`${base}/api/protocols`)).json()) as ProtocolsResponse
    expect(body.default).toBe('auto')
    expect(body.maxBytes).toBe(4096)
    expect(body.live).toBe(false)
    expect(body.protocols.map((p) => p.name)).toEqual(['auto', 'tlm', 'evr', 'bytes'])
    const tlm = body.protocols[1]?.layout ?? []
    expect(tlm[0]).toEqual({ path: 'magic', offset: 0, size: 2, type: 'u16be', byteOrder: 'big', rule: 'must be 0x5AA5 (bytes 5A A5) (detection marker)', values: ['0x5AA5'] })
  })

  it('decodes posted bytes into the span tree decodeSpans gives', async () => {
    const response = await post('/api/decode?protocol=tlm', frame)
    expect(response.status).toBe(200)
    const body = (await response.json()) as DecodeResponse
    expect(body).toEqual(JSON.parse(JSON.stringify(decodeResponse('tlm', frame.length, decodeSpans(telemetry, frame, { maxSpans: 100 })))))
    expect(body.ok).toBe(true)
    expect(body.root.children.map((s) => s.path)).toEqual(['magic', 'version', 'type', 'seq', 'timestamp', 'payload', 'crc'])
    expect(JSON.parse(body.value)).toEqual({ seq: 1, timestamp: 2, payload: { type: 'heartbeat', uptime: 3, status: 4 } })
  })

  it('reports a failure with its byte and the spans so far', async () => {
    const body = (await (await post('/api/decode', frame.subarray(0, 7))).json()) as DecodeResponse
    expect(body.protocol).toBe('auto')
    expect(body.ok).toBe(false)
    expect(body.error).toMatchObject({ kind: 'incomplete', offset: 6, path: 'timestamp' })
    expect(body.root.children[0]?.children.map((s) => [s.path, s.complete])).toEqual([
      ['value.magic', true], ['value.version', true], ['value.type', true], ['value.seq', true], ['value.timestamp', false],
    ])
  })

  it('cuts the tree at the span limit and says so', async () => {
    const body = (await (await post('/api/decode?protocol=bytes', new Uint8Array(500))).json()) as DecodeResponse
    expect(body.ok).toBe(true)
    expect(body.truncated).toBe(true)
    expect(body.root.children.length).toBeLessThanOrEqual(100)
  })

  it('refuses input past its limit, unknown protocols and unknown routes', async () => {
    const big = await post('/api/decode?protocol=tlm', new Uint8Array(4097))
    expect(big.status).toBe(413)
    expect(await big.json()).toEqual({ error: 'input larger than 4096 bytes' })
    const unknown = await post('/api/decode?protocol=nope', frame)
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as { error: string }).error).toContain('try one of auto, tlm, evr, bytes')
    expect((await fetch(`${base}/api/elsewhere`)).status).toBe(404)
    expect((await fetch(`${base}/api/decode`)).status).toBe(404)
  })

  it('has no live feed unless attached', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/api/live`)
      ws.on('unexpected-response', (_, r) => resolve(r.statusCode ?? 0))
      ws.on('error', () => resolve(-1))
    })
    expect(status).toBe(404)
  })

  it('says how to build the page when it is not built', async () => {
    const bare = createInspector({ grammars, defaultGrammar: 'tlm', pageDir: join(dir, 'missing') })
    const where = await bare.listen()
    const page = await fetch(`http://127.0.0.1:${where.port}/`)
    expect(page.status).toBe(503)
    expect(await page.text()).toContain('npm run build')
    await bare.close()
    expect(() => createInspector({ grammars, defaultGrammar: 'nope' })).toThrow(RangeError)
  })
})

describe('values shown briefly', () => {
  it('says each kind of value in a few characters', () => {
    expect(showBrief(7)).toBe('7')
    expect(showBrief(300)).toBe('300 (0x12c)')
    expect(showBrief(1.5)).toBe('1.5')
    expect(showBrief(42n)).toBe('42n')
    expect(showBrief('x'.repeat(200))).toHaveLength(80)
    expect(showBrief(Uint8Array.of(1, 2))).toBe('01 02')
    expect(showBrief(new Uint8Array(0))).toBe('(0 bytes)')
    expect(showBrief(new Uint8Array(30))).toContain('… (30 bytes)')
    expect(showBrief([1])).toBe('[1 item]')
    expect(showBrief([1, 2])).toBe('[2 items]')
    expect(showBrief({ a: 1 })).toBe('{…}')
    expect(showBrief(null)).toBe('null')
    expect(showBrief(undefined)).toBe('undefined')
    expect(showBrief(true)).toBe('true')
    expect(showBrief(Symbol('s'))).toBe('symbol')
  })

  it('never fails on a value JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    const fake = { result: { _tag: 'Right' as const, right: cyclic }, root: decodeSpans(u8, Uint8Array.of(1)).root, truncated: false }
    expect(decodeResponse('x', 1, fake).value).toContain('not shown')
  })
})
