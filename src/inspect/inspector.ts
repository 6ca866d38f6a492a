import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { Codec } from '../grammar/codec.js'
import { layout, type LayoutRow } from '../interpret/layout.js'
import { decodeSpans } from '../interpret/spans/decode-spans.js'
import { listenOn, type ListenOptions } from '../server/listen.js'
import { createLiveRelay, type LiveRelay } from './live-relay.js'
import { decodeResponse } from './spans-json.js'
import type { ProtocolsResponse } from './wire.js'

/** Options of {@link createInspector}. @internal */
export interface InspectorOptions {
  /** The grammars the page can pick, by name. */
  readonly grammars: ReadonlyMap<string, Codec<unknown>>
  /** The one it starts with (a key of `grammars`). */
  readonly defaultGrammar: string
  /** Largest input decoded, in bytes (default 1 MiB). */
  readonly maxBytes?: number
  /** Most spans sent for one input (default 50 000); past it the tree is cut and says so. */
  readonly maxSpans?: number
  /** A packet server's HTTP side to relay the live feed of (`http://host:port`), if any. */
  readonly attach?: string
  /** Folder of the built page (default: the package's `dist/inspector`). */
  readonly pageDir?: string
}

/** A running inspector. @internal */
export interface Inspector {
  /** Binds, by default to an ephemeral port on 127.0.0.1. */
  listen(options?: ListenOptions): Promise<AddressInfo>
  /** Stops serving and disconnects the live feed. */
  close(): Promise<void>
}

/** Where `npm run build` puts the page: dist/inspector, beside dist/src. */
export const builtPageDir = fileURLToPath(new URL('../../inspector/', import.meta.url))

const assets: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/app.css': 'app.css',
}
const types: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' }
// Everything the page loads is its own: no CDN, no inline script.
const policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body))
}

/**
 * Reads a request body of at most `limit` bytes; undefined when it is
 * longer, in which case the rest is read and dropped (closing at once would
 * reset the connection before the client reads the answer).
 */
function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size <= limit) {
        chunks.push(chunk)
        return
      }
      request.off('data', onData)
      request.resume()
      resolve(undefined)
    }
    request.on('data', onData)
    request.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    request.on('error', reject)
  })
}

function layoutOf(grammar: Codec<unknown>): LayoutRow[] {
  try {
    return layout(grammar).map(({ path, offset, size, type, byteOrder, rule, values, when }) => ({ path, offset, size, type, byteOrder, rule, values, when }))
  } catch {
    // A user's grammar whose description fails still decodes.
    return []
  }
}

/**
 * The web inspector's server: the built page, `GET /api/protocols` (names
 * and layout tables), `POST /api/decode?protocol=NAME` (body: the bytes;
 * answer: the span tree as JSON) and, with `attach`, the packet server's
 * live feed relayed at `/api/live`.
 *
 * Decoding happens here rather than in the page: a user's grammar is a Node
 * module (it may import anything, and custom codecs, mappings and checksum
 * algorithms are functions), so the server loads it as `decode` would and
 * the page stays one fixed bundle that works for every grammar.
 * @internal
 */
export function createInspector(options: InspectorOptions): Inspector {
  const maxBytes = options.maxBytes ?? 1 << 20
  const maxSpans = options.maxSpans ?? 50_000
  const pageDir = options.pageDir ?? builtPageDir
  if (!options.grammars.has(options.defaultGrammar)) throw new RangeError(`createInspector: no grammar named ${options.defaultGrammar}`)
  const layouts = new Map<string, LayoutRow[]>()
  const protocols = (): ProtocolsResponse => ({
    default: options.defaultGrammar,
    protocols: [...options.grammars].map(([name, grammar]) => {
      let layout = layouts.get(name)
      if (layout === undefined) layouts.set(name, (layout = layoutOf(grammar)))
      return { name, layout }
    }),
    maxBytes,
    live: options.attach !== undefined,
  })
  const relay: LiveRelay | undefined = options.attach === undefined ? undefined : createLiveRelay(options.attach)

  const decodeRequest = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const name = url.searchParams.get('protocol') ?? options.defaultGrammar
    const grammar = options.grammars.get(name)
    if (grammar === undefined) return json(response, 400, { error: `no protocol named ${JSON.stringify(name)}; try one of ${[...options.grammars.keys()].join(', ')}` })
    const bytes = await readBody(request, maxBytes)
    if (bytes === undefined) {
      response.setHeader('connection', 'close')
      return json(response, 413, { error: `input larger than ${maxBytes} bytes` })
    }
    json(response, 200, decodeResponse(name, bytes.length, decodeSpans(grammar, bytes, { maxSpans })))
  }

  const serveAsset = async (file: string, response: ServerResponse): Promise<void> => {
    let body: Buffer
    try {
      body = await readFile(`${pageDir}/${file}`)
    } catch {
      response.writeHead(503, { 'content-type': 'text/plain' }).end(`the inspector page is not built (no ${file} in ${pageDir}): run npm run build\n`)
      return
    }
    const ext = file.slice(file.lastIndexOf('.') + 1)
    response.writeHead(200, { 'content-type': types[ext] ?? 'application/octet-stream', 'content-security-policy': policy, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' }).end(body)
  }

  const http = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://inspector')
    const asset = assets[url.pathname]
    const route = `${request.method} ${url.pathname}`
    const handled =
      url.pathname === '/favicon.ico'
        ? Promise.resolve(void response.writeHead(204).end())
        : asset !== undefined && request.method === 'GET'
        ? serveAsset(asset, response)
        : route === 'GET /api/protocols'
          ? Promise.resolve(json(response, 200, protocols()))
          : route === 'POST /api/decode'
            ? decodeRequest(request, response, url)
            : Promise.resolve(json(response, 404, { error: `not found: ${route}` }))
    handled.catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { error: String(error) })
      else response.destroy()
    })
  })
  http.on('upgrade', (request, socket, head) => {
    if (relay === undefined || (request.url ?? '').split('?')[0] !== '/api/live') {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n')
      return
    }
    relay.upgrade(request, socket, head)
  })

  return {
    listen: (where = {}) => listenOn(http, where),
    close: () =>
      new Promise((resolve) => {
        relay?.close()
        http.closeAllConnections()
        http.close(() => resolve())
      }),
  }
}
