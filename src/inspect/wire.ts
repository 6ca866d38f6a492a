// The JSON the inspector's server sends its page. Types only, with no
// Node or DOM dependency, so that the page (built for the browser) and the
// server (built for Node) share one definition.
import type { LayoutRow } from '../interpret/layout.js'
import type { SpanRole } from '../interpret/spans/span.js'

/** A span as the page gets it: see `Span` for the meaning of each field. @internal */
export interface SpanJson {
  readonly path: string
  readonly name: string
  readonly role: SpanRole
  readonly kind: string
  readonly offset: number
  readonly length: number
  /** The value, shown briefly (at most about 80 characters). */
  readonly text: string
  readonly complete: boolean
  readonly error?: ErrorJson
  readonly checksum?: {
    readonly algorithm: string
    readonly ok: boolean
    readonly expected: number | null
    readonly found: number
    readonly coveredOffset: number
    readonly coveredLength: number
  }
  readonly bits?: { readonly offset: number; readonly width: number; readonly lsbFirst?: true }
  readonly children: readonly SpanJson[]
}

/** A decode error as the page gets it. @internal */
export interface ErrorJson {
  readonly kind: string
  readonly offset: number
  readonly path: string
  readonly message: string
}

/** `POST /api/decode` answers this. @internal */
export interface DecodeResponse {
  readonly protocol: string
  /** Bytes decoded. */
  readonly length: number
  readonly ok: boolean
  readonly error?: ErrorJson
  readonly root: SpanJson
  /** True when the span tree was cut at the server's span limit. */
  readonly truncated: boolean
  /** The decoded value as JSON text (bigints as strings, bytes as hex), cut at 64 KiB. */
  readonly value: string
}

/** `GET /api/protocols` answers this. @internal */
export interface ProtocolsResponse {
  /** The protocol the page starts with. */
  readonly default: string
  readonly protocols: readonly { readonly name: string; readonly layout: readonly LayoutRow[] }[]
  /** Largest input `POST /api/decode` takes, in bytes. */
  readonly maxBytes: number
  /** Whether `/api/live` relays a packet server's live feed. */
  readonly live: boolean
}
