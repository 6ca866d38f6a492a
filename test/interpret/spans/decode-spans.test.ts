import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encode } from '../../../src/api.js'
import type { Codec } from '../../../src/grammar/codec.js'
import { decodeSpans, spansAt } from '../../../src/interpret/spans/decode-spans.js'
import { arbitraryFrame, fromHex } from '../../../src/testing/index.js'
import { bits, bitConstant, flag, int, rest, struct, u8, uint, many } from '../../../combinators/index.js'
import { detect, eventRecord, telemetry, type EvrRecord, type TlmFrame } from '../../../protocols/index.js'
import { corrupt } from '../../compile/arbitraries.js'
import { spanGrammars } from './grammars.js'
import { allSpans, expectSpansAgree } from './invariants.js'

const tlmLog: TlmFrame = { seq: 7, timestamp: 1700000000, payload: { type: 'log', level: 'warn', message: 'hot' } }
const evr: EvrRecord = {
  flags: { ackRequested: true, retransmit: false, urgent: true },
  deviceId: 42n,
  eventId: 9,
  fields: [{ tag: 'humidity', percent: 55 }, { tag: 'unknown', code: 200, bytes: Uint8Array.of(1, 2, 3) }],
}
const bytesOf = <A>(g: Parameters<typeof encode<A>>[0], v: A): Uint8Array => {
  const r = encode(g, v)
  if (r._tag === 'Left') throw new Error(r.left.message)
  return r.right
}
const summary = (spans: readonly { path: readonly (string | number)[]; role: string; offset: number; length: number }[]) =>
  spans.map((s) => `${s.path.join('.')} ${s.role} ${s.offset}+${s.length}`)

describe('decodeSpans on the protocols', () => {
  it('lays out a TLM frame field by field, derived fields included, and says the CRC matched', () => {
    const bytes = bytesOf(telemetry, tlmLog)
    const { result, root } = decodeSpans(telemetry, bytes)
    expect(result._tag).toBe('Right')
    expect(summary(root.children)).toEqual([
      'magic constant 0+2', 'version constant 2+1', 'type tag 3+1', 'seq value 4+2', 'timestamp value 6+4', 'payload value 10+8', 'crc checksum 18+2',
    ])
    const [magic, , type, , , payload, crc] = root.children
    expect([magic?.value, type?.value]).toEqual([0x5aa5, 'log'])
    expect(summary(payload?.children ?? [])).toEqual(['payload.length length 10+2', 'payload.level value 12+1', 'payload.message value 13+5'])
    expect(summary(payload?.children[2]?.children ?? [])).toEqual(['payload.message.length length 13+2', 'payload.message value 15+3'])
    expect(payload?.children[2]?.children[1]?.value).toBe('hot')
    expect(crc?.checksum).toMatchObject({ algorithm: 'CRC-16/CCITT-FALSE', ok: true, coveredOffset: 0, coveredLength: 18 })
    expect(crc?.checksum?.found).toBe(crc?.value)
  })

  it('lays out an EVR record: bit fields name their bits, TLV records their tag, length and value', () => {
    const bytes = bytesOf(eventRecord, evr)
    const { root } = decodeSpans(eventRecord, bytes)
    expect(summary(root.children)).toEqual([
      'sync constant 0+1', 'flags value 1+1', 'body.length length 2+2', 'deviceId value 4+8', 'eventId value 12+4', 'fields value 16+8', 'crc checksum 24+4',
    ])
    const flags = root.children[1]
    expect(flags?.children.map((s) => [s.name, s.role, s.bits?.offset, s.bits?.width, s.value])).toEqual([
      ['version', 'constant', 0, 4, 2], ['reserved', 'constant', 4, 1, 0], ['urgent', 'value', 5, 1, true], ['retransmit', 'value', 6, 1, false], ['ackRequested', 'value', 7, 1, true],
    ])
    const unknown = root.children[5]?.children[1]
    expect(summary(unknown?.children ?? [])).toEqual(['fields.1.tag tag 19+1', 'fields.1.length length 20+1', 'fields.1 value 21+3'])
    expect(unknown?.children[2]?.value).toEqual(Uint8Array.of(1, 2, 3))
  })

  it('shows a CRC mismatch on the checksum span, with the spans before it whole', () => {
    const bytes = bytesOf(telemetry, tlmLog)
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff
    const { result, root } = decodeSpans(telemetry, bytes)
    expect(result._tag === 'Left' && result.left.kind).toBe('checksum')
    const crc = root.children[root.children.length - 1]
    expect(crc?.error?.kind).toBe('checksum')
    expect(crc?.checksum).toMatchObject({ ok: false, found: crc?.value })
    expect(root.children.slice(0, -1).every((s) => s.complete)).toBe(true)
  })

  it('on a failure keeps the spans so far and puts the error on the field at fault', () => {
    // A TLM reading whose unit code is 9: invalid at byte 14, inside payload.unit.
    const good = bytesOf(telemetry, { seq: 1, timestamp: 2, payload: { type: 'reading', sensorId: 3, unit: 'volt', value: 1.5 } })
    const bad = good.slice()
    bad[14] = 9
    const { result, root } = decodeSpans(telemetry, bad)
    expect(result._tag === 'Left' && [result.left.kind, result.left.offset, result.left.path]).toEqual(['invalid', 14, ['payload', 'unit']])
    const failing = allSpans(root).filter((s) => s.error !== undefined)
    expect(summary(failing)).toEqual(['payload.unit value 14+1'])
    expect(spansAt(root, 12).map((s) => s.name)).toEqual(['', 'payload', 'sensorId'])
  })

  it('under detect, the matched protocol is a span and its fields sit under value', () => {
    const { result, root } = decodeSpans(detect, bytesOf(eventRecord, evr))
    expect(result._tag === 'Right' && result.right.protocol).toBe('evr')
    expect(root.children.map((s) => [s.name, s.path])).toEqual([['evr', ['value']]])
    expect(root.children[0]?.children[3]?.path).toEqual(['value', 'deviceId'])
  })

  it('gives no spans and the error at byte 0 when no protocol matches', () => {
    const { result, root } = decodeSpans(detect, fromHex('00 01 02'))
    expect(result._tag === 'Left' && result.left.kind).toBe('no-match')
    expect(root.children).toEqual([])
    expect(root.error?.offset).toBe(0)
  })

  it('reports leftover bytes as decode does, with the tree of what was read', () => {
    const r = expectSpansAgree(struct({ a: u8 }) as Codec<unknown>, Uint8Array.of(1, 2))
    expect(r.result._tag === 'Left' && r.result.left.kind).toBe('trailing')
    expect(r.root.length).toBe(1)
  })
})

// Frames derived from the grammar (oxwire/testing), where the derivation
// can make them; some grammars here are built to defeat it (a custom codec,
// a throwing otherwise, a fractional length), and get random bytes only.
function framesOf(grammar: Codec<unknown>): { derived: boolean; inputs: fc.Arbitrary<Uint8Array[]> } {
  const random = fc.uint8Array({ maxLength: 24 })
  try {
    const frames = arbitraryFrame(grammar)
    fc.sample(frames, { numRuns: 100, seed: 1 })
    const inputs = fc.tuple(frames.chain(({ bytes }) => fc.tuple(fc.constant(bytes), corrupt(bytes))), random).map(([pair, b]) => [...pair, b])
    return { derived: true, inputs }
  } catch {
    return { derived: false, inputs: random.map((b) => [b]) }
  }
}

describe('decodeSpans agrees with decode', () => {
  for (const [name, grammar] of Object.entries(spanGrammars)) {
    it(`${name}: arbitrary frames, damaged frames and random bytes`, () => {
      fc.assert(
        fc.property(framesOf(grammar).inputs, (inputs) => {
          // The first input, when there are three, is a valid frame.
          if (inputs.length === 3) expect(expectSpansAgree(grammar, inputs[0] as Uint8Array).result._tag).toBe('Right')
          for (const input of inputs.slice(inputs.length === 3 ? 1 : 0)) expectSpansAgree(grammar, input)
        }),
        { numRuns: 80 },
      )
    })
  }
  it('the grammars that get random bytes only are the ones built to defeat derivation', () => {
    const randomOnly = Object.entries(spanGrammars).filter(([, g]) => !framesOf(g).derived).map(([n]) => n)
    expect(randomOnly.sort()).toEqual(['custom', 'floatLength', 'oneOfOverlap', 'signedLengths', 'throwingOtherwise'])
  })
})

describe('least-significant-bit-first and wide bit fields', () => {
  it('name their bits from the low end, with signed and bigint values', () => {
    const g = struct({ l: bits({ a: int(3), b: uint(10), c: uint(3) }, { bitOrder: 'lsb' }), w: bits({ x: int(60), y: uint(4) }) })
    const { root } = decodeSpans(g, fromHex('5d d5 ff ff ff ff ff ff ff f1'))
    const fields = root.children.flatMap((c) => c.children).map((s) => [s.name, s.bits?.offset, s.bits?.width, s.bits?.lsbFirst, s.value])
    expect(fields).toEqual([
      ['a', 0, 3, true, -3],
      ['b', 3, 10, true, 683],
      ['c', 13, 3, true, 6],
      ['x', 0, 60, undefined, -1n],
      ['y', 60, 4, undefined, 1],
    ])
  })
})

describe('spansAt', () => {
  it('follows a byte to its innermost field and stops at shared bit fields', () => {
    const g = struct({ h: bits({ a: uint(3), f: flag, z: bitConstant(4, 0) }), items: many(u8) })
    const { root } = decodeSpans(g, Uint8Array.of(0x10, 5, 6, 7))
    expect(spansAt(root, 0).map((s) => s.name)).toEqual(['', 'h'])
    expect(spansAt(root, 3).map((s) => s.path.join('.'))).toEqual(['', 'items', 'items.2'])
    expect(spansAt(root, 4)).toEqual([])
    expect(spansAt(root, -1)).toEqual([])
  })
})

describe('budget', () => {
  it('stops growing the tree at maxSpans but decodes on', () => {
    const g = many(u8)
    const input = new Uint8Array(500)
    const r = decodeSpans(g, input, { maxSpans: 100 })
    expect(r.truncated).toBe(true)
    expect(allSpans(r.root).length).toBeLessThanOrEqual(101)
    expect(r.result._tag === 'Right' && r.result.right.length).toBe(500)
    expect(decodeSpans(g, input).truncated).toBe(false)
  })

  it('refuses a bad budget when called', () => {
    expect(() => decodeSpans(rest, new Uint8Array(0), { maxSpans: -1 })).toThrow(RangeError)
    expect(() => decodeSpans(rest, new Uint8Array(0), { maxSpans: 1.5 })).toThrow(RangeError)
  })
})
