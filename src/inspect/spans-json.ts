import type { DecodedSpans, Span } from '../interpret/spans/span.js'
import type { DecodeError } from '../runtime/errors.js'
import { hex } from '../runtime/hex.js'
import type { DecodeResponse, ErrorJson, SpanJson } from './wire.js'

const MAX_TEXT = 80
const MAX_VALUE_JSON = 64 * 1024

/** A value in at most about 80 characters, for a span's line in the tree. @internal */
export function showBrief(value: unknown): string {
  switch (typeof value) {
    case 'string': {
      const quoted = JSON.stringify(value)
      return quoted.length > MAX_TEXT ? quoted.slice(0, MAX_TEXT - 2) + '…"' : quoted
    }
    case 'number':
      return Number.isInteger(value) && value >= 10 ? `${value} (0x${value.toString(16)})` : String(value)
    case 'bigint':
      return `${value}n`
    case 'boolean':
    case 'undefined':
      return String(value)
    case 'symbol':
    case 'function':
      return typeof value
    default:
      if (value === null) return 'null'
      if (value instanceof Uint8Array) {
        const shown = hex(value.subarray(0, 24))
        return value.length > 24 ? `${shown} … (${value.length} bytes)` : value.length === 0 ? '(0 bytes)' : shown
      }
      if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`
      return '{…}'
  }
}

function errorJson(error: DecodeError): ErrorJson {
  return { kind: error.kind, offset: error.offset, path: error.path.join('.'), message: error.message }
}

function spanJson(span: Span): SpanJson {
  const { checksum, bits, error } = span
  return {
    path: span.path.join('.'),
    name: span.name,
    role: span.role,
    kind: span.kind,
    offset: span.offset,
    length: span.length,
    text: span.complete ? showBrief(span.value) : '',
    complete: span.complete,
    ...(error === undefined ? {} : { error: errorJson(error) }),
    ...(checksum === undefined ? {} : { checksum: { ...checksum, expected: checksum.expected ?? null } }),
    ...(bits === undefined ? {} : { bits }),
    children: span.children.map(spanJson),
  }
}

// JSON text of any decoded value: bigints as strings, bytes as hex, and
// nothing past the size cap (a value can be as large as its input).
function valueJson(value: unknown): string {
  let text: string
  try {
    text = JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? hex(v) : v), 2) ?? 'undefined'
  } catch (thrown) {
    text = `(not shown: ${thrown instanceof Error ? thrown.message : 'unserialisable'})`
  }
  return text.length > MAX_VALUE_JSON ? text.slice(0, MAX_VALUE_JSON) + '\n… (cut)' : text
}

/** The page's view of a {@link decodeSpans} answer. @internal */
export function decodeResponse(protocol: string, length: number, decoded: DecodedSpans<unknown>): DecodeResponse {
  const { result, root, truncated } = decoded
  return {
    protocol,
    length,
    ok: result._tag === 'Right',
    ...(result._tag === 'Left' ? { error: errorJson(result.left) } : {}),
    root: spanJson(root),
    truncated,
    value: result._tag === 'Right' ? valueJson(result.right) : '',
  }
}
