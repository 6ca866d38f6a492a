// The inspector in a real browser: headless Chromium (Debian's `chromium`)
// driven by playwright-core, one launch for the whole file. Screenshots go
// to test-output/inspector/ (ignored by git).
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildInspectorPage } from '../../scripts/build-inspector.mjs'
import { encode } from '../../src/api.js'
import { runCli } from '../../src/cli/run.js'
import { bundledGrammar } from '../../src/cli/grammar-option.js'
import { startServe, type Serving } from '../../src/cli/serve-command.js'
import type { Codec } from '../../src/grammar/codec.js'
import { createInspector, type Inspector } from '../../src/inspect/inspector.js'
import { decodeSpans, spansAt } from '../../src/interpret/spans/decode-spans.js'
import type { Span } from '../../src/interpret/spans/span.js'
import { eventRecord, telemetry, type EvrRecord, type TlmFrame } from '../../protocols/index.js'
import { cliIo } from '../cli/cli-io.js'
import { systemTool } from '../helpers/system-tool.js'
import { allSpans } from '../interpret/spans/invariants.js'
import { quiet } from '../server/helpers.js'

const executablePath = systemTool('chromium', 'chromium')
const shots = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-output', 'inspector')

const tlmFrame: TlmFrame = { seq: 7, timestamp: 1700000000, payload: { type: 'reading', sensorId: 3, unit: 'volt', value: 3.3 } }
const evrRecord: EvrRecord = {
  flags: { ackRequested: true, retransmit: false, urgent: true },
  deviceId: 0x1122334455667788n,
  eventId: 9,
  fields: [{ tag: 'humidity', percent: 55 }, { tag: 'label', text: 'pump 2' }, { tag: 'unknown', code: 200, bytes: Uint8Array.of(1, 2, 3) }],
}
function bytesOf<A>(grammar: Codec<A>, value: A): Uint8Array {
  const r = encode(grammar, value)
  if (r._tag === 'Left') throw new Error(r.left.message)
  return r.right
}
const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex')
// The page's globals, as far as the functions these tests run in the page
// use them: the tests are type-checked without the DOM library.
interface PageElement {
  readonly textContent: string | null
  getAttribute(name: string): string | null
  dispatchEvent(event: unknown): boolean
}
declare const document: {
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>
  getElementById(id: string): PageElement | null
}
declare const MouseEvent: new (type: string) => unknown
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i)

// A loaded two-core machine can make a page slow: generous per-test time.
describe.skipIf(executablePath === undefined)('the inspector in Chromium', { timeout: 120_000 }, () => {
  let profile: string
  let pageDir: string
  let serving: Serving
  let inspector: Inspector
  let base: string
  let browser: BrowserContext
  let page: Page

  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), 'oxwire-chromium-'))
    pageDir = await buildInspectorPage(await mkdtemp(join(tmpdir(), 'oxwire-page-')))
    await mkdir(shots, { recursive: true })
    serving = await startServe({ grammar: bundledGrammar('auto'), host: '127.0.0.1', port: 0, httpPort: 0, logger: quiet, live: true })
    const grammars = new Map(['auto', 'tlm', 'evr'].map((name) => [name, bundledGrammar(name as 'auto').grammar]))
    inspector = createInspector({ grammars, defaultGrammar: 'auto', pageDir, attach: `http://127.0.0.1:${serving.http.port}` })
    base = `http://127.0.0.1:${(await inspector.listen()).port}`
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: executablePath as string,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1500, height: 950 },
    })
    page = browser.pages()[0] ?? (await browser.newPage())
    page.on('pageerror', (error) => {
      throw error
    })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await inspector?.close()
    await serving?.server.close()
    await rm(profile, { recursive: true, force: true })
    await rm(pageDir, { recursive: true, force: true })
  })

  async function openLink(protocol: string, bytes: Uint8Array): Promise<void> {
    await page.goto(`${base}/?protocol=${protocol}&hex=${hexOf(bytes)}`)
    await page.waitForSelector('body[data-shown="1"]', { timeout: 20_000 })
    // Open every node, so that every span has its line.
    for (let round = 0; round < 20; round++) {
      const closed = await page.$$eval('#tree .tw', (els) => els.filter((e) => e.textContent === '▸').map((e) => e.dispatchEvent(new MouseEvent('click'))).length)
      if (closed === 0) break
    }
  }

  const lineOf = (s: Span): string =>
    `#tree .node[data-path="${s.path.join('.')}"][data-offset="${s.offset}"][data-length="${s.length}"][data-role="${s.role}"]`

  /** What the page marks: the highlighted bytes and the marked tree lines. */
  const marks = (): Promise<{ bytes: number[]; lines: [string | null, number, number][] }> =>
    page.evaluate(() => ({
      bytes: [...document.querySelectorAll('#hexview .b.hl')].map((e) => Number(e.getAttribute('data-i'))),
      lines: [...document.querySelectorAll('#tree .node.hl')].map((e): [string | null, number, number] => [e.getAttribute('data-path'), Number(e.getAttribute('data-offset')), Number(e.getAttribute('data-length'))]),
    }))

  /** The middle of each element a selector finds, in page coordinates after scrolling it into sight. */
  async function middleOf(selector: string): Promise<{ x: number; y: number }> {
    const box = await page.locator(selector).first().boundingBox()
    if (box === null) throw new Error(`${selector} is not on screen`)
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
  }

  /**
   * Hovering each field's line highlights exactly its bytes; hovering each
   * byte marks its innermost field and highlights that field's bytes. The
   * real pointer moves (Chromium's own mouse events), one move per check.
   */
  async function checkHovers(root: Span, size: number): Promise<void> {
    for (const span of allSpans(root)) {
      await page.locator(lineOf(span)).first().scrollIntoViewIfNeeded()
      const at = await middleOf(lineOf(span))
      await page.mouse.move(at.x, at.y)
      expect((await marks()).bytes, `bytes of ${span.path.join('.') || 'the frame'}`).toEqual(range(span.offset, span.offset + span.length))
    }
    const cells = await page.$$eval('#hexview .b', (els) => els.map((e) => {
      const r = e.getBoundingClientRect()
      return { i: Number(e.getAttribute('data-i')), x: r.x + r.width / 2, y: r.y + r.height / 2 }
    }))
    expect(cells.length).toBeGreaterThanOrEqual(size)
    for (const cell of cells.filter((c) => c.i < size)) {
      await page.mouse.move(cell.x, cell.y)
      const chain = spansAt(root, cell.i)
      const innermost = chain[chain.length - 1]
      const { bytes, lines } = await marks()
      if (innermost === undefined) {
        // A byte past what was decoded belongs to no field.
        expect([bytes, lines], `byte ${cell.i}`).toEqual([[], []])
        continue
      }
      expect(lines, `field of byte ${cell.i}`).toEqual([[innermost.path.join('.'), innermost.offset, innermost.length]])
      expect(bytes).toEqual(range(innermost.offset, innermost.offset + innermost.length))
    }
  }

  it('shows a TLM frame from a ?hex= link: every field on its bytes, both ways', async () => {
    const bytes = bytesOf(telemetry, tlmFrame)
    await openLink('tlm', bytes)
    const { root } = decodeSpans(telemetry, bytes)
    expect(await page.textContent('#status')).toBe(`tlm: decoded ${bytes.length} bytes`)
    expect(await page.$$eval('#hexview .b', (els) => els.map((e) => e.textContent).join(''))).toBe(hexOf(bytes))
    expect(await page.textContent('#checksums')).toContain('crc CRC-16/CCITT-FALSE over bytes 0..22: ✓')
    expect(await page.$$eval('#layout tbody tr', (rows) => rows.map((r) => r.getAttribute('data-path')).slice(0, 4))).toEqual(['magic', 'version', 'type', 'seq'])
    await checkHovers(root, bytes.length)
    const payload = await middleOf(lineOf(root.children[5] as Span))
    await page.mouse.move(payload.x, payload.y)
    await page.screenshot({ path: join(shots, 'tlm.png') })
  })

  it('shows an EVR record: bit fields, TLV records, the CRC-32', async () => {
    const bytes = bytesOf(eventRecord, evrRecord)
    await openLink('evr', bytes)
    const { root } = decodeSpans(eventRecord, bytes)
    expect(await page.textContent('#checksums')).toContain('CRC-32/ISO-HDLC')
    expect(await page.$$eval('#checksums li.ok', (els) => els.length)).toBe(1)
    await checkHovers(root, bytes.length)
    await page.screenshot({ path: join(shots, 'evr.png') })
  })

  it('shows a corrupt frame: the error at its byte with its message, the checksum status', async () => {
    const bytes = bytesOf(telemetry, tlmFrame)
    bytes[14] = 9 // unit code 9 does not exist
    await openLink('auto', bytes)
    const { root, result } = decodeSpans(bundledGrammar('auto').grammar, bytes)
    expect(result._tag === 'Left' && [result.left.kind, result.left.offset]).toEqual(['invalid', 14])
    expect(await page.textContent('#error')).toBe('invalid at byte 14 (payload.unit): unknown code 9')
    expect(await page.$$eval('#hexview .b.err', (els) => els.map((e) => [e.getAttribute('data-i'), e.getAttribute('title')]))).toEqual([['14', 'unknown code 9']])
    expect(await page.textContent('#tree .node.failed .msg')).toBe('invalid: unknown code 9')
    await checkHovers(root, bytes.length)
    const unit = await middleOf(lineOf(root.children[0]?.children[5]?.children[1] as Span))
    await page.mouse.move(unit.x, unit.y)
    await page.screenshot({ path: join(shots, 'corrupt-unit.png') })

    const badCrc = bytesOf(telemetry, tlmFrame)
    badCrc[badCrc.length - 1] = (badCrc[badCrc.length - 1] as number) ^ 0x5a
    await openLink('tlm', badCrc)
    const status = decodeSpans(telemetry, badCrc).root.children.at(-1)?.checksum
    expect(status?.ok).toBe(false)
    expect(await page.textContent('#checksums li.bad')).toBe(
      `crc CRC-16/CCITT-FALSE over bytes 0..22: ✗ computed 0x${status?.expected?.toString(16)}, found 0x${status?.found.toString(16)}`,
    )
    expect(await page.$$eval('#hexview .b.err', (els) => els.map((e) => e.getAttribute('data-i')))).toEqual(['23'])
    await page.screenshot({ path: join(shots, 'corrupt-crc.png') })

    // Cut short: the error sits just past the last byte.
    await openLink('evr', bytesOf(eventRecord, evrRecord).subarray(0, 10))
    expect(await page.textContent('#error')).toMatch(/^incomplete at byte 4: needs \d+ byte\(s\)/)
    expect(await page.$$eval('#hexview .b.err', (els) => els.map((e) => e.getAttribute('data-i')))).toEqual(['4'])
  })

  it('attached to a packet server receiving oxwire send traffic: frames arrive newest first, filter, pause, open', async () => {
    await page.goto(`${base}/`)
    await page.waitForSelector('#live:not([hidden])')
    await page.waitForFunction(() => document.getElementById('upstream')?.textContent?.startsWith('connected') === true, undefined, { timeout: 20_000 })
    const send = async (count: number, seed: number): Promise<void> => {
      const io = cliIo()
      const code = await runCli(['send', '--port', String(serving.tcp.port), '--count', String(count), '--corrupt', '3', '--seed', String(seed)], io)
      expect(code, io.stderr.text).toBe(0)
    }
    await send(30, 5)
    await page.waitForFunction((n) => document.querySelectorAll('#frames li').length >= n, 33, { timeout: 20_000 })
    const rows = () =>
      page.$$eval('#frames li', (els) =>
        els.map((e) => ({
          protocol: e.getAttribute('data-protocol'),
          kind: e.getAttribute('data-kind'),
          connection: Number(e.getAttribute('data-connection')),
          offset: Number(e.getAttribute('data-offset')),
        })),
      )
    const all = await rows()
    expect(all.filter((r) => r.kind === 'ok').length).toBe(30)
    expect(all.filter((r) => r.kind === 'checksum').length).toBe(3)
    expect(new Set(all.map((r) => r.protocol))).toEqual(new Set(['tlm', 'evr']))
    // Newest first: one connection's stream offsets fall down the list.
    expect(new Set(all.map((r) => r.connection)).size).toBe(1)
    const offsets = all.map((r) => r.offset)
    expect(offsets).toEqual([...offsets].sort((a, b) => b - a))

    await page.selectOption('#live-protocol', 'evr')
    await page.waitForFunction(() => [...document.querySelectorAll('#frames li')].every((li) => li.getAttribute('data-protocol') === 'evr'))
    expect((await rows()).length).toBeGreaterThan(0)
    await page.selectOption('#live-protocol', '')
    await page.selectOption('#live-errors', 'any')
    await page.waitForFunction((n) => document.querySelectorAll('#frames li').length === n, 3)
    expect((await rows()).every((r) => r.kind === 'checksum')).toBe(true)
    await page.selectOption('#live-errors', 'ok')
    await page.waitForFunction((n) => document.querySelectorAll('#frames li').length === n, 30)

    await page.click('#pause')
    await send(10, 6)
    // Ten good frames and three broken ones (a broken frame may be reported as more than one event).
    await page.waitForFunction((n) => Number(/paused \((\d+) new\)/.exec(document.getElementById('live-counts')?.textContent ?? '')?.[1] ?? 0) >= n, 13, { timeout: 20_000 })
    expect((await rows()).length).toBe(30)
    await page.click('#pause')
    await page.waitForFunction((n) => document.querySelectorAll('#frames li').length === n, 40)

    await page.selectOption('#live-errors', '')
    await page.screenshot({ path: join(shots, 'live.png') })
    const shown = Number(await page.getAttribute('body', 'data-shown') ?? '0')
    await page.click('#frames li.frame >> nth=0')
    await page.waitForSelector(`body[data-shown="${shown + 1}"]`)
    expect(await page.textContent('#status')).toMatch(/^(tlm|evr): decoded \d+ bytes$/)
    await page.screenshot({ path: join(shots, 'live-opened.png') })
  })
})
