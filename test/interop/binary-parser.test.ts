import { inflateRawSync, deflateRawSync } from 'node:zlib'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { Parser } from 'binary-parser'
import { decode, decodePrefix, encode } from '../../src/api.js'
import { compile } from '../../src/compile/compile.js'
import { sizeBounds } from '../../src/index.js'
import { createFrameDecoder } from '../../src/stream/index.js'
import { fromBinaryParser } from '../../src/interop/index.js'
import { named, oneOf, sized, struct, u8 } from '../../combinators/index.js'
import { telemetry } from '../../protocols/index.js'

// A legacy "ping" protocol, as a team would have it in binary-parser:
// magic C0 DE, a length byte, that many data bytes, a u16le trailer.
const pingParser = new Parser().uint16be('magic').uint8('length').buffer('data', { length: 'length' }).uint16le('tail')
const frameLength = (b: Uint8Array) => (b.length < 3 ? undefined : 5 + (b[2] as number))
const withLength = fromBinaryParser(pingParser, { name: 'ping', size: { min: 5, max: 260 }, magic: [0xc0, 0xde], frameLength })
const withoutLength = fromBinaryParser(pingParser, { size: { min: 5, max: 260 }, magic: [0xc0, 0xde] })
const noOptions = fromBinaryParser(pingParser)
// The same protocol with its checks left to binary-parser.
const asserting = fromBinaryParser(new Parser().uint16be('magic', { assert: 0xc0de }).uint8('length').buffer('data', { length: 'length' }).uint16le('tail'), {
  size: { min: 5, max: 260 },
})

const ping = Uint8Array.of(0xc0, 0xde, 2, 0xaa, 0xbb, 0x34, 0x12)
const pingValue = { magic: 0xc0de, length: 2, data: Uint8Array.of(0xaa, 0xbb), tail: 0x1234 }
const tlmBytes = (() => {
  const r = encode(telemetry, { seq: 1, timestamp: 2, payload: { type: 'heartbeat', uptime: 3, status: 4 } })
  if (r._tag === 'Left') throw new Error(r.left.message)
  return r.right
})()

type Failure = { kind: string; needed?: number; offset: number; remaining?: number; message: string }
const left = (r: { _tag: string }): Failure | undefined => (r._tag === 'Left' ? (r as unknown as { left: Failure }).left : undefined)
const right = <A>(r: { _tag: 'Left' } | { _tag: 'Right'; right: A }): A | undefined => (r._tag === 'Right' ? r.right : undefined)

describe('fromBinaryParser', () => {
  for (const [label, grammar] of [['with frameLength', withLength], ['without', withoutLength], ['without options', noOptions], ['asserting', asserting]] as const) {
    it(`decodes a frame (${label}) and says how many bytes it used`, () => {
      expect(decode(grammar, ping)).toEqual({ _tag: 'Right', right: pingValue })
      expect(decodePrefix(grammar, Uint8Array.of(...ping, 1, 2))).toEqual({ _tag: 'Right', right: { value: pingValue, bytesRead: 7 } })
      expect(left(decode(grammar, Uint8Array.of(...ping, 9)))?.kind).toBe('trailing')
    })

    it(`is incomplete on every truncation (${label})`, () => {
      for (let n = 0; n < ping.length; n++) expect(left(decode(grammar, ping.subarray(0, n)))?.kind).toBe('incomplete')
    })
  }

  it('derives its size from the definition when not told', () => {
    expect(sizeBounds(noOptions)).toEqual({ min: 5, max: Infinity })
    expect(sizeBounds(fromBinaryParser(new Parser().uint8('a').uint32le('b').bit4('c').bit4('d')))).toEqual({ min: 6, max: 6 })
    expect(sizeBounds(fromBinaryParser(new Parser().uint8('a').uint32le('b'), { size: { max: 9 } }))).toEqual({ min: 5, max: 9 })
    // Reading to the end or jumping: the frame is all the input given.
    expect(sizeBounds(fromBinaryParser(new Parser().uint8('a').pointer('p', { type: 'uint8', offset: 9 })))).toEqual({ min: 1, max: Infinity })
    expect(sizeBounds(fromBinaryParser(new Parser().uint8('a'), { trailing: 'ignore' }))).toEqual({ min: 1, max: Infinity })
  })

  it('knows how many bytes are missing when it knows the frame length', () => {
    expect(left(decode(withLength, ping.subarray(0, 4)))).toMatchObject({ kind: 'incomplete', needed: 3 })
    // Without it, binary-parser cut the buffer short: the bytes it skipped are a lower bound.
    expect(left(decode(withoutLength, Uint8Array.of(0xc0, 0xde, 9, 1, 2, 3)))).toMatchObject({ kind: 'incomplete', needed: 6 }) // at least: 9 data bytes from offset 3, then the trailer
  })

  it('is invalid on a wrong magic, a length out of range, a failed assertion, or a frame past its maximum', () => {
    expect(left(decode(withLength, Uint8Array.of(0xc0, 0xdf, 0, 0, 0)))).toMatchObject({ kind: 'invalid', offset: 1 })
    const tooShort = fromBinaryParser(pingParser, { size: { min: 5, max: 6 }, frameLength })
    expect(left(decode(tooShort, ping))).toMatchObject({ kind: 'invalid' })
    expect(left(decode(asserting, Uint8Array.of(0xc0, 0xdf, 0, 0, 0)))).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Assertion error') })
    const small = fromBinaryParser(pingParser, { size: { min: 5, max: 6 } })
    expect(left(decode(small, Uint8Array.of(0xc0, 0xde, 200, 1, 2, 3, 4, 5)))).toMatchObject({ kind: 'invalid' })
    expect(left(decode(small, Uint8Array.of(0xc0, 0xde, 200, 1, 2, 3)))).toMatchObject({ kind: 'invalid' })
    // A frame length that says more than the parser reads: bytes left over.
    const lying = fromBinaryParser(pingParser, { size: { min: 5, max: 260 }, frameLength: (b) => (b.length < 3 ? undefined : 6 + (b[2] as number)) })
    expect(left(decode(lying, Uint8Array.of(...ping, 0)))).toMatchObject({ kind: 'trailing', remaining: 1, offset: 7 })
    expect(right(decode(fromBinaryParser(pingParser, { frameLength: () => 8, trailing: 'ignore' }), Uint8Array.of(...ping, 0)))).toEqual(pingValue)
    // And one that says less: the parser reads past its frame.
    const short = fromBinaryParser(pingParser, { frameLength: (b) => (b.length < 3 ? undefined : 4 + (b[2] as number)) })
    expect(left(decode(short, ping))).toMatchObject({ kind: 'invalid', message: expect.stringContaining('past the end of its 6-byte frame') })
    expect(left(decode(fromBinaryParser(pingParser, { frameLength: () => 2.5 }), ping))).toMatchObject({ kind: 'invalid' })
  })

  it('refuses, when the grammar is built, what it cannot run as parse does', () => {
    expect(() => fromBinaryParser(pingParser, { size: { min: 5, max: 4 } })).toThrow(RangeError)
    expect(() => fromBinaryParser(pingParser, { size: { min: -1 } })).toThrow(RangeError)
    expect(() => fromBinaryParser(pingParser, { trailing: 'skip' as 'ignore' })).toThrow(/trailing must be/)
    expect(() => fromBinaryParser({ parse: () => ({}) })).toThrow(/needs a binary-parser 2 Parser/)
    expect(() => fromBinaryParser(null as never)).toThrow(TypeError)
    // A subclass whose parse adds a step (built by hand: binary-parser's class is not typed for extending here).
    const checked = new Parser().uint8('a')
    const base = Parser.prototype as unknown as { parse(b: Uint8Array): object }
    Object.setPrototypeOf(checked, Object.assign(Object.create(Parser.prototype) as object, { parse: (b: Uint8Array) => ({ checked: true, ...base.parse.call(checked, b) }) }))
    expect(() => fromBinaryParser(checked)).toThrow(/overrides parse\(\).*map\(\)/)
    const changed = new Parser().uint8('a')
    changed.parse(Uint8Array.of(1))
    changed.uint8('b')
    expect(() => fromBinaryParser(changed)).toThrow(/changed after its first parse/)
    const empty = new Parser()
    expect(() => fromBinaryParser(new Parser().uint8('n').array('items', { type: empty, length: 'n' }))).toThrow(/0 bytes long.*fixed item count/)
    expect(() => fromBinaryParser(new Parser().array('items', { type: empty, readUntil: 'eof' }))).toThrow(/loop without end/)
    expect(() => fromBinaryParser(new Parser().array('items', { type: empty, length: 3 }))).not.toThrow()
  })

  it('refuses objects that only look like a Parser, and code it does not know', () => {
    const lookalike = { type: '', options: {}, parse: () => ({}) }
    expect(() => fromBinaryParser(lookalike)).toThrow(/needs a binary-parser 2 Parser.*an object of class Object/)
    const proto = Parser.prototype as unknown as { getContext: (path: string) => { code: string; imports: unknown[] } }
    const original = proto.getContext
    proto.getContext = function (this: unknown, path: string) {
      const ctx = original.call(this, path)
      return { ...ctx, code: ctx.code.replace('return vars;', 'return { vars };') }
    }
    try {
      expect(() => fromBinaryParser(new Parser().uint8('a'))).toThrow(/not the 2.x code fromBinaryParser knows/)
    } finally {
      proto.getContext = original
    }
  })

  it('takes the whole input as the frame of a parser that seeks backwards, or that it does not understand', () => {
    const back = new Parser().uint16be('a').seek(-1).uint8('b')
    const bytes = Uint8Array.of(1, 2, 3)
    expect(left(decode(fromBinaryParser(back), bytes))).toMatchObject({ kind: 'trailing', remaining: 1 })
    expect(right(decode(fromBinaryParser(back, { trailing: 'ignore' }), bytes))).toEqual(back.parse(bytes))
    const computed = new Parser().uint8('skip').seek('skip').uint8('b')
    expect(right(decode(fromBinaryParser(computed), Uint8Array.of(1, 9, 7)))).toEqual({ skip: 1, b: 7 })
    expect(sizeBounds(fromBinaryParser(computed))).toEqual({ min: 0, max: Infinity })
    const odd = new Parser().uint8('a')
    ;(odd as unknown as { next: { type: string } }).next.type = 'mystery' // binary-parser generates nothing for it
    expect(right(decode(fromBinaryParser(odd, { trailing: 'ignore' }), Uint8Array.of(1)))).toEqual(odd.parse(Uint8Array.of(1)))
    // A parser that ends before its start has no frame.
    expect(left(decode(fromBinaryParser(new Parser().seek(-1), { trailing: 'ignore' }), Uint8Array.of(1)))).toMatchObject({ kind: 'invalid', message: expect.stringContaining('before its start') })
    // Fewer bytes than the minimum it was given.
    expect(left(decode(fromBinaryParser(new Parser().uint8('a'), { size: { min: 2, max: 5 } }), Uint8Array.of(1, 2, 3)))).toMatchObject({ kind: 'invalid', message: expect.stringContaining('fewer than its minimum') })
  })

  it('compiles the parser so that parse and the adapter run the same code from then on', () => {
    const growing = new Parser().uint8('a')
    const adapter = fromBinaryParser(growing, { trailing: 'ignore' })
    growing.uint8('b') // binary-parser keeps the code it compiled first
    expect(growing.parse(Uint8Array.of(1, 2))).toEqual({ a: 1 })
    expect(right(decode(adapter, Uint8Array.of(1, 2)))).toEqual({ a: 1 })
  })

  it('gives the values parse gives where a wrapping parser would not: context variables, vars, this, create', () => {
    // The case that decoded a wrong value with no error before.
    const pointer = new Parser().uint16be('len').pointer('child', { offset: 4, type: new Parser().array('a', { type: 'uint8', length: (vars: { len: number }) => vars.len }) })
    const bytes = Uint8Array.of(0, 6, 0, 0, 1, 2, 3, 4, 5, 6)
    expect(right(decode(fromBinaryParser(pointer, { trailing: 'ignore' }), bytes))).toEqual({ len: 6, child: { a: [1, 2, 3, 4, 5, 6] } })
    expect(left(decode(fromBinaryParser(pointer), bytes))).toMatchObject({ kind: 'trailing', remaining: 8 })
    class Reading {
      describe(): string {
        return 'reading'
      }
    }
    const created = right(decode(fromBinaryParser(new Parser().create(Reading).uint8('value')), Uint8Array.of(7)))
    expect(created).toBeInstanceOf(Reading)
    expect(created).toEqual(Object.assign(new Reading(), { value: 7 }))
    const parent = new Parser()
      .useContextVars()
      .uint8('n')
      .nest('inner', { type: new Parser().array('xs', { type: 'uint8', length: '$parent.n' }) })
    expect(right(decode(fromBinaryParser(parent), Uint8Array.of(2, 8, 9)))).toEqual({ n: 2, inner: { xs: [8, 9] } })
  })

  it('ends a greedy string, a readUntil-eof buffer or array at the end of its input or region', () => {
    const greedy = fromBinaryParser(new Parser().uint8('kind').string('text', { greedy: true }))
    const hi = Uint8Array.of(1, 0x68, 0x69)
    expect(right(decode(greedy, hi))).toEqual({ kind: 1, text: 'hi' })
    expect(right(decode(struct({ text: sized(3, greedy), after: u8 }), Uint8Array.of(...hi, 9)))).toEqual({ text: { kind: 1, text: 'hi' }, after: 9 })
    const rest = fromBinaryParser(new Parser().uint8('kind').buffer('body', { readUntil: 'eof' }))
    expect(right(decodePrefix(rest, hi))).toEqual({ value: { kind: 1, body: Uint8Array.of(0x68, 0x69) }, bytesRead: 3 })
    const items = fromBinaryParser(new Parser().array('xs', { type: 'uint16be', readUntil: 'eof' }))
    expect(right(decode(items, Uint8Array.of(0, 1, 0, 2)))).toEqual({ xs: [1, 2] })
    // An odd byte: binary-parser reads past the end, so more input may complete it.
    expect(left(decode(items, Uint8Array.of(0, 1, 0)))?.kind).toBe('incomplete')
    expect(left(decode(sized(3, items), Uint8Array.of(0, 1, 0)))?.kind).toBe('invalid')
  })

  it('tells a read cut short by the end of the input from a broken rule, also when a user function throws on the short value', () => {
    const hello = fromBinaryParser(new Parser().uint8('len').string('s', { length: 'len', assert: 'hello' }))
    expect(right(decode(hello, Uint8Array.of(5, 104, 101, 108, 108, 111)))).toEqual({ len: 5, s: 'hello' })
    expect(left(decode(hello, Uint8Array.of(5, 104, 101)))).toMatchObject({ kind: 'incomplete', needed: 3 })
    expect(left(decode(hello, Uint8Array.of(5, 104, 101, 108, 108, 112)))).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Assertion error') })
    const packed = deflateRawSync(Uint8Array.of(1, 2, 3))
    const wrapped = fromBinaryParser(
      new Parser().uint8('len').wrapped('inner', { length: 'len', wrapper: (b: Uint8Array) => inflateRawSync(b), type: new Parser().uint8('a').uint16be('b') }),
    )
    const whole = Uint8Array.of(packed.length, ...packed)
    expect(right(decode(wrapped, whole))).toEqual({ len: packed.length, inner: { a: 1, b: 0x0203 } })
    expect(left(decode(wrapped, whole.subarray(0, whole.length - 1)))?.kind).toBe('incomplete')
    expect(left(decode(wrapped, Uint8Array.of(2, 0xff, 0xff)))?.kind).toBe('invalid')
    // A RangeError of the user's own is a broken rule, not a short input.
    const fussy = fromBinaryParser(new Parser().uint8('digits', { formatter: (n: number) => (1).toFixed(n) }))
    expect(left(decode(fussy, Uint8Array.of(200)))).toMatchObject({ kind: 'invalid', message: expect.stringContaining('toFixed') })
    // Named (recursive) parsers run without reporting where they threw: a read past the end is still incomplete.
    const list = new Parser().namely('oxwireList').uint8('n').array('next', { type: 'oxwireList', length: 'n' })
    const lists = fromBinaryParser(list)
    expect(right(decode(lists, Uint8Array.of(1, 0)))).toEqual({ n: 1, next: [{ n: 0, next: [] }] })
    expect(left(decode(lists, Uint8Array.of(1)))?.kind).toBe('incomplete')
    expect(left(decode(lists, Uint8Array.of(1, 0, 9)))).toMatchObject({ kind: 'trailing', remaining: 1 })
  })

  it('runs out as invalid inside a sized region', () => {
    expect(left(decode(sized(4, withoutLength), ping.subarray(0, 4)))?.kind).toBe('invalid')
    expect(left(decode(sized(6, withLength), Uint8Array.of(0xc0, 0xde, 2, 0xaa, 0xbb, 0x34)))?.kind).toBe('invalid')
    expect(left(decode(sized(1, withLength), Uint8Array.of(0xc0)))?.kind).toBe('invalid')
    expect(left(decode(sized(2, struct({ p: withLength })), Uint8Array.of(0xc0, 0xde)))?.kind).toBe('invalid')
    expect(left(decode(sized(2, noOptions), Uint8Array.of(0xc0, 0xde)))?.kind).toBe('invalid')
  })

  it('refuses to encode, with a typed error', () => {
    expect(left(encode(withLength, pingValue))).toMatchObject({ kind: 'invalid' })
  })

  describe('inside oneOf with telemetry', () => {
    const anyFrame = oneOf(telemetry, named('ping', withLength))
    const fast = compile(anyFrame)
    for (const [label, grammar] of [['interpreted', anyFrame], ['compiled', fast]] as const) {
      it(`tells the protocols apart (${label})`, () => {
        expect(decode(grammar, ping)).toEqual({ _tag: 'Right', right: { protocol: 'ping', value: pingValue } })
        expect(decode(grammar, tlmBytes)).toMatchObject({ _tag: 'Right', right: { protocol: 'tlm' } })
        expect(left(decode(grammar, Uint8Array.of(0x11, 0x22, 0x33)))?.kind).toBe('no-match')
        expect(left(decode(grammar, ping.subarray(0, 5)))).toMatchObject({ kind: 'incomplete', needed: 2 })
      })

      it(`reports a broken frame after its magic as its own error (${label})`, () => {
        const broken = Uint8Array.of(0xc0, 0xde, 250, 1)
        const tooLong = fromBinaryParser(pingParser, { name: 'ping', size: { min: 5, max: 8 }, magic: [0xc0, 0xde], frameLength })
        expect(left(decode(oneOf(named('ping', tooLong), telemetry), broken))).toMatchObject({ kind: 'invalid' })
      })
    }
  })

  it('feeds a stream decoder, frames split at every byte and mixed with telemetry', () => {
    for (const ping_ of [withLength, withoutLength]) {
      const anyFrame = compile(oneOf(telemetry, named('ping', ping_)))
      const stream = Uint8Array.of(...ping, 0x00, ...tlmBytes, ...ping)
      const decoder = createFrameDecoder(anyFrame)
      const events = [...Array.from(stream, (b) => decoder.push(Uint8Array.of(b))).flat(), ...decoder.end()]
      expect(events.map((e) => (e.type === 'frame' ? e.value.protocol : e.type))).toEqual(['ping', 'skipped', 'tlm', 'ping'])
    }
  })

  it('decodes a parser that reads to its end in a stream when frameLength says where frames end', () => {
    // A log line: u16be length of the whole frame, then text to the end of the frame.
    const line = new Parser().uint16be('size').string('text', { greedy: true })
    const lines = fromBinaryParser<{ size: number; text: string }>(line, { frameLength: (b) => (b.length < 2 ? undefined : (b[0]! << 8) | b[1]!), size: { min: 2, max: 100 } })
    const frame = (t: string) => {
      const text = new TextEncoder().encode(t)
      return Uint8Array.of(0, text.length + 2, ...text)
    }
    const stream = Uint8Array.of(...frame('hello'), ...frame(''), ...frame('bye'))
    const decoder = createFrameDecoder(lines)
    const events = [...Array.from(stream, (b) => decoder.push(Uint8Array.of(b))).flat(), ...decoder.end()]
    const frames = events.flatMap((e) => (e.type === 'frame' ? [e.value] : []))
    expect(frames).toEqual(['hello', '', 'bye'].map((t) => line.parse(frame(t))))
  })

  it('works in a struct and with u8 neighbours', () => {
    expect(decode(struct({ before: u8, p: withLength }), Uint8Array.of(7, ...ping))).toEqual({ _tag: 'Right', right: { before: 7, p: pingValue } })
    const pair = struct({ a: noOptions, b: noOptions })
    const both = right(decode(pair, Uint8Array.of(...ping, ...ping)))
    expect(both !== undefined && isDeepStrictEqual(both, { a: pingValue, b: pingValue })).toBe(true)
  })
})
