// Generated encoders for what used to call the interpreter: terminated and
// padded bytes, and structs with references between fields (their parts).
// Each is checked on the generated code alone (no fallback) for valid
// values, and against the interpreter (bytes and errors) on values that
// must be refused.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compile, encode, interpreted, isCompiled, type Codec } from '../../src/index.js'
import {
  array, bytes, checksum, computed, dependent, derived, fixedString, internetChecksum, optional, padded, ref, rest, sized, stringz, struct, tagged, terminated, u16be, u16le, u8,
} from '../../combinators/index.js'
import { encodesAlike, fastPathEncodes } from './agree.js'
import { interpretedEncodeParts } from './interpreter-free.js'

type AnyCodec = Codec<unknown>
const erase = <A>(c: Codec<A>) => c as unknown as AnyCodec
const reference = (grammar: AnyCodec, value: unknown): Uint8Array => {
  const result = encode(interpreted(grammar), value)
  if (result._tag === 'Left') throw new Error(result.left.message)
  return result.right
}

describe('terminated and padded bytes in generated code', () => {
  const grammars: [string, AnyCodec, unknown[], unknown[]][] = [
    ['terminated, one byte', erase(struct({ a: terminated(0x0a), b: u8 })), [{ a: Uint8Array.of(1, 2), b: 3 }, { a: new Uint8Array(0), b: 0 }], [{ a: Uint8Array.of(1, 0x0a), b: 3 }, { a: [1], b: 3 }, { a: 'x', b: 3 }]],
    ['terminated, two bytes', erase(struct({ a: terminated(Uint8Array.of(0, 0)), b: u8 })), [{ a: Uint8Array.of(0, 1, 1, 0), b: 3 }], [{ a: Uint8Array.of(1, 2, 3), b: 3 }, { a: Uint8Array.of(1, 2, 0, 0), b: 3 }, { a: Uint8Array.of(0, 0), b: 3 }]],
    ['padded, one byte', erase(struct({ a: padded(4, 0x20), b: u8 })), [{ a: Uint8Array.of(1, 2), b: 3 }, { a: Uint8Array.of(1, 2, 3, 4), b: 3 }, { a: new Uint8Array(0), b: 1 }], [{ a: Uint8Array.of(1, 0x20), b: 3 }, { a: new Uint8Array(5), b: 3 }, { a: null, b: 3 }]],
    ['padded, two bytes', erase(struct({ a: padded(6, Uint8Array.of(0, 0x20)), b: u8 })), [{ a: Uint8Array.of(0, 0x41), b: 3 }, { a: Uint8Array.of(0x20, 0), b: 3 }], [{ a: Uint8Array.of(0, 0x41, 0, 0x20), b: 3 }, { a: Uint8Array.of(1), b: 3 }, { a: new Uint8Array(8), b: 3 }]],
    ['text forms', erase(struct({ z: stringz(), f: fixedString(5, 'latin1', 0x20), w: stringz('utf16le') })), [{ z: 'héllo', f: 'ab', w: 'x✓' }], [{ z: 'a\u0000b', f: 'ab', w: 'x' }, { z: 'a', f: 'abcdef', w: 'x' }, { z: 'a', f: 'ab ', w: 'x' }]],
  ]

  it.each(grammars)('%s: the generated code alone encodes valid values, byte for byte', (_name, grammar, valid) => {
    expect(interpretedEncodeParts(grammar)).toEqual([])
    for (const value of valid) fastPathEncodes(grammar, value, reference(grammar, value))
  })

  it.each(grammars)('%s: refusals are the interpreter\'s', (_name, grammar, valid, invalid) => {
    const fast = compile(grammar)
    expect(isCompiled(fast)).toBe(true)
    for (const value of [...valid, ...invalid]) encodesAlike(grammar, fast, value)
    for (const value of invalid) expect(encode(fast, value)._tag).toBe('Left')
    const bytesLike = fc.oneof(fc.uint8Array({ maxLength: 9 }), fc.constantFrom(undefined, 7, 'x', [1, 2]))
    fc.assert(fc.property(fc.constantFrom(...valid), bytesLike, fc.nat(), (value, replacement, at) => {
      const keys = Object.keys(value as object)
      encodesAlike(grammar, fast, { ...(value as object), [keys[at % keys.length] as string]: replacement })
    }), { numRuns: 80 })
  })
})

describe('structs with references in generated code', () => {
  const grammars: [string, AnyCodec, unknown][] = [
    ['a derived length and a nested plain struct', erase(struct({ n: derived(u8), head: struct({ a: u16be, b: array(2, u8) }), body: sized(ref('n'), rest) })), { head: { a: 1, b: [2, 3] }, body: Uint8Array.of(4, 5) }],
    ['a derived count, optional and computed', erase(struct({ n: derived(u16le), flags: u8, items: array(ref('n'), struct({ x: u8, y: u16be })), extra: optional(ref('flags').greaterThan(0), bytes(2)), twice: computed(ref('flags').times(2)) })), { flags: 1, items: [{ x: 1, y: 2 }], extra: Uint8Array.of(9, 9), twice: 2 }],
    // The case's head is bound by name as it is encoded (no value field holds it), and sizes the region after it.
    ['a size naming a dependent head', erase(struct({ sel: dependent(u8, { 1: tagged('kind', 'one', struct({ a: u8 })), 2: tagged('kind', 'two', struct({ b: u16be })) }, (v: { kind: string }) => (v.kind === 'one' ? 1 : 2), { name: 'code' }), data: sized(ref('code'), rest) })), { sel: { kind: 'two', b: 7 }, data: Uint8Array.of(1, 2) }],
    ['a checksum field over the struct', erase(struct({ a: u16be, sum: checksum(u16be, internetChecksum), b: array(3, u8) })), { a: 0x1234, b: [1, 2, 3] }],
  ]

  it.each(grammars)('%s: generated parts (no interpreter encoder of the tree is called), byte for byte', (_name, grammar, value) => {
    expect(interpretedEncodeParts(grammar)).toEqual([])
    fastPathEncodes(grammar, value, reference(grammar, value))
  })

  it.each(grammars)('%s: damaged values are refused as the interpreter refuses them', (_name, grammar, value) => {
    const fast = compile(grammar)
    const replacement = fc.constantFrom(undefined, null, -1, 70000, 'x', [], {}, new Uint8Array(300), Uint8Array.of(1))
    fc.assert(fc.property(fc.nat(), replacement, fc.boolean(), (at, r, deep) => {
      const keys = Object.keys(value as object)
      const key = keys[at % keys.length] as string
      const field = (value as Record<string, unknown>)[key]
      const inner = deep && typeof field === 'object' && field !== null && !(field instanceof Uint8Array) ? { ...(field as object), [Object.keys(field)[0] ?? 'x']: r } : r
      encodesAlike(grammar, fast, { ...(value as object), [key]: inner })
    }), { numRuns: 120 })
  })
})
