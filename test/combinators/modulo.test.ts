// The `mod` operator of expressions (floor modulo, the divisor's sign):
// padding to a multiple of 4 as pcapng writes it, checked on encode,
// never solved for.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { compile, decode, encode, isCompiled, isLeft, isRight, right } from '../../src/index.js'
import { pcapngFile } from '../../protocols/index.js'
import { showExpr } from '../../src/grammar/evaluate.js'
import { bytes, computed, derived, ref, struct, u8 } from '../../combinators/index.js'

const padded = struct({ length: derived(u8), value: bytes(ref('length')), padding: bytes(ref('length').times(-1).modulo(4)) })

describe('modulo', () => {
  test('pads a value to a multiple of 4, decoded and encoded', () => {
    expect(decode(padded, Uint8Array.of(1, 9, 0, 0, 0))).toEqual(right({ value: Uint8Array.of(9), padding: Uint8Array.of(0, 0, 0) }))
    expect(decode(padded, Uint8Array.of(4, 1, 2, 3, 4))).toEqual(right({ value: Uint8Array.of(1, 2, 3, 4), padding: new Uint8Array(0) }))
    expect(encode(padded, { value: Uint8Array.of(7, 7), padding: Uint8Array.of(0, 0) })).toEqual(right(Uint8Array.of(2, 7, 7, 0, 0)))
    // The padding's size is checked against the value's once the length is solved from it.
    expect(isLeft(encode(padded, { value: Uint8Array.of(7, 7), padding: Uint8Array.of(0) }))).toBe(true)
  })

  test('takes the divisor sign, fails on a divisor of 0, and prints as mod', () => {
    const values = struct({ a: u8, b: u8, r: computed(ref('a').minus(ref('b')).modulo(ref('b'))) })
    expect(decode(values, Uint8Array.of(1, 4))).toEqual(right({ a: 1, b: 4, r: 1 }))
    expect(decode(values, Uint8Array.of(9, 4))).toEqual(right({ a: 9, b: 4, r: 1 }))
    expect(decode(values, Uint8Array.of(4, 4))).toEqual(right({ a: 4, b: 4, r: 0 }))
    const zero = decode(values, Uint8Array.of(1, 0))
    expect(isLeft(zero) && zero.left.message).toMatch(/division by 0/)
    expect(showExpr(ref('a').minus(ref('b')).modulo(4).expr)).toBe('(a − b) mod 4')
  })

  test('a derived field only named inside a remainder cannot be solved', () => {
    const unsolvable = struct({ n: derived(u8), data: bytes(ref('n').modulo(4)) })
    const result = encode(unsolvable, { data: Uint8Array.of(1) })
    expect(isLeft(result) && result.left.message).toMatch(/cannot be solved for n/)
    expect(isRight(decode(unsolvable, Uint8Array.of(5, 1)))).toBe(true)
  })
})

describe('modulo in generated code', () => {
  test('decodes as the interpreter does, the pcapng grammar included', () => {
    const values = struct({ a: u8, b: u8, r: computed(ref('a').minus(ref('b')).modulo(ref('b'))) })
    const fast = compile(values)
    expect(isCompiled(fast)).toBe(true)
    for (const input of [[1, 4], [9, 4], [4, 4], [1, 0], [200, 7], [3]]) expect(decode(fast, Uint8Array.from(input)), String(input)).toEqual(decode(values, Uint8Array.from(input)))
    const file = new Uint8Array(readFileSync('test/fixtures/gallery/dumpcap-lo.pcapng'))
    const compiled = compile(pcapngFile)
    expect(isCompiled(compiled)).toBe(true)
    expect(decode(compiled, file)).toEqual(decode(pcapngFile, file))
  })
})
