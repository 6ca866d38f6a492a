// What the adapter can tell about a binary-parser 2 definition without
// running it: its size bounds, whether the offset it ends at is the end of
// everything it read (so the rest of the input may belong to the next
// grammar), and the definitions that could loop without end.
//
// It reads the builder's public fields (type, options, next, alias), which
// every 2.x release has; anything it does not recognise is treated as "can
// read anywhere", the safe answer.

/** A binary-parser builder node, as far as the adapter reads it. @internal */
export interface ParserNode {
  readonly type: string
  readonly varName: string
  readonly options: Readonly<Record<string, unknown>>
  readonly next?: ParserNode | undefined
  readonly alias?: string | undefined
}

/** What {@link analyse} finds. @internal */
export interface ParserShape {
  /** Fewest bytes a successful parse advances its offset by. */
  readonly min: number
  /** Most bytes, or Infinity. */
  readonly max: number
  /**
   * Why the bytes the parser reads are not exactly those before the offset
   * it ends at (it reads to the end of its input, looks ahead, or jumps);
   * empty when they are.
   */
  readonly open: readonly string[]
  /** A greedy string reads the main input: binary-parser then reports one byte more than the input. */
  readonly greedy: boolean
  /** A buffer or wrapped section with `readUntil: 'eof'` reads the main input: binary-parser takes the rest without moving its offset. */
  readonly toEnd: boolean
  /** Definitions that would make binary-parser loop without end or without bound. */
  readonly unbounded: readonly string[]
}

const PRIMITIVE_SIZES: Readonly<Record<string, number>> = {
  uint8: 1,
  int8: 1,
  uint16le: 2,
  uint16be: 2,
  int16le: 2,
  int16be: 2,
  uint32le: 4,
  uint32be: 4,
  int32le: 4,
  int32be: 4,
  floatle: 4,
  floatbe: 4,
  uint64le: 8,
  uint64be: 8,
  int64le: 8,
  int64be: 8,
  doublele: 8,
  doublebe: 8,
}

interface Bounds {
  min: number
  max: number
}

const ANY: Bounds = { min: 0, max: Infinity }

/** True when `value` is a binary-parser builder (it has the fields the adapter reads). @internal */
export function isParserNode(value: unknown): value is ParserNode {
  return typeof value === 'object' && value !== null && typeof (value as ParserNode).type === 'string' && typeof (value as ParserNode).options === 'object'
}

/** Size bounds and framing facts of a binary-parser definition. @internal */
export function analyse(root: ParserNode): ParserShape {
  const open = new Set<string>()
  const unbounded = new Set<string>()
  const aliases = new Map<string, ParserNode>()
  const inProgress = new Set<ParserNode>()
  let greedy = false
  let toEnd = false
  let recursions = 0

  // Parsers met while walking that carry a name: a reference to that name is
  // then a reference to them (recursion, mostly). Others live in
  // binary-parser's private registry, where the adapter cannot look.
  const collect = (p: ParserNode | undefined, seen: Set<ParserNode>): void => {
    for (let n = p; n !== undefined && !seen.has(n); n = n.next) {
      seen.add(n)
      if (n.alias !== undefined && n.alias !== '') aliases.set(n.alias, n)
      for (const child of children(n)) collect(child, seen)
    }
  }
  collect(root, new Set())

  /**
   * `mainInput`: false inside a pointer or a wrapper, whose reads do not
   * move the main offset. `looseBits`: a run of bit fields continues into
   * this chain from outside, so its bit runs have only loose bounds.
   */
  const chain = (p: ParserNode, mainInput: boolean, looseBits = false): Bounds => {
    if (inProgress.has(p)) {
      recursions++
      return ANY // recursion: a lower bound of 0 is safe, and its framing is the body's
    }
    inProgress.add(p)
    let min = 0
    let max = 0
    let bitRun: number[] = []
    let crossing = false
    for (let n: ParserNode | undefined = p; n !== undefined; n = n.next) {
      if (n.type === 'bit') {
        bitRun.push(n.options['length'] as number)
        if (n.next !== undefined && continuesBits(n.next)) {
          if (n.next.type === 'bit') continue
          crossing = true // the run goes on inside the nest that follows
        }
        const b = looseBits || crossing ? { min: 0, max: 4 * bitRun.length } : bitBytes(bitRun)
        min += b.min
        max += b.max
        bitRun = []
        continue
      }
      const b = n.type === 'nest' && crossing && isParserNode(n.options['type']) ? chain(n.options['type'], mainInput, true) : field(n, mainInput)
      crossing = false
      min += b.min
      max += b.max
    }
    inProgress.delete(p)
    return { min, max }
  }

  const typeBounds = (type: unknown, mainInput: boolean, what: string): Bounds => {
    if (typeof type === 'string') {
      const size = PRIMITIVE_SIZES[type]
      if (size !== undefined) return { min: size, max: size }
      const named = aliases.get(type)
      if (named !== undefined) return chain(named, mainInput)
      if (mainInput) open.add(`${what} refers to the named parser "${type}", which the adapter cannot see`)
      return ANY
    }
    if (isParserNode(type)) return chain(type, mainInput)
    if (mainInput) open.add(`${what} has a type the adapter does not know`)
    return ANY
  }

  const field = (n: ParserNode, mainInput: boolean): Bounds => {
    const o = n.options
    const name = n.varName === '' ? `an unnamed ${n.type}` : `"${n.varName}"`
    const size = PRIMITIVE_SIZES[n.type]
    if (size !== undefined) return { min: size, max: size }
    switch (n.type) {
      case '':
      case 'saveOffset':
        return { min: 0, max: 0 }
      case 'string': {
        if (o['greedy'] === true) {
          if (mainInput) {
            greedy = true
            open.add(`string ${name} is greedy (reads to the end of its input)`)
          }
          return ANY
        }
        const length = o['length']
        if (o['zeroTerminated'] === true) return { min: 1, max: typeof length === 'number' ? Math.max(1, length) : Infinity }
        return fixedOrAny(length)
      }
      case 'buffer':
        if (o['readUntil'] === 'eof' && mainInput) toEnd = true
        return readUntilOr(o, mainInput, `buffer ${name}`, fixedOrAny(o['length']))
      case 'wrapper': {
        // The wrapped parser reads its own buffer: its framing stays inside.
        typeBounds(o['type'], false, `wrapped ${name}`)
        if (o['readUntil'] === 'eof' && mainInput) toEnd = true
        return readUntilOr(o, mainInput, `wrapped ${name}`, fixedOrAny(o['length']))
      }
      case 'array': {
        const before = recursions
        const item = typeBounds(o['type'], mainInput, `array ${name}`)
        // (Through a recursion the item's lower bound is not known: 0 stands in.)
        const itemMayBeEmpty = item.min === 0 && recursions === before
        const length = o['length']
        const inBytes = o['lengthInBytes']
        const literalCount = o['readUntil'] === undefined && inBytes === undefined && typeof length === 'number'
        if (itemMayBeEmpty && !literalCount && (isParserNode(o['type']) || aliases.has(o['type'] as string))) {
          unbounded.add(`array ${name} has items that can be 0 bytes long and no fixed item count, so binary-parser can loop without end (or build billions of items)`)
        }
        if (o['readUntil'] !== undefined) return readUntilOr(o, mainInput, `array ${name}`, ANY, item.min)
        if (inBytes !== undefined) {
          if (typeof inBytes !== 'number') return ANY
          return { min: inBytes, max: inBytes === 0 ? 0 : inBytes + Math.max(0, item.max - 1) }
        }
        if (typeof length === 'number') return { min: length * item.min, max: length === 0 ? 0 : length * item.max }
        return { min: 0, max: item.max === 0 ? 0 : Infinity }
      }
      case 'choice': {
        const types = Object.values((o['choices'] ?? {}) as Record<string, unknown>)
        if (o['defaultChoice'] !== undefined) types.push(o['defaultChoice'])
        const all = types.map((t) => typeBounds(t, mainInput, `choice ${name}`))
        return all.length === 0 ? { min: 0, max: 0 } : { min: Math.min(...all.map((b) => b.min)), max: Math.max(...all.map((b) => b.max)) }
      }
      case 'nest':
        return typeBounds(o['type'], mainInput, `nest ${name}`)
      case 'pointer':
        typeBounds(o['type'], false, `pointer ${name}`)
        if (mainInput) open.add(`pointer ${name} reads at an offset of its own`)
        return { min: 0, max: 0 }
      case 'seek': {
        const length = o['length']
        if (typeof length === 'number' && length >= 0) return { min: length, max: length }
        if (mainInput) open.add(typeof length === 'number' ? `seek(${length}) moves backwards` : 'a seek by a computed length can move backwards')
        return { min: -Infinity, max: Infinity }
      }
      default:
        if (mainInput) open.add(`field ${name} has the unknown type "${n.type}"`)
        return ANY
    }
  }

  const readUntilOr = (o: Readonly<Record<string, unknown>>, mainInput: boolean, what: string, otherwise: Bounds, itemMin = 0): Bounds => {
    const until = o['readUntil']
    if (until === undefined) return otherwise
    if (mainInput) open.add(until === 'eof' ? `${what} reads until the end of its input (readUntil: 'eof')` : `${what} stops where a readUntil function says, which sees the bytes ahead`)
    return { min: until === 'eof' ? 0 : itemMin, max: Infinity }
  }

  const whole = chain(root, true)
  return {
    min: Math.max(0, whole.min),
    max: whole.max,
    open: [...open],
    greedy,
    toEnd,
    unbounded: [...unbounded],
  }
}

function fixedOrAny(length: unknown): Bounds {
  return typeof length === 'number' ? { min: length, max: length } : ANY
}

/** The parsers a node holds: nested, array item, choices, pointer and wrapped types. */
function children(n: ParserNode): ParserNode[] {
  const o = n.options
  const out: ParserNode[] = []
  for (const t of [o['type'], o['defaultChoice'], ...Object.values((o['choices'] ?? {}) as Record<string, unknown>)]) if (isParserNode(t)) out.push(t)
  return out
}

/** binary-parser keeps collecting bits when the next field is a bit field or a nest that starts with one. */
function continuesBits(next: ParserNode): boolean {
  if (next.type === 'bit') return true
  if (next.type !== 'nest') return false
  const type = next.options['type']
  // (A nest of an empty parser counts as bits too: binary-parser's rule.)
  return isParserNode(type) && (type.next === undefined || type.next.type === 'bit')
}

/**
 * Bytes binary-parser reads for a run of bit fields, by its own rule: it
 * reads chunks of up to 32 bits, rounded up to 8, 16, 24 or 32 bits.
 */
function bitBytes(lengths: readonly number[]): Bounds {
  let bytes = 0
  let rem = 0
  lengths.forEach((length, i) => {
    if (length > rem) {
      let fit = 0
      for (let j = i; j < lengths.length; j++) {
        const l = lengths[j] as number
        if (fit + l > 32) break
        fit += l
      }
      const want = fit - rem
      const chunk = want <= 8 ? 8 : want <= 16 ? 16 : want <= 24 ? 24 : 32
      bytes += chunk / 8
      length -= rem
      rem = chunk
    }
    rem -= length
  })
  return { min: bytes, max: bytes }
}
