import { expect, it } from 'vitest'
import { compile, decode, encode, interpreted, type Codec } from '../../src/index.js'
import { bits, dependent, derived, flag, optional, ref, struct, tagged, u16be, u8, uint } from '../../combinators/index.js'

// Presence and cases of a nested struct's fields decided by a derived
// field of the enclosing struct: encoding solves it there.
function roundTrips<A>(g: Codec<A>, value: A, expected: readonly number[]): void {
  for (const [name, c] of [['interpreted', interpreted(g)], ['default', g], ['compiled', compile(g)]] as const) {
    for (let i = 0; i < 10; i++) {
      expect(encode(c, value), name).toEqual({ _tag: 'Right', right: Uint8Array.from(expected) })
      expect(decode(c, Uint8Array.from(expected)), name).toEqual({ _tag: 'Right', right: value })
    }
  }
}

it('optional(ref(flag)) one struct in, the flag derived in the enclosing bits group', () => {
  const g = struct({ flags: bits({ spare: uint(7), has: derived(flag) }), inner: struct({ a: u8, id: optional(ref('has'), u16be) }) })
  roundTrips(g, { flags: { spare: 1 }, inner: { a: 2, id: 0x0304 } }, [0x03, 2, 3, 4])
  roundTrips(g, { flags: { spare: 1 }, inner: { a: 2 } }, [0x02, 2])
})

it('a case one struct in, chosen by a derived code of the enclosing struct', () => {
  const body = dependent(ref('code'), { 1: tagged('kind', 'one', struct({ a: u8 })), 2: tagged('kind', 'two', struct({ b: u16be })) }, (v: { kind: string }) => (v.kind === 'one' ? 1 : 2))
  const g = struct({ code: derived(u8), inner: struct({ body }) })
  roundTrips(g, { inner: { body: { kind: 'two' as const, b: 5 } } } as never, [2, 0, 5])
})

it('presence by ref(x).equals(c) on a derived x, field absent', () => {
  const g = struct({ version: derived(u8), extra: optional(ref('version').equals(2), u8), data: u8 })
  roundTrips(g, { data: 9 } as never, [0, 9])
  roundTrips(g, { extra: 1, data: 9 } as never, [2, 1, 9])
})
