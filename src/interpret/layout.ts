import type { Grammar } from '../grammar/codec.js'
import type { BitsNode, DependentNode, LazyNode, Node } from '../grammar/node.js'
import { lazyTarget } from '../grammar/lazy.js'
import { bitFieldRange, bitLayout } from '../analysis/bit-layout.js'
import { EncodeState } from '../runtime/encode-state.js'
import { encoderOf } from './encoder.js'
import { largestValue, sizeBounds } from '../analysis/index.js'
import { advance, itemStart, origin, showPosition, type Position } from './layout-position.js'
import { showExpr } from '../grammar/evaluate.js'
import { showCode } from './show-value.js'
import { unreachable } from '../grammar/exhaustive.js'

/**
 * One field of a grammar's layout, as {@link layout} gives it.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { layout, type LayoutRow } from 'oxwire'
 * import { enumeration, struct, u8, u16be, varBytes } from 'oxwire/combinators'
 * const rows: LayoutRow[] = layout(struct({ kind: enumeration(u8, { ping: 1, pong: 2 }), data: varBytes(u16be) }))
 * const kind = rows.find((r) => r.path === 'kind')
 * assert.deepEqual([kind?.offset, kind?.size, kind?.type], [0, 1, 'u8'])
 * assert.ok(rows.some((r) => r.path === 'data.length' && r.type === 'u16be' && r.byteOrder === 'big'))
 * ```
 * @category Interpreters
 */
export interface LayoutRow {
  /** Field path: struct keys joined with `.`, `[i]` for items, `.length` and `.count` for prefixes. */
  readonly path: string
  /** Byte offset, or an expression such as `12 + payload.length` or `fields[i] + 1`. */
  readonly offset: number | string
  /** Size in bytes, a range such as `1..4`, bits such as `4 bits (7..4)`, or `variable (<rule>)`. */
  readonly size: number | string
  /** Wire type: `u16be`, `f32le`, `uleb128`, `bytes`, `utf8`, `flag`, `uint3`, ... */
  readonly type: string
  /** Byte order of multi-byte numbers. */
  readonly byteOrder: 'big' | 'little' | undefined
  /** What the field must hold or means, in words. */
  readonly rule: string
  /** Allowed values, when they are a short list (constants, enumerations). */
  readonly values: readonly string[] | undefined
  /** The condition under which the field is present, such as `type = heartbeat`. */
  readonly when: string | undefined
}

interface Walk {
  readonly rows: LayoutRow[]
  readonly when: string | undefined
}

/**
 * The layout of a grammar as data: one row per field on the wire, with its
 * offset (a number, or an expression over length fields), size, type, byte
 * order, rule and allowed values. Derived fields (constants, lengths,
 * counts, tags, checksums) have rows too. The cases of a dependent part
 * (a tagged union) list their own rows, marked with `when`; rows that all
 * cases share at the start are listed once.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { layout } from 'oxwire'
 * import { constant, struct, u16be, u16le } from 'oxwire/combinators'
 * const rows = layout(struct({ magic: constant(u16be, 0x5aa5), seq: u16le }))
 * assert.deepEqual(rows.map((r) => [r.path, r.offset, r.size, r.type]), [
 *   ['magic', 0, 2, 'u16be'],
 *   ['seq', 2, 2, 'u16le'],
 * ])
 * ```
 * @category Interpreters
 */
export function layout(grammar: Grammar): LayoutRow[] {
  const walk: Walk = { rows: [], when: undefined }
  visit(grammar.node, '', '', origin, walk)
  return walk.rows
}

/**
 * The old name of {@link layout}, which clashed with the `describe` of
 * every test runner.
 *
 * @deprecated Use {@link layout}; `describe` goes in a later release.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { describe, layout } from 'oxwire'
 * assert.equal(describe, layout)
 * ```
 * @category Interpreters
 */
export const describe: typeof layout = layout

interface Field {
  readonly path: string
  readonly at: Position
  readonly size: number | string
  readonly type: string
  readonly byteOrder?: 'big' | 'little' | undefined
  readonly rule: string
  readonly values?: readonly string[] | undefined
}

function push(walk: Walk, field: Field): void {
  walk.rows.push({ byteOrder: undefined, values: undefined, ...field, offset: showPosition(field.at), when: walk.when })
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[i]`
  return path === '' ? key : `${path}.${key}`
}

type Order = 'big' | 'little'

/**
 * How a field is written: the plain name of a number grammar (u8, i16le,
 * u64be, f32le, uleb128) or else the node's kind, and its byte order where
 * it has one; through the wrappers that keep their inner node's encoding.
 */
function wireType(node: Node): { readonly type: string; readonly byteOrder: Order | undefined } {
  switch (node.tag) {
    case 'int': {
      const suffix = node.size === 1 ? '' : node.littleEndian ? 'le' : 'be'
      return { type: `${node.signed ? 'i' : 'u'}${node.size * 8}${suffix}`, byteOrder: node.size === 1 ? undefined : node.littleEndian ? 'little' : 'big' }
    }
    case 'bigint':
      return { type: `${node.signed ? 'i' : 'u'}64${node.littleEndian ? 'le' : 'be'}`, byteOrder: node.littleEndian ? 'little' : 'big' }
    case 'float':
      return { type: `f${node.size * 8}${node.littleEndian ? 'le' : 'be'}`, byteOrder: node.littleEndian ? 'little' : 'big' }
    case 'uleb128':
      return { type: 'uleb128', byteOrder: undefined }
    case 'range':
    case 'refine':
    case 'marker':
    case 'named':
    case 'enum':
    case 'map':
    case 'derived':
      return wireType(node.inner.node)
    case 'checksumField':
      return wireType(node.field.node)
    case 'bytes':
    case 'utf8':
    case 'text':
    case 'terminated':
    case 'padded':
    case 'constant':
    case 'bits':
    case 'struct':
    case 'inline':
    case 'array':
    case 'many':
    case 'repeatUntil':
    case 'lazy':
    case 'sized':
    case 'untilLast':
    case 'dependent':
    case 'checksum':
    case 'oneOf':
    case 'custom':
    case 'expr':
      return { type: node.tag, byteOrder: undefined }
  }
  return unreachable(node)
}

function showValue(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 10) return `0x${value.toString(16).toUpperCase()}`
  return String(value)
}

function numberSize(node: Node): number | string {
  const { min, max } = sizeBounds(node)
  return min === max ? min : `${min}..${max}`
}

/** The rule a number grammar imposes, from the outside in. */
function numberRule(node: Node): { rule: string; values?: readonly string[] } {
  switch (node.tag) {
    case 'range':
      return { rule: `${node.min}..${node.max}` }
    case 'refine':
      return { rule: node.message }
    case 'enum': {
      const values = Object.entries(node.codes).map(([name, code]) => `${code} ${name}`)
      return { rule: `one of ${values.join(', ')}; anything else is invalid`, values }
    }
    case 'uleb128':
      return { rule: `LEB128, minimal encoding, at most ${node.maxBytes} byte(s)` }
    case 'marker':
    case 'named':
    case 'map':
    case 'derived':
      return numberRule(node.inner.node)
    case 'int':
    case 'bigint':
    case 'float':
    case 'bytes':
    case 'utf8':
    case 'text':
    case 'terminated':
    case 'padded':
    case 'constant':
    case 'bits':
    case 'struct':
    case 'inline':
    case 'array':
    case 'many':
    case 'repeatUntil':
    case 'lazy':
    case 'sized':
    case 'untilLast':
    case 'dependent':
    case 'checksum':
    case 'oneOf':
    case 'custom':
    case 'expr':
    case 'checksumField':
      return { rule: 'any' }
  }
  return unreachable(node)
}

/**
 * Adds the rows of `node` at `at` and returns where it ends. `path` names
 * the value; `label` names derived fields (it differs for inlined parts).
 */
function visit(node: Node, path: string, label: string, at: Position, walk: Walk): Position {
  switch (node.tag) {
    case 'int':
    case 'bigint':
    case 'float':
    case 'uleb128':
    case 'enum':
    case 'range':
    case 'refine': {
      if (!isNumeric(node)) return visit((node as { inner: Grammar }).inner.node, path, label, at, walk)
      const size = numberSize(node)
      push(walk, { path, at, size, ...wireType(node), ...numberRule(node) })
      return advance(at, typeof size === 'number' ? size : `size(${path})`)
    }
    case 'bytes': {
      const size = node.size ?? 'variable (rest of the region)'
      push(walk, { path, at, size, type: 'bytes', rule: 'any bytes' })
      return advance(at, node.size ?? `size(${path})`)
    }
    case 'utf8':
    case 'text': {
      const start = walk.rows.length
      const end = visit(node.inner.node, path, label, at, walk)
      // The text's own bytes are the last row its byte grammar added; a
      // terminator or pad keeps its rule.
      const last = walk.rows[walk.rows.length - 1]
      if (last !== undefined && walk.rows.length > start && last.type === 'bytes') {
        const encoding = node.tag === 'utf8' ? 'utf8' : node.encoding
        const rule = `valid ${ENCODING_NAMES[encoding]} text${last.rule === 'any bytes' ? '' : `; ${last.rule}`}`
        walk.rows[walk.rows.length - 1] = { ...last, type: encoding, rule }
      }
      return end
    }
    case 'terminated': {
      const unit = showBytes(node.terminator)
      push(walk, { path, at, size: `variable (up to the terminator ${unit})`, type: 'bytes', rule: `ends at the first ${unit}${node.terminator.length === 2 ? ' at an even distance' : ''}, which is consumed and not part of the value` })
      return advance(at, `size(${path})`)
    }
    case 'padded': {
      push(walk, { path, at, size: node.width, type: 'bytes', rule: `filled up with ${showBytes(node.pad)}, trimmed on decode` })
      return advance(at, node.width)
    }
    case 'untilLast': {
      const first = walk.rows.length
      visit(node.inner.node, path, label, at, walk)
      const size = `variable (all but the last ${node.reserve} byte(s) of the region)`
      // Its open-ended content (rest, many) takes the region's size.
      for (let i = first; i < walk.rows.length; i++) {
        const row = walk.rows[i] as LayoutRow
        if (row.size === 'variable (rest of the region)' || row.size === 'variable (items until the region ends)') walk.rows[i] = { ...row, size }
      }
      return advance(at, `size(${path})`)
    }
    case 'constant': {
      const hex = [...node.bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')
      const numeric = typeof node.value === 'number' || typeof node.value === 'bigint'
      const value = numeric ? showValue(node.value) : hex
      const rule = !numeric ? `must be bytes ${hex}` : node.bytes.length > 1 ? `must be ${value} (bytes ${hex})` : `must be ${value}`
      push(walk, { path, at, size: node.bytes.length, ...wireType(node.inner.node), rule, values: [value] })
      return advance(at, node.bytes.length)
    }
    case 'marker': {
      const start = walk.rows.length
      const end = visit(node.inner.node, path, label, at, walk)
      for (let i = start; i < walk.rows.length; i++) {
        const row = walk.rows[i] as LayoutRow
        walk.rows[i] = { ...row, rule: `${row.rule} (detection marker)` }
      }
      return end
    }
    case 'bits':
      return bitRows(node, path, at, walk)
    case 'struct': {
      let here = at
      for (const [key, g] of node.fields) {
        // An inlined part's values stand in this struct; only a region's
        // length field keeps the part's key as its name (EVR's body.length).
        const inline = g.node.tag === 'inline' ? g.node.inner.node : undefined
        const fieldLabel = inline === undefined ? join(path, key) : inline.tag === 'sized' ? join(path, key) : path
        here = visit(g.node, inline === undefined ? join(path, key) : path, fieldLabel, here, walk)
      }
      return here
    }
    case 'inline':
    case 'named':
      return visit(node.inner.node, path, label, at, walk)
    case 'map':
      return visit(node.inner.node, path, label, at, walk)
    case 'array': {
      let here = at
      let count: string | number = node.count as number
      if (typeof node.count !== 'number' && node.count.node.tag === 'expr') count = showExpr(node.count.node.expr)
      else if (typeof node.count !== 'number') {
        count = `${label}.count`
        const { rule, values } = numberRule(node.count.node)
        push(walk, { path: count, at, size: numberSize(node.count.node), ...wireType(node.count.node), rule: `number of items of ${label}${rule === 'any' ? '' : `, ${rule}`}`, ...(values ? { values } : {}) })
        here = advance(at, numberSize(node.count.node))
      }
      visit(node.item.node, join(path, 0), join(label, 0), itemStart(join(path, 0)), walk)
      const item = sizeBounds(node.item)
      if (item.min === item.max && typeof count === 'number') return advance(here, item.min * count)
      return advance(here, item.min === item.max ? `${item.min} × ${typeof count === 'string' && /[ ]/.test(count) ? `(${count})` : count}` : `size(${path})`)
    }
    case 'many': {
      push(walk, { path, at, size: 'variable (items until the region ends)', type: 'repeated', rule: 'zero or more items, one after another' })
      visit(node.item.node, join(path, 0), join(label, 0), itemStart(join(path, 0)), walk)
      return advance(at, `size(${path})`)
    }
    case 'repeatUntil': {
      const most = node.maxItems === Infinity ? '' : `, at most ${node.maxItems}`
      push(walk, { path, at, size: 'variable (items until one ends the list)', type: 'repeated', rule: `one or more items, up to and including the first that satisfies the predicate${most}` })
      visit(node.item.node, join(path, 0), join(label, 0), itemStart(join(path, 0)), walk)
      return advance(at, `size(${path})`)
    }
    case 'lazy':
      return lazyRows(node, path, label, at, walk)
    case 'sized':
      return sizedRows(node.length, node.inner.node, path, label, at, walk)
    case 'dependent':
      return dependentRows(node, path, label, at, walk)
    case 'checksum': {
      const end = visit(node.inner.node, path, label, at, walk)
      const { skipStart, skipEnd, algorithm } = node
      const from = showPosition(advance(at, skipStart))
      const to = skipEnd === 0 ? `the byte before ${join(label, 'crc')}` : `${skipEnd} byte(s) before ${join(label, 'crc')}`
      const field = node.field.node
      push(walk, { path: join(label, 'crc'), at: end, size: numberSize(field), ...wireType(field), rule: `${algorithm.name} of bytes ${from} up to ${to}` })
      return advance(end, numberSize(field))
    }
    case 'oneOf': {
      const ends = node.alternatives.map((alt) => {
        const inner: Walk = { rows: walk.rows, when: conjoin(walk.when, `protocol = ${alt.name}`) }
        return visit(alt.inner.node, path, label, at, inner)
      })
      return sameEnd(ends) ?? advance(at, `size(${path || 'frame'})`)
    }
    case 'custom': {
      const { min, max } = node.size
      push(walk, { path, at, size: min === max ? min : `variable (${min}..${max})`, type: node.name, rule: `custom codec ${node.name}` })
      return advance(at, min === max ? min : `size(${path})`)
    }
    case 'derived': {
      const first = walk.rows.length
      const end = visit(node.inner.node, path, label, at, walk)
      for (let i = first; i < walk.rows.length; i++) {
        const row = walk.rows[i] as LayoutRow
        walk.rows[i] = { ...row, rule: `${row.rule === 'any' ? '' : `${row.rule}; `}derived: computed on encode from the fields that refer to it` }
      }
      return end
    }
    case 'expr':
      // Zero bytes: what it computes shows where it is used (a size, a count, a case).
      return at
    case 'checksumField': {
      const field = node.field.node
      const context = node.context === undefined ? '' : ' after a context prefix (pseudo-header) from enclosing fields'
      const rule = `${node.algorithm.name} over the enclosing struct with this field as zero${context}; policy: ${node.policy}`
      push(walk, { path, at, size: numberSize(field), ...wireType(field), rule })
      return advance(at, numberSize(field))
    }
  }
  return unreachable(node)
}

const ENCODING_NAMES = { utf8: 'UTF-8', latin1: 'Latin-1 (ISO-8859-1)', ascii: 'ASCII', utf16le: 'UTF-16LE', utf16be: 'UTF-16BE' } as const

function showBytes(bytes: Uint8Array): string {
  return '0x' + [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('')
}

// Lazy grammars being laid out, outermost first: met again, one is a
// reference row, not another round of the same rows.
const expanding = new Set<LazyNode>()

function lazyRows(node: LazyNode, path: string, label: string, at: Position, walk: Walk): Position {
  let target: Node | undefined
  try {
    target = lazyTarget(node)
  } catch {
    target = undefined
  }
  if (target === undefined || expanding.has(node)) {
    const rule = target === undefined ? `lazy grammar ${node.name}, not defined` : `a ${node.name} again, laid out above (recursive, at most ${node.maxDepth} deep)`
    push(walk, { path, at, size: `variable (${node.name})`, type: node.name, rule })
    return advance(at, `size(${path})`)
  }
  expanding.add(node)
  try {
    return visit(target, path, label, at, walk)
  } finally {
    expanding.delete(node)
  }
}

function isNumeric(node: Node): boolean {
  switch (node.tag) {
    case 'int':
    case 'bigint':
    case 'float':
    case 'uleb128':
      return true
    case 'enum':
    case 'range':
    case 'refine':
      return isNumeric(node.inner.node)
    case 'bytes':
    case 'utf8':
    case 'text':
    case 'terminated':
    case 'padded':
    case 'untilLast':
    case 'constant':
    case 'marker':
    case 'bits':
    case 'struct':
    case 'inline':
    case 'map':
    case 'array':
    case 'many':
    case 'repeatUntil':
    case 'lazy':
    case 'sized':
    case 'dependent':
    case 'checksum':
    case 'named':
    case 'oneOf':
    case 'custom':
    case 'derived':
    case 'expr':
    case 'checksumField':
      return false
  }
  return unreachable(node)
}

function conjoin(outer: string | undefined, inner: string): string {
  return outer === undefined ? inner : `${outer}, ${inner}`
}

function bitRows(node: BitsNode, path: string, at: Position, walk: Walk): Position {
  // Bits numbered in the group's word (bit-layout.ts): the most significant
  // bit of the first byte is the highest, or, least significant bit first,
  // the least significant bit of the first byte is 0.
  const order = node.lsbFirst ? ', lsb first' : ''
  for (const { name, field, shift, big } of bitLayout(node)) {
    const high = shift + field.width - 1
    const bitsText = field.width === 1 ? `1 bit (${high}${order})` : `${field.width} bits (${high}..${shift}${order})`
    const marker = field.kind === 'constant' && field.marker ? ' (detection marker)' : ''
    const { min, max } = bitFieldRange(field)
    const rule = field.kind === 'constant' ? `must be ${field.value}${marker}` : field.kind === 'flag' ? 'boolean' : `${min}..${max}${big ? ' (bigint)' : ''}`
    push(walk, {
      path: join(path, name),
      at,
      size: bitsText,
      type: field.kind === 'constant' ? `bits${field.width}` : field.kind === 'flag' ? 'flag' : `${field.kind}${field.width}`,
      rule,
      ...(field.kind === 'constant' ? { values: [String(field.value)] } : {}),
    })
  }
  return advance(at, node.size)
}

function sizedRows(length: number | Grammar, inner: Node, path: string, label: string, at: Position, walk: Walk): Position {
  let start = at
  let size: number | string
  if (typeof length === 'number') size = length
  else if (length.node.tag === 'expr') size = showExpr(length.node.expr)
  else {
    size = `${label}.length`
    const { rule } = numberRule(length.node)
    const fixed = sizeBounds(inner)
    const exact = fixed.min === fixed.max ? `; must be ${fixed.min}` : ''
    push(walk, { path: size, at, size: numberSize(length.node), ...wireType(length.node), rule: `byte length of ${label || 'the region'}${rule === 'any' ? '' : `, ${rule}`}${exact}` })
    const prefixSize = numberSize(length.node)
    start = advance(at, typeof prefixSize === 'number' ? prefixSize : `size(${size})`)
  }
  const first = walk.rows.length
  visit(inner, path, label, start, walk)
  // A region's open-ended content (rest, many) takes the region's size.
  for (let i = first; i < walk.rows.length; i++) {
    const row = walk.rows[i] as LayoutRow
    if (row.size === 'variable (rest of the region)' || row.size === 'variable (items until the region ends)') {
      walk.rows[i] = { ...row, size: typeof size === 'number' || (length as Grammar).node.tag === 'expr' ? size : `variable (${size}${i === first ? '' : ' minus the fields before it'})` }
    }
  }
  return advance(start, size)
}

function dependentRows(node: DependentNode, path: string, label: string, at: Position, walk: Walk): Position {
  const headPath = join(label, node.headName)
  const head = node.head.node
  const keys = Object.keys(node.cases)
  const enumHead = head.tag === 'enum'
  const { values } = numberRule(head)
  const named = keys.map((key) => {
    const name = enumHead ? undefined : caseName((node.cases[key] as Grammar).node)
    const code = /^\d+$/.test(key) ? showCode(head, Number(key)) : key
    return name === undefined ? code : `${code} ${name}`
  })
  const spare = node.otherwise === undefined || head.tag === 'expr' ? undefined : unusedHead(head, keys)
  const otherName = spare === undefined || node.otherwise === undefined ? undefined : caseName(node.otherwise(spare).node)
  const caseList = enumHead ? (values ?? []).join(', ') : named.join(', ')
  const other = node.otherwise === undefined ? '; anything else is invalid' : `; any other value: ${otherName ?? 'see the rows for other values'}`
  // A head computed from earlier fields takes no bytes of its own.
  if (head.tag === 'expr') push(walk, { path: headPath, at, size: 0, type: 'selector', rule: `${showExpr(head.expr)} selects what follows: ${caseList}${other}`, values: named })
  else push(walk, { path: headPath, at, size: numberSize(head), ...wireType(head), rule: `selects what follows: ${caseList}${other}`, values: enumHead ? values : named })
  const bodyAt = advance(at, numberSize(head))
  const cases: { rows: LayoutRow[]; end: Position }[] = keys.map((key, i) => {
    const code = /^\d+$/.test(key) ? showCode(head, Number(key)) : key
    const shown = named[i] === code ? code : `${code} (${(named[i] as string).slice(code.length + 1)})`
    const inner: Walk = { rows: [], when: conjoin(walk.when, `${headPath} = ${shown}`) }
    const end = visit((node.cases[key] as Grammar).node, path, label, bodyAt, inner)
    return { rows: inner.rows, end }
  })
  if (spare !== undefined && node.otherwise !== undefined) {
    const inner: Walk = { rows: [], when: conjoin(walk.when, `${headPath} = other${otherName === undefined ? '' : ` (${otherName})`}`) }
    const end = visit(node.otherwise(spare).node, path, label, bodyAt, inner)
    cases.push({ rows: inner.rows, end })
  }
  // Rows that every case has alike at its start are listed once.
  let shared = 0
  const first = cases[0]
  while (first !== undefined && shared < first.rows.length && cases.every((c) => sameRow(c.rows[shared], first.rows[shared]))) shared++
  if (first !== undefined) walk.rows.push(...first.rows.slice(0, shared).map((row) => ({ ...row, when: walk.when })))
  for (const c of cases) walk.rows.push(...c.rows.slice(shared))
  return sameEnd(cases.map((c) => c.end)) ?? advance(bodyAt, `size(${headPath} body)`)
}

/** The common end of several alternatives, if they all end at the same place. */
function sameEnd(ends: readonly Position[]): Position | undefined {
  const first = ends[0]
  if (first === undefined) return undefined
  return ends.every((end) => showPosition(end) === showPosition(first)) ? first : undefined
}

function sameRow(a: LayoutRow | undefined, b: LayoutRow | undefined): boolean {
  if (a === undefined || b === undefined) return false
  return a.path === b.path && a.offset === b.offset && a.size === b.size && a.type === b.type && a.rule === b.rule
}

/**
 * The discriminant a case adds to its value: the one `tagged` records, or
 * else the one string that the case's outermost mapping adds to an empty
 * object (a heuristic for names in descriptions only; any other mapping
 * yields no name).
 */
function caseName(node: Node): string | undefined {
  switch (node.tag) {
    case 'sized':
    case 'untilLast':
    case 'inline':
    case 'named':
    case 'marker':
    case 'refine':
      return caseName(node.inner.node)
    case 'map': {
      if (node.discriminant !== undefined) return node.discriminant.value
      let value: unknown
      try {
        value = node.decode({})
      } catch {
        return undefined
      }
      if (typeof value !== 'object' || value === null) return undefined
      const names = Object.values(value).filter((v): v is string => typeof v === 'string')
      return names.length === 1 ? names[0] : undefined
    }
    case 'int':
    case 'bigint':
    case 'float':
    case 'uleb128':
    case 'bytes':
    case 'utf8':
    case 'text':
    case 'terminated':
    case 'padded':
    case 'constant':
    case 'bits':
    case 'struct':
    case 'enum':
    case 'range':
    case 'array':
    case 'many':
    case 'repeatUntil':
    case 'lazy':
    case 'dependent':
    case 'checksum':
    case 'oneOf':
    case 'custom':
    case 'derived':
    case 'expr':
    case 'checksumField':
      return undefined
  }
  return unreachable(node)
}

/** A head value that no case names, to show what `otherwise` reads. */
function unusedHead(head: Node, keys: readonly string[]): number | undefined {
  const most = Math.min(largestValue(head), 2 ** 16)
  for (let value = 0; value <= most; value++) {
    if (keys.includes(String(value))) continue
    const state = new EncodeState(8)
    encoderOf(head)(state, value)
    if (state.error === undefined) return value
  }
  return undefined
}
