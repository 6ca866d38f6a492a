import type { Codec } from '../grammar/codec.js'
import { encodeText } from '../runtime/text-encoding.js'
import { lazyTarget } from '../grammar/lazy.js'
import type { Node } from '../grammar/node.js'
import type { PathSegment } from '../runtime/errors.js'
import { analysisOf, sizeBounds } from '../analysis/index.js'
import { producesNoValue } from '../analysis/void-value.js'
import { encodedLength, encodeNode } from './encoded-length.js'
import { unreachable } from '../grammar/exhaustive.js'

/**
 * Where a frame holds a length prefix (of a sized region, `varBytes`, text)
 * or a count prefix (of an `array`), found by walking the grammar alongside
 * the value.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { struct, u8, u16be, varBytes } from 'oxwire/combinators'
 * import { lengthFields, type LengthField } from 'oxwire/testing'
 * const message = struct({ id: u16be, body: varBytes(u8) })
 * const [field]: LengthField[] = lengthFields(message, { id: 1, body: Uint8Array.of(7, 7, 7) })
 * assert.deepEqual([field?.kind, field?.offset, field?.size, field?.value, field?.path], ['length', 2, 1, 3, ['body']])
 * ```
 * @category Testing
 */
export interface LengthField {
  /** `length` for a region's byte length, `count` for an array's item count. */
  readonly kind: 'length' | 'count'
  /** Byte offset of the field in the frame. */
  readonly offset: number
  /** Bytes the field takes. */
  readonly size: number
  /** The value it holds. */
  readonly value: number
  /** Path of the region or array it governs. */
  readonly path: readonly PathSegment[]
  /** The field's grammar. */
  readonly grammar: Codec<number>
}

/**
 * The length and count fields of the encoding of `value`, in wire order.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { array, struct, u8, u16be, varBytes } from 'oxwire/combinators'
 * import { lengthFields } from 'oxwire/testing'
 * const batch = struct({ name: varBytes(u8), items: array(u8, u16be) })
 * const fields = lengthFields(batch, { name: Uint8Array.of(0x61), items: [1, 2] })
 * assert.deepEqual(fields.map((f) => [f.kind, f.offset, f.value]), [['length', 0, 1], ['count', 2, 2]])
 * ```
 * @category Testing
 */
export function lengthFields<A>(grammar: Codec<A>, value: A): LengthField[] {
  const found: LengthField[] = []
  locate(grammar.node, value, 0, [], found)
  return found
}

/**
 * A copy of `bytes` whose length or count `field` claims one more byte (or
 * item) than the rest of the input holds, or undefined when the field's
 * grammar cannot hold such a value. The claim is written with the field's
 * bare integer grammar, so a range on it is broken too if need be.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { struct, u8, u16be, varBytes } from 'oxwire/combinators'
 * import { lengthFields, pointPastEnd } from 'oxwire/testing'
 * const message = struct({ id: u16be, body: varBytes(u8) })
 * const value = { id: 1, body: Uint8Array.of(7, 7) }
 * const bytes = encode(message, value)
 * assert.ok(bytes._tag === 'Right')
 * const [length] = lengthFields(message, value)
 * const lying = length && pointPastEnd(bytes.right, length)
 * assert.deepEqual(lying, Uint8Array.of(0, 1, 3, 7, 7)) // claims 3 bytes, 2 follow
 * const result = decode(message, lying)
 * assert.ok(result._tag === 'Left' && result.left.kind === 'incomplete')
 * ```
 * @category Testing
 */
export function pointPastEnd(bytes: Uint8Array, field: LengthField): Uint8Array | undefined {
  const after = bytes.length - field.offset - field.size
  const written = encodeNode(bareInteger(field.grammar.node), after + 1)
  if (written === undefined) return undefined
  const out = new Uint8Array(bytes.length - field.size + written.length)
  out.set(bytes.subarray(0, field.offset))
  out.set(written, field.offset)
  out.set(bytes.subarray(field.offset + field.size), field.offset + written.length)
  return out
}

function bareInteger(node: Node): Node {
  return analysisOf(node).unchecked
}

/** Walks `node` with `value` at `offset`, records length fields, and returns the encoded size. */
function locate(node: Node, value: unknown, offset: number, path: PathSegment[], found: LengthField[]): number {
  switch (node.tag) {
    case 'struct': {
      let at = offset
      const record = value as Record<string, unknown>
      for (const [key, g] of node.fields) {
        if (g.node.tag === 'inline') at += locate(g.node, value, at, path, found)
        else at += locate(g.node, producesNoValue(g.node) ? undefined : record[key], at, [...path, key], found)
      }
      return at - offset
    }
    case 'marker':
    case 'inline':
    case 'named':
      return locate(node.inner.node, value, offset, path, found)
    case 'utf8':
      return locate(node.inner.node, new TextEncoder().encode(value as string), offset, path, found)
    case 'text':
      return locate(node.inner.node, encodeText(node.encoding, value as string), offset, path, found)
    case 'untilLast':
      return locate(node.inner.node, value, offset, path, found)
    case 'map':
      return locate(node.inner.node, node.encode(value), offset, path, found)
    case 'sized': {
      // A size computed from earlier fields has no bytes of its own here.
      if (typeof node.length === 'number' || node.length.node.tag === 'expr') return locate(node.inner.node, value, offset, path, found)
      const n = encodedLength(node.inner.node, value) as number
      const size = encodedLength(node.length.node, n) as number
      found.push({ kind: 'length', offset, size, value: n, path, grammar: node.length as Codec<number> })
      return size + locate(node.inner.node, value, offset + size, path, found)
    }
    case 'array': {
      const items = value as unknown[]
      let at = offset
      if (typeof node.count !== 'number' && node.count.node.tag !== 'expr') {
        const size = encodedLength(node.count.node, items.length) as number
        found.push({ kind: 'count', offset, size, value: items.length, path, grammar: node.count as Codec<number> })
        at += size
      }
      items.forEach((item, i) => (at += locate(node.item.node, item, at, [...path, i], found)))
      return at - offset
    }
    case 'lazy':
      return locate(lazyTarget(node), value, offset, path, found)
    case 'repeatUntil':
    case 'many': {
      let at = offset
      ;(value as unknown[]).forEach((item, i) => (at += locate(node.item.node, item, at, [...path, i], found)))
      return at - offset
    }
    case 'dependent': {
      const head = node.headOf(value)
      const size = node.head.node.tag === 'expr' ? 0 : (encodedLength(node.head.node, head) as number)
      const body = node.cases[String(head)] ?? node.otherwise?.(head)
      return size + (body === undefined ? 0 : locate(body.node, value, offset + size, path, found))
    }
    case 'checksum':
      return locate(node.inner.node, value, offset, path, found) + sizeBounds(node.field).max
    case 'oneOf': {
      const chosen = value as { protocol: string; value: unknown }
      const alt = node.alternatives.find((a) => a.name === chosen.protocol)
      return alt === undefined ? 0 : locate(alt.inner.node, chosen.value, offset, path, found)
    }
    case 'int':
    case 'bigint':
    case 'float':
    case 'uleb128':
    case 'bytes':
    case 'terminated':
    case 'padded':
    case 'constant':
    case 'bits':
    case 'enum':
    case 'range':
    case 'refine':
    case 'custom':
      return encodedLength(node, value) ?? 0
    case 'derived':
    case 'checksumField':
      // Fixed-size fields computed on encode; the value does not hold them.
      return sizeBounds(node).max
    case 'expr':
      return 0
  }
  return unreachable(node)
}
