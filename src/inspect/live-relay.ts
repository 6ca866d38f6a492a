import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'

/** The inspector's side of `--attach`. @internal */
export interface LiveRelay {
  /** Takes a page's WebSocket upgrade at `/api/live`. */
  readonly upgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void
  /** Disconnects the pages and the packet server. */
  readonly close: () => void
}

/** The state of the link to the packet server, sent to pages as `{ type: 'upstream', state, url, reason? }`. @internal */
export type UpstreamState = 'connecting' | 'connected' | 'disconnected'

const MAX_QUEUED = 1 << 20

/**
 * Relays a packet server's live feed (`ws://host:port/live`) to the
 * inspector's pages. The inspector, not the page, connects to the packet
 * server: the feed refuses browser origins, so no web page can read it,
 * and the page needs no address but its own. The link is retried every
 * second or so while it is down.
 * @internal
 */
export function createLiveRelay(attach: string): LiveRelay {
  const url = new URL('/live', attach.replace(/^http/, 'ws'))
  const pages = new Set<WebSocket>()
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 })
  let upstream: WebSocket | undefined
  let state: UpstreamState = 'connecting'
  let reason: string | undefined
  let retry: NodeJS.Timeout | undefined
  let closed = false

  const status = (): string => JSON.stringify({ type: 'upstream', state, url: url.href, ...(reason === undefined ? {} : { reason }) })
  const toPages = (text: string): void => {
    // A page that does not keep up misses events rather than growing a queue.
    for (const page of pages) if (page.bufferedAmount <= MAX_QUEUED) page.send(text)
  }
  const setState = (next: UpstreamState, why?: string): void => {
    state = next
    reason = why
    toPages(status())
  }

  const connect = (): void => {
    retry = undefined
    if (closed) return
    const ws = new WebSocket(url, { maxPayload: 16 << 20 })
    upstream = ws
    ws.on('open', () => setState('connected'))
    ws.on('message', (data) => toPages(data.toString()))
    ws.on('error', (error) => {
      reason = error.message
    })
    ws.on('close', () => {
      if (upstream === ws) upstream = undefined
      if (closed) return
      setState('disconnected', reason)
      retry = setTimeout(connect, 1000)
    })
  }

  return {
    upgrade: (request, socket, head) => {
      // The page is served from this host: any other origin is another site.
      const origin = request.headers.origin
      if (origin !== undefined && origin !== `http://${request.headers.host ?? ''}`) {
        socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n')
        return
      }
      wss.handleUpgrade(request, socket, head, (page) => {
        pages.add(page)
        page.on('close', () => pages.delete(page))
        page.on('error', () => page.terminate())
        page.send(status())
        if (upstream === undefined && retry === undefined) connect()
      })
    },
    close: () => {
      closed = true
      if (retry !== undefined) clearTimeout(retry)
      upstream?.terminate()
      for (const page of pages) page.terminate()
      pages.clear()
      wss.close()
    },
  }
}
