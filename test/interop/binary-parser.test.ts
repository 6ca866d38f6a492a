import { describe, expect, it } from 'vitest'
import { Parser } from 'binary-parser'
import { decode, decodePrefix, encode } from '../../src/api.js'
import { compile } from '../../src/compile/compile.js'
import { interpreted } from '../../src/compile/execution.js'
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

const left = (r: { _tag: string }) => (r._tag === "Left" ? (r as unknown as { left: { kind: string; needed?: number; offset: number } }).left : undefined)

describe('fromBinaryParser', () => {
  for (const [label, grammar] of [['with frameLength', withLength], ['without', withoutLength], ['asserting', asserting]] as const) {
    it(`decodes a frame (${label}) and says how many bytes it used`, () => {
      expect(decode(grammar, ping)).toEqual({ _tag: 'Right', right: pingValue })
      expect(decodePrefix(grammar, Uint8Array.of(...ping, 1, 2))).toEqual({ _tag: 'Right', right: { value: pingValue, bytesRead: 7 } })
      expect(left(decode(grammar, Uint8Array.of(...ping, 9)))?.kind).toBe('trailing')
    })

    it(`is incomplete on every truncation (${label})`, () => {
      for (let n = 0; n < ping.length; n++) expect(left(decode(grammar, ping.subarray(0, n)))?.kind).toBe('incomplete')
    })
  }

  it('knows how many bytes are missing when it knows the frame length', () => {
    expect(left(decode(withLength, ping.subarray(0, 4)))).toMatchObject({ kind: 'incomplete', needed: 3 })
    // Without it, binary-parser read the buffer short: the bytes it skipped are known.
    expect(left(decode(withoutLength, Uint8Array.of(0xc0, 0xde, 9, 1, 2, 3)))).toMatchObject({ kind: 'incomplete' })
  })

  it('is invalid on a wrong magic, a length out of range, a failed assertion, or a frame past its maximum', () => {
    expect(left(decode(withLength, Uint8Array.of(0xc0, 0xdf, 0, 0, 0)))).toMatchObject({ kind: 'invalid', offset: 1 })
    const tooShort = fromBinaryParser(pingParser, { size: { min: 5, max: 6 }, frameLength })
    expect(left(decode(tooShort, ping))).toMatchObject({ kind: 'invalid' })
    expect(left(decode(asserting, Uint8Array.of(0xc0, 0xdf, 0, 0, 0)))).toMatchObject({ kind: 'invalid' })
    const small = fromBinaryParser(pingParser, { size: { min: 5, max: 6 } })
    expect(left(decode(small, Uint8Array.of(0xc0, 0xde, 200, 1, 2, 3, 4, 5)))).toMatchObject({ kind: 'invalid' })
    const lying = fromBinaryParser(pingParser, { size: { min: 5, max: 260 }, frameLength: (b) => (b.length < 3 ? undefined : 6 + (b[2] as number)) })
    expect(left(decode(lying, Uint8Array.of(...ping, 0)))).toMatchObject({ kind: 'invalid' })
    expect(() => fromBinaryParser(pingParser, { size: { min: 5, max: 4 } })).toThrow(RangeError)
  })

  it('runs out as invalid inside a sized region', () => {
    expect(left(decode(sized(4, withoutLength), ping.subarray(0, 4)))?.kind).toBe('invalid')
    expect(left(decode(sized(6, withLength), Uint8Array.of(0xc0, 0xde, 2, 0xaa, 0xbb, 0x34)))?.kind).toBe('invalid')
    expect(left(decode(sized(1, withLength), Uint8Array.of(0xc0)))?.kind).toBe('invalid')
    expect(left(decode(sized(2, struct({ p: withLength })), Uint8Array.of(0xc0, 0xde)))?.kind).toBe('invalid')
  })

  it('refuses to encode, with a typed error', () => {
    expect(left(encode(withLength, pingValue))).toMatchObject({ kind: 'invalid' })
  })

  describe('inside oneOf with telemetry', () => {
    const anyFrame = oneOf(telemetry, named('ping', withLength))
    const fast = compile(anyFrame)
    for (const [label, grammar] of [['interpreted', interpreted(anyFrame)], ['compiled', fast], ['default path', anyFrame]] as const) {
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
    const anyFrame = compile(oneOf(telemetry, named('ping', withLength)))
    const stream = Uint8Array.of(...ping, 0x00, ...tlmBytes, ...ping)
    const decoder = createFrameDecoder(anyFrame)
    const events = [...Array.from(stream, (b) => decoder.push(Uint8Array.of(b))).flat(), ...decoder.end()]
    expect(events.map((e) => (e.type === 'frame' ? e.value.protocol : e.type))).toEqual(['ping', 'skipped', 'tlm', 'ping'])
  })

  it('works in a struct and with u8 neighbours', () => {
    expect(decode(struct({ before: u8, p: withLength }), Uint8Array.of(7, ...ping))).toEqual({ _tag: 'Right', right: { before: 7, p: pingValue } })
  })
})
