import { isLeft } from 'fp-ts/lib/Either.js'
import { encode } from '../api.js'
import { firstBytes } from '../analysis/index.js'
import type { GrammarChoice } from './grammar-option.js'
import { UsageError } from './io.js'
import { Random } from './random.js'
import { generateTraffic, type TrafficOptions } from './traffic.js'

/** One piece of generated traffic, of any grammar. @internal */
export type GeneratedItem =
  | { readonly kind: 'frame' | 'corrupt'; readonly frame: { readonly protocol: string; readonly value: unknown }; readonly bytes: Uint8Array }
  | { readonly kind: 'garbage'; readonly bytes: Uint8Array }

// Values are drawn in batches (one fast-check sample per batch, seeded from
// the run's seed and the batch number), so a million frames never sit in
// memory at once and the same seed gives the same bytes.
const batch = 256

async function loadArbitrary(): Promise<{ sample: <T>(arb: unknown, seed: number, n: number) => T[]; derive: (grammar: GrammarChoice['grammar']) => unknown }> {
  try {
    const fc = (await import('fast-check')).default
    const { arbitrary } = await import('../testing/arbitrary.js')
    return {
      sample: <T>(arb: unknown, seed: number, n: number) => fc.sample(arb as import('fast-check').Arbitrary<T>, { seed, numRuns: n }),
      derive: (grammar) => arbitrary(grammar),
    }
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') throw new UsageError('generating frames of your grammar needs fast-check: npm i fast-check')
    throw error
  }
}

/**
 * Seeded traffic of the chosen grammar: the bundled protocols' own sample
 * values for `--protocol`, values drawn from the grammar's fast-check
 * arbitrary (oxwire/testing) for `--grammar`. Corrupt frames have their last
 * byte's low bit flipped (the CRC, for grammars that end in a checksum).
 * Garbage avoids every byte a frame can start with, so it never starts a
 * frame; a grammar whose frames can start with any byte cannot have garbage.
 * @internal
 */
export async function trafficOf(choice: GrammarChoice, options: TrafficOptions): Promise<Iterable<GeneratedItem>> {
  if (choice.bundled !== undefined) return generateTraffic({ ...options, protocol: choice.bundled })
  const { sample, derive } = await loadArbitrary()
  const starts = firstBytes(choice.grammar)
  if (options.garbage === true && starts === undefined) {
    throw new UsageError(`--garbage needs a grammar whose frames start with known bytes (a constant or marker); ${choice.name} can start with any byte`)
  }
  const startSet = new Set(starts ?? [])
  const garbageAlphabet = Array.from({ length: 256 }, (_, b) => b).filter((b) => !startSet.has(b))
  if (options.garbage === true && garbageAlphabet.length === 0) throw new UsageError(`--garbage: ${choice.name} frames can start with every byte value`)
  const arb = derive(choice.grammar)
  return (function* () {
    const random = new Random(options.seed)
    const corrupt = options.corrupt ?? 0
    const total = options.frames + corrupt
    const corruptAt = new Set<number>()
    while (corruptAt.size < corrupt) corruptAt.add(random.int(0, total - 1))
    let values: unknown[] = []
    for (let i = 0; i < total; i++) {
      if (options.garbage === true && random.chance(0.05)) {
        const bytes = new Uint8Array(random.int(1, 24))
        for (let j = 0; j < bytes.length; j++) bytes[j] = random.pick(garbageAlphabet)
        yield { kind: 'garbage', bytes }
      }
      if (i % batch === 0) values = sample(arb, options.seed * 1_000_003 + i / batch, Math.min(batch, total - i))
      const value = values[i % batch]
      const encoded = encode(choice.grammar, value)
      if (isLeft(encoded)) throw new Error(`a value drawn for ${choice.name} does not encode (${encoded.left.message}); its arbitrary and its encoder disagree`)
      const bytes = encoded.right
      const frame = choice.label(value)
      if (corruptAt.has(i) && bytes.length > 0) {
        bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0x01
        yield { kind: 'corrupt', frame, bytes }
      } else {
        yield { kind: 'frame', frame, bytes }
      }
    }
  })()
}
