// repeatUntil with its predicate as an expression over the item's fields:
// the same values as the function form, bit fields found by their names,
// `_` for the item itself, and a name the item lacks an `invalid` error.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { bits, derived, flag, ref, repeatUntil, struct, u8, uint, bytes } from '../../combinators/index.js'
import { decode, encode } from '../../src/index.js'

describe('repeatUntil with an expression', () => {
  it('decodes and encodes as the function form does', () => {
    const item = struct({ type: u8, value: u8 })
    const byExpr = repeatUntil(item, ref('type').equals(0).or(ref('value').greaterThan(100)))
    const byFn = repeatUntil(item, (r) => r.type === 0 || r.value > 100)
    for (const input of [Uint8Array.of(1, 1, 0, 0), Uint8Array.of(2, 101), Uint8Array.of(1, 1, 2, 2, 3, 3, 0, 9), Uint8Array.of(1, 1)]) {
      expect(decode(byExpr, input)).toEqual(decode(byFn, input))
    }
    expect(encode(byExpr, [{ type: 1, value: 1 }, { type: 0, value: 0 }])).toEqual(E.right(Uint8Array.of(1, 1, 0, 0)))
    // The last item must end the list, and no earlier one.
    expect(E.isLeft(encode(byExpr, [{ type: 0, value: 0 }, { type: 0, value: 0 }]))).toBe(true)
  })

  it('finds bit fields by their own names, and the item itself as _', () => {
    const blocks = repeatUntil(struct({ head: bits({ last: flag, kind: uint(7) }), value: u8 }), ref('last'))
    expect(decode(blocks, Uint8Array.of(0x01, 5, 0x82, 6))).toEqual(E.right([{ head: { last: false, kind: 1 }, value: 5 }, { head: { last: true, kind: 2 }, value: 6 }]))
    expect(decode(repeatUntil(u8, ref('_').atLeast(0x80)), Uint8Array.of(1, 2, 0x90))).toEqual(E.right([1, 2, 0x90]))
  })

  it('a name the item has no value for is an invalid decode, not a throw', () => {
    // `size` is derived: not part of the item's value, so not in sight.
    const records = repeatUntil(struct({ size: derived(u8), data: bytes(ref('size')) }), ref('size').equals(0))
    const out = decode(records, Uint8Array.of(0))
    expect(out).toMatchObject(E.left({ kind: 'invalid' }))
    expect(E.isLeft(out) && out.left.message).toMatch(/no field size/)
    expect(() => repeatUntil(u8, 3 as never)).toThrow(TypeError)
  })
})
