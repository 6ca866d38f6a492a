import fc, { type Arbitrary, type SizeForArbitrary } from 'fast-check'
import type { Codec } from '../grammar/codec.js'
import { bitFieldRange } from '../analysis/bit-layout.js'
import type { ArrayNode, BitsNode, DependentNode, LazyNode, ManyNode, Node, OneOfNode, RepeatUntilNode, SizedNode, StructNode } from '../grammar/node.js'
import { lazyTarget } from '../grammar/lazy.js'
import { DecodeState } from '../runtime/decode-state.js'
import { decoderOf } from '../interpret/decoder.js'
import { sizeBounds } from '../analysis/index.js'
import { producesNoValue } from '../analysis/void-value.js'
import type { ArbitraryOptions } from './options.js'
import { analysisOf, type NumericDomain } from '../analysis/index.js'
import { alwaysFits, anyRoom, lessRoom, splitRoom, type Room } from './room.js'
import { encodedLength, encodeNode } from './encoded-length.js'
import { encodedTextArbitrary, isTextForm, textArbitrary, unitsArbitrary, withoutUnit } from './text.js'
import { paddedEnd } from '../runtime/terminator.js'
import { usesScope } from '../interpret/references.js'
import { evaluate, MISSING } from '../grammar/evaluate.js'
import { encoderOf } from '../interpret/encoder.js'
import { EncodeState } from '../runtime/encode-state.js'
import { unreachable } from '../grammar/exhaustive.js'
import { holdsAnywhere } from '../analysis/node-predicate.js'

interface Context {
  readonly overrides: ReadonlyMap<unknown, Arbitrary<unknown>>
  readonly nan: boolean
  readonly maxItems: number
  /** Spread into fast-check's array, byte and string constraints. */
  readonly size: { readonly size?: SizeForArbitrary }
  /** Values of fields generated earlier, which later fields may refer to. */
  readonly known: Record<string, unknown>
  /**
   * Derived fields of enclosing structs: not in the value, so not known
   * here; encoding solves them from what refers to them.
   */
  readonly unknown: ReadonlySet<string>
  /**
   * Inside a struct with references, which checks that its values decode
   * back: a oneOf alternative naming its fields leaves that check to it.
   */
  readonly inScope?: boolean
  /** The struct being derived is inlined: its parent checks its references. */
  readonly inline?: boolean
  /** Lazy (recursive) grammars entered so far, and how deep values may go. */
  readonly depth: number
  readonly maxDepth: number
  readonly lazies: ReadonlySet<LazyNode>
}

// Past maxDepth, recursion must end by choosing the least; past this many
// more levels a grammar that cannot stop (every choice recurses) is said to.
const DEPTH_SLACK = 8

/**
 * A fast-check arbitrary of valid decoded values of any grammar, derived
 * from its structure: every value it gives encodes, and decodes back equal.
 *
 * It respects constants (absent from values), enumerations, ranges (number
 * and bigint), refinements (by filtering; supply an arbitrary through
 * `overrides` when a predicate rejects most values), f32 exactness, varint
 * limits, length prefixes and sized regions (values are built to fit the
 * region: a byte budget is shared among fields and items), UTF-8 text whose
 * encoding fits, every case of a dependent or tagged union (and, for
 * `dependentOpen`, heads outside the known cases), and every alternative of
 * a `oneOf` (as `{ protocol, value }`). Fields that refer to each other are
 * drawn in wire order: a size or count given by earlier fields is met
 * exactly, presence and cases decided by derived fields (here or in an
 * enclosing struct) take every choice, and a struct holding a `oneOf`
 * keeps values whose bytes decode back as the alternative they came from.
 * Values shrink through fast-check's own combinators. A `custom` codec
 * needs an override.
 * @throws Error when the grammar holds a `custom` codec with no override, or
 *   a region that no value can fill.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import fc from 'fast-check'
 * import { decode, encode, right } from 'oxwire'
 * import { telemetry, telemetryMaxFrame } from 'oxwire/protocols'
 * import { arbitrary } from 'oxwire/testing'
 * fc.assert(fc.property(arbitrary(telemetry), (frame) => {
 *   const bytes = encode(telemetry, frame)
 *   assert.ok(bytes._tag === 'Right' && bytes.right.length <= telemetryMaxFrame)
 *   assert.deepEqual(decode(telemetry, bytes.right), right(frame))
 * }), { numRuns: 50 })
 * ```
 * @category Testing
 */
export function arbitrary<A>(grammar: Codec<A>, options: ArbitraryOptions = {}): Arbitrary<A> {
  const overrides = new Map<unknown, Arbitrary<unknown>>()
  for (const [g, arb] of options.overrides ?? []) overrides.set(g.node, arb)
  const context: Context = {
    overrides,
    nan: options.nan ?? false,
    maxItems: options.maxItems ?? 8,
    size: options.size === undefined ? {} : { size: options.size },
    known: Object.create(null),
    unknown: new Set(),
    depth: 0,
    maxDepth: options.maxDepth ?? 3,
    lazies: new Set(),
  }
  return derive(grammar.node, anyRoom, context) as Arbitrary<A>
}

function derive(node: Node, room: Room, ctx: Context): Arbitrary<unknown> {
  const given = ctx.overrides.get(node)
  if (given !== undefined) return given
  switch (node.tag) {
    case 'int':
    case 'bigint':
    case 'float':
      return domainArbitrary(analysisOf(node).domain as NumericDomain, ctx)
    case 'uleb128': {
      const { max } = analysisOf(node).domain as { max: number }
      // A tight room limits the value: n bytes hold 7n bits.
      const most = room.max < node.maxBytes ? Math.min(max, 128 ** room.max - 1) : max
      // Values either side of each byte-count step (127/128, 16383/16384, ...)
      // are where encoders go wrong; random draws rarely land on them.
      const steps = Array.from({ length: node.maxBytes }, (_, i) => [128 ** (i + 1) - 1, 128 ** (i + 1)]).flat().filter((v) => v <= most)
      return fc.oneof({ arbitrary: integerIn(0, most), weight: 4 }, { arbitrary: fc.constantFrom(0, ...steps), weight: 1 })
    }
    case 'bytes': {
      const size = node.size
      if (size !== undefined) return fc.uint8Array({ minLength: size, maxLength: size })
      return fc.uint8Array({ ...ctx.size, minLength: room.min, ...(room.max === Infinity ? {} : { maxLength: room.max }) })
    }
    case 'utf8':
      if (!isTextForm(node.inner.node)) return utf8Arbitrary(node.inner.node, room, ctx)
      return encodedTextArbitrary('utf8', node.inner.node, undefined, room, ctx.size, (t) => encodedLength(node, t) !== undefined)
    case 'text':
      return encodedTextArbitrary(node.encoding, node.inner.node, textRoom(node.inner.node, room), room, ctx.size, (t) => encodedLength(node, t) !== undefined)
    case 'terminated':
      return unitsArbitrary(node.terminator, { min: 0, max: Math.max(0, room.max - node.terminator.length) }, ctx.size).map((b) => withoutUnit(b, node.terminator))
    case 'padded':
      return unitsArbitrary(node.pad, { min: 0, max: node.width }, ctx.size).map((b) => b.subarray(0, paddedEnd(b, 0, b.length, node.pad)))
    case 'untilLast':
      return derive(node.inner.node, room, ctx)
    case 'constant':
      return fc.constant(undefined)
    case 'marker':
    case 'named':
      return derive(node.inner.node, room, ctx)
    case 'inline':
      return derive(node.inner.node, room, { ...ctx, inline: true })
    case 'bits':
      return bitsArbitrary(node)
    case 'struct':
      return structArbitrary(node, room, ctx)
    case 'enum': {
      const names = Object.entries(node.codes).filter(([, code]) => encodedLength(node.inner.node, code) !== undefined)
      if (names.length === 0) throw new Error('arbitrary: no code of this enumeration can be encoded')
      return fc.constantFrom(...names.map(([name]) => name))
    }
    case 'range': {
      const domain = analysisOf(node).domain
      if (domain !== undefined) return domainArbitrary(domain, ctx)
      const { min, max } = node
      return derive(node.inner.node, room, ctx).filter((v) => (v as number) >= min && (v as number) <= max)
    }
    case 'refine': {
      const check = node.check
      return derive(node.inner.node, room, ctx).filter((v) => holds(check, v))
    }
    case 'map': {
      const decode = node.decode
      return derive(node.inner.node, room, ctx)
        .filter((v) => holds((x) => (decode(x), true), v))
        .map(decode)
    }
    case 'array':
      return arrayArbitrary(node, room, ctx)
    case 'many':
      return manyArbitrary(node, room, ctx)
    case 'repeatUntil':
      return repeatUntilArbitrary(node, room, ctx)
    case 'lazy':
      return lazyArbitrary(node, room, ctx)
    case 'sized':
      return sizedArbitrary(node, room, ctx)
    case 'dependent':
      return dependentArbitrary(node, room, ctx)
    case 'checksum':
      return derive(node.inner.node, lessRoom(room, sizeBounds(node.field)), ctx)
    case 'oneOf':
      return oneOfArbitrary(node, room, ctx)
    case 'custom':
      throw new Error(`arbitrary: custom codec '${node.name}' has no derivation; pass an arbitrary for it in options.overrides`)
    case 'derived':
      return fc.constant(undefined)
    case 'checksumField':
      return node.policy === 'verify' ? fc.constant(undefined) : derive(node.field.node, room, ctx)
    case 'expr': {
      // A computed field: its value when the fields it names are known,
      // else any small number (the struct keeps those that agree).
      const value = evaluate(node.expr, (name) => (name in ctx.known ? ctx.known[name] : MISSING))
      return typeof value === 'string' ? fc.integer({ min: 0, max: 255 }) : fc.constant(value)
    }
  }
  return unreachable(node)
}

/** The value of an expression of fields generated before, if it is one and they are known. */
function knownValue(node: Node, ctx: Context): number | boolean | undefined {
  if (node.tag !== 'expr') return undefined
  const value = evaluate(node.expr, (name) => (name in ctx.known ? ctx.known[name] : MISSING))
  return typeof value === 'string' ? undefined : value
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
}

function holds(check: (value: unknown) => boolean, value: unknown): boolean {
  try {
    return check(value)
  } catch {
    return false
  }
}

/** Integers of any safe range; fc.integer covers 32-bit ranges only. */
function integerIn(min: number, max: number): Arbitrary<number> {
  if (min >= -(2 ** 31) && max < 2 ** 31) return fc.integer({ min, max })
  return fc.bigInt(BigInt(min), BigInt(max)).map(Number)
}

function domainArbitrary(domain: NumericDomain, ctx: Context): Arbitrary<unknown> {
  switch (domain.kind) {
    case 'integer':
      return integerIn(domain.min, domain.max)
    case 'bigint':
      return fc.bigInt(domain.min, domain.max)
    case 'float': {
      const { min, max, size } = domain
      // Unbounded floats include -0, the infinities and subnormals; NaN on request.
      if (min === -Infinity && max === Infinity) return size === 4 ? fc.float({ noNaN: !ctx.nan }) : fc.double({ noNaN: !ctx.nan })
      if (size === 8) return fc.double({ min, max, noNaN: true })
      // fc.float wants binary32 bounds; rounding may step just outside the range.
      return fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true }).filter((v) => v >= min && v <= max)
    }
  }
}

function utf8Arbitrary(inner: Node, room: Room, ctx: Context): Arbitrary<unknown> {
  const bytes = textRoom(inner, room)
  if (bytes !== undefined) return textArbitrary(bytes, ctx.size)
  // Text over some other byte grammar (a refinement, a mapping): keep what it accepts.
  return textArbitrary({ min: 0, max: room.max }, ctx.size).filter((text) => encodedLength(inner, new TextEncoder().encode(text)) !== undefined)
}

/** How many bytes of text a byte grammar can hold, when it is plain bytes, possibly sized. */
function textRoom(node: Node, room: Room): Room | undefined {
  if (node.tag === 'bytes') return node.size === undefined ? room : { min: node.size, max: node.size }
  if (node.tag === 'sized') {
    const inner = typeof node.length === 'number' ? { min: node.length, max: node.length } : prefixedRoom(node.length.node, room)
    return textRoom(node.inner.node, inner)
  }
  return undefined
}

function bitsArbitrary(node: BitsNode): Arbitrary<unknown> {
  const fields: Record<string, Arbitrary<unknown>> = {}
  for (const [name, field] of node.fields) {
    if (field.kind !== 'constant' && field.derived === true) continue
    if (field.kind === 'flag') fields[name] = fc.boolean()
    else if (field.kind !== 'constant') {
      const { min, max } = bitFieldRange(field)
      fields[name] = typeof min === 'bigint' ? fc.bigInt({ min, max: max as bigint }) : integerIn(min, max as number)
    }
  }
  return fc.record(fields, { noNullPrototype: true })
}

function structArbitrary(node: StructNode, room: Room, ctx: Context): Arbitrary<unknown> {
  if (usesScope(node)) return scopedStructArbitrary(node, room, ctx)
  if (ctx.inline === true) ctx = { ...ctx, inline: false }
  const rooms = splitRoom(node.fields.map(([, g]) => sizeBounds(g)), room)
  const parts = node.fields
    .map(([key, g], i) => ({ key, node: g.node, room: rooms[i] as Room }))
    .filter((part) => !producesNoValue(part.node))
  const arbs = parts.map((part) => derive(part.node, part.room, ctx))
  return fc.tuple(...arbs).map((values) => {
    const out: Record<string, unknown> = {}
    parts.forEach((part, i) => {
      if (part.node.tag === 'inline') Object.assign(out, values[i])
      else out[part.key] = values[i]
    })
    return out
  })
}

/**
 * A struct whose fields refer to each other: fields are generated in wire
 * order, each seeing the values before it (a case chosen by an earlier
 * field gets that case), and values whose references disagree (a size a
 * derived field cannot hold, say) are left out.
 */
function scopedStructArbitrary(node: StructNode, room: Room, ctx: Context): Arbitrary<unknown> {
  const rooms = splitRoom(node.fields.map(([, g]) => sizeBounds(g)), room)
  const parts = node.fields
    .map(([key, g], i) => ({ key, node: g.node, room: rooms[i] as Room }))
    .filter((part) => !producesNoValue(part.node))
  // Derived fields (bit fields included) are absent from values: the
  // fields after them see them as unknown, not as undefined.
  const unknown = new Set(ctx.unknown)
  for (const part of node.fields) for (const name of derivedNames(part[0], part[1].node)) unknown.add(name)
  type Acc = { readonly out: Record<string, unknown>; readonly known: Record<string, unknown> }
  let acc: Arbitrary<Acc> = fc.constant({ out: {}, known: ctx.known })
  for (const part of parts) {
    acc = acc.chain(({ out, known }) =>
      derive(part.node, part.room, { ...ctx, known, unknown, inline: false, inScope: true }).map((value) => {
        const next: Record<string, unknown> = { ...out }
        const seen: Record<string, unknown> = Object.create(known)
        if (part.node.tag === 'inline') Object.assign(next, value)
        else next[part.key] = value
        for (const [k, v] of Object.entries(part.node.tag === 'inline' ? (value as object) : { [part.key]: value })) if (v !== undefined) seen[k] = v
        if (part.node.tag === 'bits' && typeof value === 'object' && value !== null) Object.assign(seen, value)
        return { out: next, known: seen }
      }),
    )
  }
  const known = ctx.known
  const outer = ctx.unknown
  const values = acc.map((a) => a.out)
  // An inlined struct's derived fields may be solved only by its parent's fields.
  if (ctx.inline === true) return values
  // A oneOf below decodes its bytes as the first alternative that takes
  // them: keep values that decode back as what they are.
  const decodeBack = holdsOneOf(node)
  if (ctx.inScope !== true) someValid(node, values, known, outer, decodeBack)
  return values.filter((v) => validWithin(node, v, known, outer, decodeBack) === true)
}

const tried = new WeakSet<Node>()

/**
 * Says at once, rather than letting the filter search forever, when no
 * value drawn for a struct is valid (a derived field nothing refers to, a
 * oneOf alternative whose bytes all decode as an earlier one). Checked
 * until it passes once, per struct met outside another one with
 * references (whose values are drawn afresh for each value of the
 * enclosing struct).
 */
function someValid(node: Node, values: Arbitrary<unknown>, known: Record<string, unknown>, outer: ReadonlySet<string>, decodeBack: boolean): void {
  if (tried.has(node)) return
  const reasons = new Set<string>()
  // A few first: most structs give a valid value at once.
  for (const numRuns of [8, 192]) {
    for (const v of fc.sample(values, { numRuns, seed: numRuns })) {
      const verdict = validWithin(node, v, known, outer, decodeBack)
      if (verdict === true) {
        // Only a success is remembered: a struct without valid values must
        // throw again on the next call, not return a filter that never ends.
        tried.add(node)
        return
      }
      reasons.add(verdict)
    }
  }
  throw new Error(`arbitrary: none of 200 values drawn for a struct is valid: ${[...reasons].slice(0, 3).join('; ')}`)
}

/** The names of derived fields a struct field adds (its own, or its bits group's). */
function derivedNames(key: string, node: Node): string[] {
  if (node.tag === 'derived') return [key]
  if (node.tag === 'named') return derivedNames(key, node.inner.node)
  if (node.tag === 'bits') return node.fields.filter(([, f]) => f.kind !== 'constant' && f.derived === true).map(([name]) => name)
  if (node.tag === 'inline' && node.inner.node.tag === 'struct') return node.inner.node.fields.flatMap(([k, g]) => derivedNames(k, g.node))
  return []
}

/**
 * True when the value encodes, with the fields of enclosing structs known
 * and their derived fields left to solve (the enclosing struct checks what
 * is said of those); with `decodeBack`, also that its bytes decode back to
 * it, when they depend on nothing left unsolved.
 */
function validWithin(node: Node, value: unknown, known: Record<string, unknown>, unknown: ReadonlySet<string>, decodeBack: boolean): true | string {
  const state = new EncodeState()
  const frame = { vars: Object.create(known) as Record<string, unknown>, parent: undefined, start: 0, unknowns: new Set(unknown), equations: [], deferred: [], checks: [] }
  state.scope = frame
  try {
    encoderOf(node)(state, value)
  } catch (thrown) {
    return `encoding threw ${String(thrown)}`
  }
  if (state.error !== undefined) return `${state.error.message}${state.error.path.length > 0 ? ` at ${state.error.path.join('.')}` : ''}`
  if (!decodeBack || frame.equations.length > 0 || frame.checks.length > 0) return true
  const decoding = new DecodeState(state.bytes.subarray(0, state.pos))
  decoding.scope = { vars: Object.create(known) as Record<string, unknown>, parent: undefined, start: 0, checks: undefined }
  let decoded: unknown
  try {
    decoded = decoderOf(node)(decoding)
  } catch (thrown) {
    return `decoding threw ${String(thrown)}`
  }
  if (decoding.error !== undefined) return `its bytes do not decode: ${decoding.error.message}`
  return decoding.pos === state.pos && sameValue(decoded, value) ? true : 'its bytes decode as another value (an earlier oneOf alternative takes them)'
}

/** Whether a oneOf lies inside `node` (not through lazy grammars, which check their own). */
const holdsOneOf = holdsAnywhere((node) => node.tag === 'oneOf')

/**
 * Decoded equals given, as the round trip needs: keys holding undefined
 * count as absent, bytes by content; objects of other classes (a mapping's
 * own) are taken as equal, so that only a real difference rejects a value.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b || (a !== a && b !== b)) return true
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i])
  }
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (!isPlain(a) || !isPlain(b)) return true
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)])
  for (const k of keys) if (!sameValue(ra[k], rb[k])) return false
  return true
}

function isPlain(o: object): boolean {
  const proto = Object.getPrototypeOf(o) as unknown
  return proto === Object.prototype || proto === null
}

function arrayArbitrary(node: ArrayNode, room: Room, ctx: Context): Arbitrary<unknown> {
  const { count, item } = node
  if (typeof count === 'number') {
    const itemRoom = count === 0 ? anyRoom : { min: Math.ceil(room.min / count), max: Math.floor(room.max / count) }
    return fc.array(derive(item.node, itemRoom, ctx), { minLength: count, maxLength: count })
  }
  const known = knownValue(count.node, ctx)
  if (isCount(known)) {
    const itemRoom = known === 0 || room.max === Infinity ? anyRoom : { min: 0, max: Math.floor(room.max / known) }
    return fc.array(derive(item.node, itemRoom, ctx), { minLength: known, maxLength: known })
  }
  const domain = analysisOf(count.node).domain
  const least = domain?.kind === 'integer' ? domain.min : 0
  const most = domain?.kind === 'integer' ? domain.max : Infinity
  return repeated(item.node, lessRoom(room, sizeBounds(count)), least, most, ctx)
}

function manyArbitrary(node: ManyNode, room: Room, ctx: Context): Arbitrary<unknown> {
  const item = sizeBounds(node.item)
  // Fixed-size items can fill a region exactly; others aim at its lower bound.
  const least = item.min > 0 && item.min === item.max ? Math.ceil(room.min / item.min) : room.min > 0 ? 1 : 0
  const items = repeated(node.item.node, room, least, Infinity, ctx)
  // An item of zero bytes would stop decoding ("consumed no bytes").
  if (item.min > 0) return items
  return items.filter((values) => (values as unknown[]).every((v) => encodedLength(node.item.node, v) !== 0))
}

/** Arrays of `least..most` items that fit the room together. */
function repeated(item: Node, room: Room, least: number, most: number, ctx: Context): Arbitrary<unknown[]> {
  const bounds = sizeBounds(item)
  // Deep in a recursive value: as few items as allowed, so that it ends.
  if (exhausted(ctx) && reachesLazy(item)) most = least
  let maxLength = Math.min(most, bounds.min > 0 ? Math.floor(room.max / bounds.min) : Infinity)
  let itemRoom: Room = bounds
  if (bounds.min !== bounds.max) {
    // Each item may take an equal share of the room, so any count fits.
    maxLength = Math.min(maxLength, Math.max(least, ctx.maxItems))
    itemRoom = { min: 0, max: maxLength === 0 ? 0 : Math.floor(room.max / maxLength) }
  }
  if (maxLength < least) throw new Error(`arbitrary: ${least} item(s) do not fit in ${room.max} byte(s)`)
  const itemArb = derive(item, itemRoom, ctx)
  return fc.array(itemArb, { ...ctx.size, minLength: least, ...(maxLength === Infinity ? {} : { maxLength }) })
}

// Items that do not end the list, then one that does. Values that end it
// are found by sampling the item's arbitrary (a predicate on a field is
// met by the ends of its domain, which fast-check favours).
function repeatUntilArbitrary(node: RepeatUntilNode, room: Room, ctx: Context): Arbitrary<unknown> {
  const { until } = node
  const ends = (v: unknown): boolean => holds(until, v)
  const most = node.maxItems === Infinity ? Infinity : node.maxItems - 1
  const itemArb = derive(node.item.node, sizeBounds(node.item).min === sizeBounds(node.item).max ? sizeBounds(node.item) : anyRoom, ctx)
  const sample = fc.sample(itemArb, { numRuns: 200, seed: 1 })
  if (!sample.some(ends)) throw new Error('arbitrary: no value of the repeatUntil item satisfies its predicate in 200 tries; pass an arbitrary for the item in options.overrides')
  const last = itemArb.filter(ends)
  // A predicate that almost every value meets leaves no room for items before the last.
  if (!sample.some((v) => !ends(v))) return last.map((v) => [v])
  const lastRoom = { min: 0, max: room.max === Infinity ? Infinity : Math.max(0, room.max - sizeBounds(node.item).max) }
  const before = exhausted(ctx) && reachesLazy(node.item.node) ? fc.constant([]) : repeated(node.item.node, lastRoom, 0, most, ctx).map((items) => items.filter((v) => !ends(v)))
  return fc.tuple(before, last).map(([items, end]) => [...items, end])
}

// A lazy grammar met again inside itself (a cycle) has its arbitrary built
// when a value is drawn, one level at a time: built at once, it would never
// end. Met first, it is built now, so that a grammar with no values says so
// at once.
function lazyArbitrary(node: LazyNode, room: Room, ctx: Context): Arbitrary<unknown> {
  if (ctx.depth >= ctx.maxDepth + DEPTH_SLACK) {
    throw new Error(`arbitrary: ${node.name} recurses past ${ctx.depth} levels with no way to stop (every choice in it recurses)`)
  }
  const target = lazyTarget(node)
  const deeper: Context = { ...ctx, depth: ctx.depth + 1, lazies: new Set(ctx.lazies).add(node) }
  if (!ctx.lazies.has(node)) return derive(target, room, deeper)
  let built: Arbitrary<unknown> | undefined
  return fc.constant(undefined).chain(() => (built ??= derive(target, room, deeper)))
}

function exhausted(ctx: Context): boolean {
  return ctx.depth >= ctx.maxDepth
}

/** Whether a lazy grammar lies inside `node` (its cases and alternatives included). */
const reachesLazy = holdsAnywhere((node) => node.tag === 'lazy')

function sizedArbitrary(node: SizedNode, room: Room, ctx: Context): Arbitrary<unknown> {
  const inner = node.inner.node
  const known = typeof node.length === 'number' ? undefined : knownValue(node.length.node, ctx)
  // A size given by fields generated before (not derived ones) is exact:
  // values of any other size would all be left out by the struct.
  const bounds = sizeBounds(inner)
  // A known size the content cannot take (earlier fields chose badly) is
  // drawn as if unknown: the struct leaves such values out.
  const exact = isCount(known) && bounds.min <= known && known <= bounds.max
  const innerRoom = typeof node.length === 'number' ? { min: node.length, max: node.length } : exact ? { min: known, max: known } : prefixedRoom(node.length.node, room)
  // Say so now rather than let the size filter below search forever.
  if (bounds.max < innerRoom.min || bounds.min > innerRoom.max) {
    throw new Error(`arbitrary: a region of ${innerRoom.min}..${innerRoom.max} byte(s) cannot hold its content of ${bounds.min}..${bounds.max} byte(s)`)
  }
  return fitted(inner, derive(inner, innerRoom, ctx), innerRoom)
}

/** The room inside a region whose length prefix has grammar `prefix`. */
function prefixedRoom(prefix: Node, room: Room): Room {
  const domain = analysisOf(prefix).domain
  const least = domain?.kind === 'integer' ? domain.min : 0
  const most = domain?.kind === 'integer' ? domain.max : Infinity
  const prefixBounds = sizeBounds(prefix)
  let max = Math.min(most, room.max - prefixBounds.min)
  // A varint prefix grows with the length it holds: step down until both fit.
  while (max !== Infinity && max > least) {
    const prefixSize = encodedLength(prefix, max) ?? prefixBounds.max
    if (prefixSize + max <= room.max) break
    max = Math.max(least, room.max - prefixSize)
  }
  if (max < least) throw new Error(`arbitrary: a region of at least ${least} byte(s) does not fit in ${room.max} byte(s)`)
  return { min: Math.max(least, room.min - prefixBounds.max), max }
}

/**
 * A safety net where the derivation cannot guarantee the size (refinements,
 * overrides, exact regions of variable content): keep values that fit.
 * Values built to fit pass at once, so shrinking is unaffected.
 */
function fitted(node: Node, arb: Arbitrary<unknown>, room: Room): Arbitrary<unknown> {
  if (alwaysFits(sizeBounds(node), room)) return arb
  return arb.filter((v) => {
    const n = encodedLength(node, v)
    return n !== undefined && n >= room.min && n <= room.max
  })
}

function dependentArbitrary(node: DependentNode, room: Room, ctx: Context): Arbitrary<unknown> {
  const bodyRoom = lessRoom(room, sizeBounds(node.head))
  const head = node.head.node
  if (head.tag === 'expr') {
    // A case chosen by earlier fields: when they are known, only that case.
    const key = evaluate(head.expr, (name) => (name in ctx.known ? ctx.known[name] : MISSING))
    if (typeof key !== 'string') {
      const k = String(key)
      const chosen = Object.hasOwn(node.cases, k) ? node.cases[k] : node.otherwise?.(key)
      if (chosen === undefined) throw new Error(`arbitrary: no case for ${node.headName} ${k}`)
      return derive(chosen.node, bodyRoom, { ...ctx, known: withName(ctx.known, node.headName, key) })
    }
  }
  // A case whose key the head cannot hold (300 under a u8 head) never decodes.
  let reachable = Object.entries(node.cases).filter(([key]) => headHolds(node.head.node, key))
  // Deep in a recursive value: the cases that end it, if there are any.
  const ending = reachable.filter(([, g]) => !reachesLazy(g.node))
  if (exhausted(ctx) && ending.length > 0) reachable = ending
  const cases = reachable.map(([, g]) => derive(g.node, bodyRoom, ctx))
  const otherwise = node.otherwise
  if (otherwise !== undefined) {
    const known = new Set(Object.keys(node.cases))
    const heads = derive(node.head.node, anyRoom, ctx).filter((head) => !known.has(String(head)))
    cases.push(heads.chain((head) => derive(otherwise(head).node, bodyRoom, { ...ctx, known: withName(ctx.known, node.headName, head) })))
  }
  if (cases.length === 0) throw new Error(`arbitrary: ${node.headName} has no case`)
  return fc.oneof(...cases)
}

function withName(known: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(known)
  out[name] = value
  return out
}

function headHolds(head: Node, key: string): boolean {
  // An expression of fields not known here (derived ones) can take any case; the struct keeps values that agree.
  if (head.tag === 'expr') return true
  return encodedLength(head, key) !== undefined || encodedLength(head, Number(key)) !== undefined
}

function oneOfArbitrary(node: OneOfNode, room: Room, ctx: Context): Arbitrary<unknown> {
  const ending = node.alternatives.filter((alt) => !reachesLazy(alt.inner.node))
  // Deep in a recursive value: the alternatives that end it, if any.
  const chosen = exhausted(ctx) && ending.length > 0 ? ending : node.alternatives
  const alternatives = chosen.map((alt) => {
    const i = node.alternatives.indexOf(alt)
    const values = derive(alt.inner.node, room, ctx).map((value) => ({ protocol: alt.name, value }))
    // An earlier alternative may also accept a later one's bytes; such a
    // value would decode as the other, so it is not a valid decoded value.
    if (i === 0) return values
    // Alone, an alternative naming enclosing fields cannot be encoded (a
    // Modbus PDU sized by the frame's length): its struct checks instead.
    if (ctx.inScope === true && usesScope(alt.inner.node)) return values
    // A filter that never passes would search forever: look at a few values first.
    if (!fc.sample(values, { numRuns: 20, seed: 1 }).some((v) => decodesAs(node, v))) {
      throw new Error(`arbitrary: values of alternative '${alt.name}' decode as an earlier alternative`)
    }
    return values.filter((v) => decodesAs(node, v))
  })
  return fc.oneof(...alternatives)
}

function decodesAs(node: OneOfNode, value: { protocol: string }): boolean {
  const bytes = encodeNode(node, value)
  if (bytes === undefined) return false
  const state = new DecodeState(bytes)
  const decoded = decoderOf(node)(state) as { protocol: string } | undefined
  return state.error === undefined && state.pos === bytes.length && decoded?.protocol === value.protocol
}
