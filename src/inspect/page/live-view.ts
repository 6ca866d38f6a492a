// Live frames from a packet server (oxwire serve --live), relayed by the
// inspector: newest first, filtered by protocol and error kind, pausable;
// a click opens a frame in the inspector.
import type { LiveEvent, LiveMessage } from '../../server/live-messages.js'

const KEEP = 500

export interface LiveViewElements {
  readonly section: HTMLElement
  readonly list: HTMLOListElement
  readonly protocol: HTMLSelectElement
  readonly errors: HTMLSelectElement
  readonly pause: HTMLButtonElement
  readonly counts: HTMLElement
  readonly upstream: HTMLElement
}

export function startLiveView(ui: LiveViewElements, open: (event: LiveEvent) => void): void {
  ui.section.hidden = false
  const events: LiveEvent[] = [] // newest first, at most KEEP
  const protocols = new Set<string>()
  let paused = false
  let total = 0
  let skipped = 0
  let waiting = 0
  let drawScheduled = false

  const passes = (e: LiveEvent): boolean => {
    if (ui.protocol.value !== '' && e.protocol !== ui.protocol.value) return false
    const want = ui.errors.value
    const kind = e.error?.kind
    if (want === 'ok') return kind === undefined
    if (want === 'any') return kind !== undefined
    return want === '' || kind === want
  }

  const draw = (): void => {
    drawScheduled = false
    ui.counts.textContent = `${total} received${skipped > 0 ? `, ${skipped} skipped by the server's rate limit` : ''}${paused ? `, paused (${waiting} new)` : ''}`
    if (paused) return
    ui.list.replaceChildren(
      ...events.filter(passes).slice(0, KEEP).map((e) => {
        const li = document.createElement('li')
        const when = new Date(e.time).toISOString().slice(11, 23)
        const what = e.error === undefined ? `${e.length} bytes` : `${e.error.kind} at byte ${e.error.offset}: ${e.error.message}`
        li.textContent = `${when} #${e.connection} ${e.remote} ${e.protocol ?? '?'} ${what}`
        li.className = e.error === undefined ? 'frame' : 'error'
        li.dataset['protocol'] = e.protocol ?? ''
        li.dataset['kind'] = e.error?.kind ?? 'ok'
        li.dataset['connection'] = String(e.connection)
        li.dataset['offset'] = String(e.offset)
        li.addEventListener('click', () => open(e))
        return li
      }),
    )
  }
  const schedule = (): void => {
    if (!drawScheduled) {
      drawScheduled = true
      requestAnimationFrame(draw)
    }
  }

  ui.protocol.addEventListener('change', schedule)
  ui.errors.addEventListener('change', schedule)
  ui.pause.addEventListener('click', () => {
    paused = !paused
    waiting = 0
    ui.pause.textContent = paused ? 'Resume' : 'Pause'
    schedule()
  })

  const connect = (): void => {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/live`)
    ws.addEventListener('message', (message) => {
      const m = JSON.parse(String(message.data)) as LiveMessage | { type: 'upstream'; state: string; url: string; reason?: string }
      if (m.type === 'upstream') ui.upstream.textContent = `${m.state} to ${m.url}${m.reason === undefined ? '' : ` (${m.reason})`}`
      else if (m.type === 'skipped') skipped += m.count
      else if (m.type !== 'hello') {
        total++
        if (paused) waiting++
        events.unshift(m)
        if (events.length > KEEP) events.length = KEEP
        if (m.protocol !== undefined && !protocols.has(m.protocol)) {
          protocols.add(m.protocol)
          ui.protocol.append(new Option(m.protocol, m.protocol))
        }
      }
      schedule()
    })
    // The inspector itself went away: try again shortly.
    ws.addEventListener('close', () => {
      ui.upstream.textContent = 'inspector connection lost; retrying'
      setTimeout(connect, 2000)
    })
  }
  connect()
}
