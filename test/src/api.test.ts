import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { rest } from '../../combinators/bytes.js'
import { u16be, u8 } from '../../combinators/numbers.js'
import { array } from '../../combinators/repeat.js'
import { struct } from '../../combinators/struct.js'
import { imap } from '../../combinators/transform.js'
import { decode, decodePrefix, encode } from '../../src/api.js'
import { isDecodeError } from '../../src/runtime/errors.js'
import { DecodeState } from '../../src/runtime/decode-state.js'
import { EncodeState } from '../../src/runtime/encode-state.js'
import { assertDecodeFails, fromHex } from '../../src/testing/index.js'

describe('decode', () => {
  it('needs every byte to be used', () => {
    expect(decode(u16be, fromHex('01 02'))).toEqual(E.right(0x0102))
    const error = assertDecodeFails(u16be, '01 02 03', { kind: 'trailing', offset: 2, path: [] })
    expect(error.kind === 'trailing' && error.remaining).toBe(1)
  })
  it('reads a subarray without looking outside it', () => {
    const backing = fromHex('ff 01 02 ff')
    expect(decode(u16be, backing.subarray(1, 3))).toEqual(E.right(0x0102))
    expect(decode(rest, backing.subarray(1, 3))).toEqual(E.right(Uint8Array.of(1, 2)))
  })
})

describe('decodePrefix', () => {
  it('allows bytes after the value and says how many were read', () => {
    expect(decodePrefix(u16be, fromHex('01 02 03'))).toEqual(E.right({ value: 0x0102, bytesRead: 2 }))
    expect(decodePrefix(u16be, fromHex('01'))).toEqual(E.left(expect.objectContaining({ kind: 'incomplete', needed: 1 })))
  })
})

describe('encode', () => {
  it('returns a fresh array the caller owns', () => {
    const first = encode(u8, 1)
    const second = encode(u8, 2)
    expect(first).toEqual(E.right(Uint8Array.of(1)))
    expect(second).toEqual(E.right(Uint8Array.of(2)))
    if (E.isRight(first) && E.isRight(second)) expect(first.right.buffer).not.toBe(second.right.buffer)
  })
  it('stays correct when a mapping function encodes something itself', () => {
    const nested = imap(rest, (b) => b, (b: Uint8Array) => {
      const inner = encode(u16be, b.length)
      return E.isRight(inner) ? Uint8Array.of(...inner.right, ...b) : b
    })
    expect(encode(struct({ tag: u8, body: nested }), { tag: 9, body: Uint8Array.of(7) })).toEqual(E.right(Uint8Array.of(9, 0, 1, 7)))
  })
  it('grows its buffer for large values', () => {
    const big = new Array(5000).fill(0xabcd)
    const out = encode(array(5000, u16be), big)
    expect(E.isRight(out) && out.right.length).toBe(10000)
    expect(E.isRight(out) && out.right[9999]).toBe(0xcd)
  })
  it('turns a value whose getter throws into a typed error, and recovers', () => {
    const hostile = {
      get a(): number {
        throw new Error('getter')
      },
    }
    const result = encode(struct({ a: u8 }), hostile)
    expect(result).toEqual(E.left(expect.objectContaining({ kind: 'invalid' })))
    expect(E.isLeft(result) && result.left.message).toContain('getter')
    expect(encode(u8, 5)).toEqual(E.right(Uint8Array.of(5)))
  })
  it('recovers after a failed encode', () => {
    expect(E.isLeft(encode(struct({ a: u8, b: u8 }), { a: 1, b: 300 }))).toBe(true)
    expect(encode(u8, 5)).toEqual(E.right(Uint8Array.of(5)))
  })
})

describe('isDecodeError', () => {
  it('tells decode errors from encode errors', () => {
    const d = decode(u8, new Uint8Array(0))
    const e = encode(u8, -1)
    expect(E.isLeft(d) && isDecodeError(d.left)).toBe(true)
    expect(E.isLeft(e) && isDecodeError(e.left)).toBe(false)
  })
})

describe('DecodeState', () => {
  it('tells incomplete input from an exhausted region', () => {
    const top = new DecodeState(fromHex('01 02'))
    expect(top.has(2)).toBe(true)
    expect(top.has(3)).toBe(false)
    expect(top.error).toMatchObject({ kind: 'incomplete', needed: 1, offset: 0 })
    const inner = new DecodeState(fromHex('01 02'))
    inner.limit = 1
    inner.regions = 1
    expect(inner.has(2)).toBe(false)
    expect(inner.error).toMatchObject({ kind: 'invalid', offset: 0 })
  })
  it('can start and end inside the input', () => {
    const s = new DecodeState(fromHex('00 01 02 03'), 1, 3)
    expect(s.pos).toBe(1)
    expect(s.has(2)).toBe(true)
    expect(s.has(3)).toBe(false)
    expect(s.error?.kind).toBe('incomplete')
  })
})

describe('EncodeState', () => {
  it('grows from a zero capacity', () => {
    const s = new EncodeState(0)
    s.write(Uint8Array.of(1, 2, 3))
    expect(Array.from(s.bytes.subarray(0, s.pos))).toEqual([1, 2, 3])
  })
  it('grows by doubling and keeps what was written', () => {
    const s = new EncodeState(2)
    s.write(Uint8Array.of(1, 2, 3))
    expect(s.bytes.length).toBe(4)
    s.write(new Uint8Array(10).fill(9))
    expect(s.bytes.length).toBe(16)
    expect(Array.from(s.bytes.subarray(0, 4))).toEqual([1, 2, 3, 9])
    s.fail('range', 'x')
    s.reset()
    expect(s.pos).toBe(0)
    expect(s.error).toBeUndefined()
  })
})
