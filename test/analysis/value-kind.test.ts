import { describe, expect, it } from 'vitest'
import { analysisOf, ANY_BYTE } from '../../src/analysis/index.js'
import type { Node } from '../../src/grammar/node.js'

const isIntegral = (node: Node): boolean => analysisOf(node).kind.integral
const isNaturalNumber = (node: Node): boolean => analysisOf(node).kind.natural
const isStringValued = (node: Node): boolean => analysisOf(node).kind.stringValued
const isPure = (node: Node): boolean => analysisOf(node).kind.pure
const isFreshObject = (node: Node): boolean => analysisOf(node).kind.freshObject
const firstBytes = (node: Node): ReadonlySet<number> | undefined => {
  const set = analysisOf(node).firstBytes
  return set === ANY_BYTE ? undefined : new Set([...set.keys()].filter((b) => set[b] === 1))
}
import {
  array, bitConstant, bits, bytes, checksummed, constant, crc8Smbus, dependent, enumeration, flag, i8, imap, inline, marker,
  named, oneOf, range, refine, rest, sized, struct, u16be, u8, uint, uleb128, utf8,
} from '../../combinators/index.js'
import { detect } from '../../protocols/index.js'

const set = (grammar: { node: Parameters<typeof firstBytes>[0] }) => {
  const found = firstBytes(grammar.node)
  return found === undefined ? undefined : [...found].sort((a, b) => a - b)
}

describe('firstBytes', () => {
  it('reads leading constants through wrappers', () => {
    expect(set(detect)).toEqual([0x5a, 0xb5])
    expect(set(checksummed(struct({ m: marker(constant(u16be, 0x1234)) }), crc8Smbus, u8))).toEqual([0x12])
    expect(set(imap(refine(range(constant(u8, 7) as never, 0, 9), () => true, ''), (x) => x, (x) => x))).toEqual([7])
    expect(set(inline(sized(2, struct({ c: constant(u8, 3), x: u8 }))))).toEqual([3])
    expect(set(sized(constant(u8, 4) as never, rest))).toEqual([4])
    expect(set(dependent(enumeration(u8, { a: 1 }), { a: u8 } as never, () => 'a' as never))).toEqual([1])
  })

  it('says "any byte" where the first byte is free', () => {
    expect(set(u8)).toBeUndefined()
    expect(set(constant(bytes(0), new Uint8Array()))).toBeUndefined()
    expect(set(struct({}))).toBeUndefined()
    expect(set(struct({ empty: struct({}), c: constant(u8, 1) }))).toEqual([1])
    expect(set(sized(0, struct({})))).toBeUndefined()
    expect(set(enumeration(u16be, { a: 1 }))).toEqual([0])
    expect(set(oneOf(named('a', constant(u8, 1)), named('b', u8)))).toBeUndefined()
  })

  it('unions oneOf alternatives', () => {
    expect(set(oneOf(named('a', constant(u8, 1)), named('b', constant(u8, 2))))).toEqual([1, 2])
  })

  it('uses bit constants in the first byte, up to the first marker', () => {
    expect(set(bits({ v: bitConstant(4, 2, { marker: true }), r: bitConstant(1, 0), f: uint(3) }))).toHaveLength(16)
    expect(set(bits({ r: bitConstant(1, 1), v: bitConstant(3, 0), f: uint(4) }))).toHaveLength(16)
    expect(set(bits({ a: uint(4), b: uint(4) }))).toBeUndefined()
    // A constant across the byte boundary fixes the first byte's low bits.
    expect(set(bits({ a: uint(6), c: bitConstant(4, 0), d: uint(6) }))).toHaveLength(64)
  })
})

describe('value kinds', () => {
  it('integral and natural numbers', () => {
    expect([u8, uleb128(), range(i8, 0, 5), refine(u8, () => true, ''), named('n', u8), marker(u8)].map((g) => isIntegral(g.node))).toEqual([true, true, true, true, true, true])
    expect(isIntegral(imap(u8, (x) => x, (x) => x).node)).toBe(false)
    expect([u8, uleb128(), range(i8, 0, 5), refine(u8, () => true, '')].map((g) => isNaturalNumber(g.node))).toEqual([true, true, true, true])
    expect([i8, range(i8, -1, 5), utf8(rest)].map((g) => isNaturalNumber(g.node))).toEqual([false, false, false])
  })

  it('string-valued, pure and fresh grammars', () => {
    expect([enumeration(u8, { a: 1 }), utf8(rest), refine(utf8(rest), () => true, ''), u8].map((g) => isStringValued(g.node))).toEqual([true, true, true, false])
    expect([u8, constant(u8, 1), enumeration(u8, { a: 1 }), bytes(2), imap(u8, (x) => x, (x) => x)].map((g) => isPure(g.node))).toEqual([true, true, true, true, false])
    expect([struct({}), bits({ f: flag, r: uint(7) }), sized(1, struct({})), dependent(u8, { 1: struct({}) }, () => 1)].map((g) => isFreshObject(g.node))).toEqual([true, true, true, true])
    expect([array(1, u8), imap(struct({}), (x) => x, (x) => x)].map((g) => isFreshObject(g.node))).toEqual([false, false])
  })
})
