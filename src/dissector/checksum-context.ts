// A checksum context (the TCP/UDP pseudo-header) in a generated dissector.
// oxwire's context is a JavaScript function of enclosing fields and the
// covered length, which Lua cannot run. Most contexts only copy: each part
// of the prefix is an enclosing field as it was read, the covered length,
// or a constant. Such a function is read by probing it twice with distinct
// stand-ins for the fields and the length, and seeing where each lands;
// its grammar (fixed-size bytes, integers and constants) is then written
// in Lua. A context that computes (a sum of fields, a field's bytes
// reversed) is left unverified, and said so.
import type { Grammar } from '../grammar/codec.js'
import type { ChecksumContext, Node } from '../grammar/node.js'
import { luaNumber, luaString } from './lua-text.js'

/** What a name refers to in the grammar being dissected, as far as a probe needs to know. @internal */
export type NameKind = { readonly kind: 'bytes'; readonly size: number } | { readonly kind: 'number' } | { readonly kind: 'boolean' }

/** Where each part of a context prefix comes from. */
type Source = { readonly from: 'field'; readonly name: string } | { readonly from: 'length' } | { readonly from: 'literal'; readonly value: number | Uint8Array }

type Part =
  | { readonly shape: 'constant'; readonly bytes: Uint8Array }
  | { readonly shape: 'bytes'; readonly key: string | undefined; readonly size: number }
  | { readonly shape: 'int'; readonly key: string | undefined; readonly size: number; readonly littleEndian: boolean; readonly signed: boolean }

/** A context as Lua: the names it reads, and a function `(len) -> ByteArray | nil`. @internal */
export interface LuaContext {
  readonly names: readonly string[]
  readonly lua: string
}

const PROBE_ROUNDS = 8

function unwrap(node: Node): Node {
  let n = node
  while (n.tag === 'named' || n.tag === 'marker') n = n.inner.node
  return n
}

// The context grammar as fixed-size parts, or why not.
function partsOf(grammar: Grammar): Part[] | string {
  const top = unwrap(grammar.node)
  const fields: [string | undefined, Node][] = top.tag === 'struct' ? top.fields.map(([key, g]) => [key, unwrap(g.node)]) : [[undefined, top]]
  const parts: Part[] = []
  for (const [key, node] of fields) {
    if (node.tag === 'constant') parts.push({ shape: 'constant', bytes: node.bytes })
    else if (node.tag === 'bytes' && node.size !== undefined) parts.push({ shape: 'bytes', key, size: node.size })
    else if (node.tag === 'int') parts.push({ shape: 'int', key, size: node.size, littleEndian: node.littleEndian, signed: node.signed })
    else return `its grammar has a ${node.tag} part${key === undefined ? '' : ` (${key})`}, not fixed bytes, an integer or a constant`
  }
  return parts
}

function standIn(kind: NameKind | undefined, round: 0 | 1, index: number): unknown {
  if (kind?.kind === 'bytes') return Uint8Array.from({ length: kind.size }, (_, i) => (0x5a + 37 * index + 101 * round + i) & 0xff)
  if (kind?.kind === 'boolean') return round === 0
  return 0x2f1 + 131 * index + 0x1000 * round
}

const LENGTHS = [0x1d3, 0x3a7] as const

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/**
 * Reads a context function by probing, and writes it as Lua; a string says
 * why it cannot be (it computes, or its grammar is not fixed parts).
 * @internal
 */
export function luaContext(context: ChecksumContext, kinds: ReadonlyMap<string, NameKind>): LuaContext | string {
  const parts = partsOf(context.grammar)
  if (typeof parts === 'string') return parts
  // The names it asks for, as it asks for them: given stand-ins for those
  // known so far, it may go on to ask for more.
  const names: string[] = []
  const call = (round: 0 | 1): unknown => {
    const given = new Map(names.map((name, i) => [name, standIn(kinds.get(name), round, i)]))
    const get = (name: string): unknown => {
      if (!names.includes(name)) names.push(name)
      return given.get(name)
    }
    try {
      return { value: context.value(get, LENGTHS[round]), given }
    } catch {
      return undefined
    }
  }
  let probe: { value: unknown; given: Map<string, unknown> } | undefined
  for (let i = 0; i < PROBE_ROUNDS; i++) {
    const before = names.length
    probe = call(0) as typeof probe
    if (names.length === before) break
  }
  const other = call(1) as typeof probe
  if (probe === undefined || other === undefined || probe.value === undefined || other.value === undefined) return 'its function gives no value for stand-ins of the fields it reads'
  const leaf = (value: unknown, key: string | undefined): unknown => (key === undefined ? value : typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined)
  const sources: Source[] = []
  for (const part of parts) {
    if (part.shape === 'constant') continue
    const a = leaf(probe.value, part.key)
    const b = leaf(other.value, part.key)
    const name = names.find((n) => probe?.given.get(n) === a && other.given.get(n) === b && a !== undefined)
    if (name !== undefined && kinds.get(name)?.kind !== 'boolean') sources.push({ from: 'field', name })
    else if (part.shape === 'int' && a === LENGTHS[0] && b === LENGTHS[1]) sources.push({ from: 'length' })
    else if (part.shape === 'int' && typeof a === 'number' && a === b) sources.push({ from: 'literal', value: a })
    else if (part.shape === 'bytes' && a instanceof Uint8Array && b instanceof Uint8Array && sameBytes(a, b) && a.length === part.size) sources.push({ from: 'literal', value: a })
    else return `its part ${part.key ?? '(value)'} is computed, not an enclosing field, the length or a constant`
  }
  const lines: string[] = []
  let s = 0
  for (const part of parts) {
    if (part.shape === 'constant') {
      lines.push(`parts[#parts + 1] = ${luaString(hex(part.bytes))}`)
      continue
    }
    const source = sources[s++] as Source
    if (part.shape === 'bytes') {
      const value = source.from === 'field' ? `context_bytes(${luaString(source.name)}, ${part.size})` : source.from === 'literal' ? luaString(hex(source.value as Uint8Array)) : 'nil'
      lines.push(`v = ${value}`, 'if v == nil then return nil end', 'parts[#parts + 1] = v')
    } else {
      const value = source.from === 'field' ? `context_number(${luaString(source.name)})` : source.from === 'length' ? 'len' : luaNumber(source.value as number)
      lines.push(`v = context_int(${value}, ${part.size}, ${part.littleEndian}, ${part.signed})`, 'if v == nil then return nil end', 'parts[#parts + 1] = v')
    }
  }
  const used = sources.flatMap((source) => (source.from === 'field' ? [source.name] : []))
  return {
    names: used,
    lua: `function(len)
  local parts, v = {}, nil
  ${lines.join('\n  ')}
  return ByteArray.new(table.concat(parts))
end`,
  }
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('')
}
