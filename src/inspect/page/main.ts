// The inspector page: input (paste, file, ?hex= link, live frame), the
// server's span tree, and the views that show it.
import type { DecodeResponse, ProtocolsResponse, SpanJson } from '../wire.js'
import { HexView } from './hex-view.js'
import { looksLikePcap, parseHex, toHex, toSpacedHex } from './hex-text.js'
import { showLayout } from './layout-table.js'
import { startLiveView } from './live-view.js'
import { chainAt, checksumSpans, failedSpan, fieldColours } from './spans.js'
import { TreeView } from './tree-view.js'

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T
// Links carry small inputs only; larger ones are shared as files.
const MAX_LINK_BYTES = 4096
const DECODE_TIMEOUT_MS = 20_000

const ui = {
  protocol: $<HTMLSelectElement>('protocol'),
  hex: $<HTMLTextAreaElement>('hex'),
  decode: $<HTMLButtonElement>('decode'),
  file: $<HTMLInputElement>('file'),
  share: $<HTMLAnchorElement>('share'),
  status: $('status'),
  error: $('error'),
  byteCount: $('byte-count'),
  pointer: $('pointer'),
  checksums: $<HTMLUListElement>('checksums'),
  value: $('value'),
  layoutName: $('layout-name'),
  layout: $<HTMLTableElement>('layout'),
}

let protocols: ProtocolsResponse | undefined
let bytes: Uint8Array<ArrayBuffer> = new Uint8Array(0)
let current: DecodeResponse | undefined

const hexView = new HexView($('hexview'), $('hexspacer'), (i) => pointAtByte(i))
const tree = new TreeView($('tree'), (span) => pointAtSpan(span))

function pointAtSpan(span: SpanJson | undefined): void {
  if (span === undefined) return hexView.highlight(0, 0)
  hexView.highlight(span.offset, span.offset + span.length)
  ui.pointer.textContent = `${span.path || '(frame)'}: bytes ${span.offset}..${span.offset + span.length - 1} (${span.length})`
}

function pointAtByte(i: number | undefined): void {
  if (i === undefined || current === undefined) {
    hexView.highlight(0, 0)
    tree.mark([])
    return
  }
  const chain = chainAt(current.root, i)
  const span = chain[chain.length - 1]
  const byte = i < bytes.length ? `byte ${i} = 0x${bytes[i]!.toString(16).padStart(2, '0')}` : `byte ${i} (past the end)`
  if (span === undefined) {
    hexView.highlight(0, 0)
    tree.mark([])
    ui.pointer.textContent = `${byte}: not read by the grammar`
    return
  }
  hexView.highlight(span.offset, span.offset + span.length)
  tree.mark(chain)
  ui.pointer.textContent = `${byte}: ${span.path || '(frame)'} (${span.role}) ${span.text}`
}

function setError(text: string | undefined): void {
  ui.error.hidden = text === undefined
  ui.error.textContent = text ?? ''
}

function setProtocol(name: string): void {
  if (protocols?.protocols.some((p) => p.name === name)) ui.protocol.value = name
  const layout = protocols?.protocols.find((p) => p.name === ui.protocol.value)?.layout ?? []
  ui.layoutName.textContent = ui.protocol.value
  showLayout(ui.layout.tBodies[0]!, layout)
}

async function decode(input: Uint8Array<ArrayBuffer>, share: boolean): Promise<void> {
  const limit = protocols?.maxBytes ?? Infinity
  if (input.length > limit) {
    setError(`${input.length} bytes is more than the inspector takes (${limit} bytes); start it with a larger --max-bytes`)
    return
  }
  bytes = input
  ui.byteCount.textContent = `${input.length} bytes`
  ui.status.textContent = 'decoding…'
  const name = ui.protocol.value
  let answer: DecodeResponse
  try {
    const response = await fetch(`api/decode?protocol=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: input,
      signal: AbortSignal.timeout(DECODE_TIMEOUT_MS),
    })
    const body = (await response.json()) as DecodeResponse | { error: string }
    if ('error' in body && !('root' in body)) throw new Error(body.error)
    answer = body as DecodeResponse
  } catch (error) {
    ui.status.textContent = ''
    setError(`could not decode: ${error instanceof Error ? error.message : String(error)}`)
    return
  }
  current = answer
  show(answer)
  if (share) {
    const link = new URL(location.href)
    link.search = input.length <= MAX_LINK_BYTES ? `?protocol=${encodeURIComponent(name)}&hex=${toHex(input)}` : `?protocol=${encodeURIComponent(name)}`
    history.replaceState(null, '', link)
    ui.share.href = link.href
  }
}

function show(answer: DecodeResponse): void {
  const { root, error } = answer
  const failed = failedSpan(root)
  const where = error === undefined ? '' : `${error.kind} at byte ${error.offset}${error.path === '' ? '' : ` (${error.path})`}`
  setError(error === undefined ? undefined : `${where}: ${error.message}`)
  ui.status.textContent = `${answer.protocol}: ${answer.ok ? 'decoded' : 'failed'} ${answer.length} bytes${answer.truncated ? '; the field tree is cut at the span limit' : ''}`
  hexView.show({ bytes, colours: fieldColours(root, bytes.length), error: error === undefined ? undefined : { offset: error.offset, message: error.message } })
  tree.show(root)
  ui.checksums.replaceChildren(
    ...checksumSpans(root).map((span) => {
      const li = document.createElement('li')
      const c = span.checksum!
      li.className = c.ok ? 'ok' : 'bad'
      li.dataset['path'] = span.path
      li.textContent = `${span.path} ${c.algorithm} over bytes ${c.coveredOffset}..${c.coveredOffset + c.coveredLength - 1}: ${c.ok ? `✓ 0x${c.found.toString(16)}` : `✗ computed ${c.expected === null ? '(failed)' : `0x${c.expected.toString(16)}`}, found 0x${c.found.toString(16)}`}`
      li.addEventListener('mouseover', () => pointAtSpan(span))
      return li
    }),
  )
  ui.value.textContent = answer.value
  // How many answers have been shown: what a test waits on.
  document.body.dataset['shown'] = String(Number(document.body.dataset['shown'] ?? '0') + 1)
  if (failed !== undefined || error !== undefined) hexView.reveal(error?.offset ?? failed!.offset)
}

function decodeText(): void {
  // Three characters a byte is generous for any layout of hex: past that,
  // refuse before parsing rather than make the tab work on a huge paste.
  const limit = protocols?.maxBytes ?? Infinity
  if (ui.hex.value.length > limit * 3 + 4096) return setError(`the pasted text is longer than ${limit} bytes of hex could be; start the inspector with a larger --max-bytes`)
  const parsed = parseHex(ui.hex.value)
  if ('error' in parsed) return setError(`hex input: ${parsed.error}`)
  void decode(parsed.bytes, true)
}

async function openFile(file: File): Promise<void> {
  const limit = protocols?.maxBytes ?? Infinity
  if (file.size > limit) return setError(`${file.name} is ${file.size} bytes, more than the inspector takes (${limit} bytes)`)
  const data = new Uint8Array(await file.arrayBuffer())
  if (looksLikePcap(data) && protocols?.protocols.some((p) => p.name === 'pcap')) setProtocol('pcap')
  ui.hex.value = data.length <= MAX_LINK_BYTES ? toSpacedHex(data) : `(${file.name}: ${data.length} bytes)`
  await decode(data, false)
}

async function start(): Promise<void> {
  protocols = (await (await fetch('api/protocols')).json()) as ProtocolsResponse
  ui.protocol.replaceChildren(...protocols.protocols.map((p) => new Option(p.name, p.name)))
  const params = new URLSearchParams(location.search)
  setProtocol(params.get('protocol') ?? protocols.default)
  ui.protocol.addEventListener('change', () => {
    setProtocol(ui.protocol.value)
    if (bytes.length > 0) void decode(bytes, bytes.length <= MAX_LINK_BYTES)
  })
  ui.decode.addEventListener('click', decodeText)
  ui.hex.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) decodeText()
  })
  ui.file.addEventListener('change', () => {
    const file = ui.file.files?.[0]
    if (file !== undefined) void openFile(file)
  })
  document.addEventListener('dragover', (event) => {
    event.preventDefault()
    document.body.classList.add('dragging')
  })
  document.addEventListener('dragleave', () => document.body.classList.remove('dragging'))
  document.addEventListener('drop', (event) => {
    event.preventDefault()
    document.body.classList.remove('dragging')
    const file = event.dataTransfer?.files[0]
    if (file !== undefined) void openFile(file)
  })
  if (protocols.live) {
    startLiveView(
      { section: $('live'), list: $<HTMLOListElement>('frames'), protocol: $<HTMLSelectElement>('live-protocol'), errors: $<HTMLSelectElement>('live-errors'), pause: $<HTMLButtonElement>('pause'), counts: $('live-counts'), upstream: $('upstream') },
      (event) => {
        if (event.protocol !== undefined) setProtocol(event.protocol)
        const parsed = parseHex(event.hex)
        if ('bytes' in parsed) {
          ui.hex.value = toSpacedHex(parsed.bytes)
          void decode(parsed.bytes, true)
        }
      },
    )
  }
  const linked = params.get('hex')
  if (linked !== null) {
    ui.hex.value = linked
    decodeText()
  }
  document.body.dataset['ready'] = 'true'
}

start().catch((error: unknown) => setError(`the inspector could not start: ${String(error)}`))
