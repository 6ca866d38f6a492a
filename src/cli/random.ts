import { uniformBigInt } from 'pure-rand/distribution/uniformBigInt'
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'

/**
 * A seeded source of random values (pure-rand's xoroshiro128+): the same
 * seed gives the same sequence on every machine, which is what makes `gen`
 * output and demo runs reproducible.
 * @internal
 */
export class Random {
  private readonly rng

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed)
  }

  /** An integer in `[from, to]`. */
  int(from: number, to: number): number {
    return uniformInt(this.rng, from, to)
  }

  /** A bigint in `[from, to]`. */
  bigint(from: bigint, to: bigint): bigint {
    return uniformBigInt(this.rng, from, to)
  }

  /** A number in `[0, 1)`. */
  float(): number {
    return uniformFloat64(this.rng)
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p
  }

  /** One of `items` (which must not be empty). */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i++) out[i] = this.int(0, 255)
    return out
  }
}
