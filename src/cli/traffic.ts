import { isLeft } from 'fp-ts/lib/Either.js'
import { encode } from '../api.js'
import { eventRecord, telemetry, type EvrRecord, type TlmFrame } from '../../protocols/index.js'
import { Random } from './random.js'
import { sampleEvr, sampleTlm } from './sample-values.js'

/**
 * Which protocols a command reads or writes; `auto` means both (detected
 * on decode, interleaved on generation).
 * @internal
 */
export type ProtocolChoice = 'tlm' | 'evr' | 'auto'

/** A valid frame's value, tagged with its protocol (the shape `detect` decodes to). @internal */
export type SampleFrame = { protocol: 'tlm'; value: TlmFrame } | { protocol: 'evr'; value: EvrRecord }

/**
 * One piece of generated traffic: a valid frame, a frame made corrupt (its
 * last CRC byte flipped, so it fails with a checksum error), or garbage.
 * @internal
 */
export type TrafficItem =
  | { readonly kind: 'frame'; readonly frame: SampleFrame; readonly bytes: Uint8Array }
  | { readonly kind: 'corrupt'; readonly frame: SampleFrame; readonly bytes: Uint8Array }
  | { readonly kind: 'garbage'; readonly bytes: Uint8Array }

/** What to generate. @internal */
export interface TrafficOptions {
  /** Seed: the same options give the same bytes. */
  readonly seed: number
  /** Valid frames. */
  readonly frames: number
  /** Corrupt frames, spread at random among the valid ones. Default 0. */
  readonly corrupt?: number
  /** Put runs of 1..24 garbage bytes between some frames. Default false. */
  readonly garbage?: boolean
  /** Protocols of the frames. Default `auto` (both, interleaved). */
  readonly protocol?: ProtocolChoice
}

// Garbage never holds a marker's first byte (TLM 5A, EVR B5), so it cannot
// start a frame and the count of frames a decoder finds is exactly `frames`.
const garbageAlphabet = Array.from({ length: 256 }, (_, b) => b).filter((b) => b !== 0x5a && b !== 0xb5)

/**
 * Encodes a sample frame with its protocol's codec. The generator only
 * builds valid values, so failure is a bug and throws.
 * @internal
 */
export function encodeSample(frame: SampleFrame): Uint8Array {
  const result =
    frame.protocol === 'tlm' ? encode(telemetry, frame.value) : encode(eventRecord, frame.value)
  if (isLeft(result)) throw new Error(`generated ${frame.protocol} value does not encode: ${result.left.message}`)
  return result.right
}

/**
 * Seeded sample traffic, one item at a time (so long runs can show
 * progress and need not hold everything in memory).
 * @internal
 */
export function* generateTraffic(options: TrafficOptions): Generator<TrafficItem> {
  const random = new Random(options.seed)
  const corrupt = options.corrupt ?? 0
  const protocol = options.protocol ?? 'auto'
  const total = options.frames + corrupt
  const corruptAt = new Set<number>()
  while (corruptAt.size < corrupt) corruptAt.add(random.int(0, total - 1))
  let seq = 0
  for (let i = 0; i < total; i++) {
    if (options.garbage === true && random.chance(0.05)) {
      const bytes = new Uint8Array(random.int(1, 24))
      for (let j = 0; j < bytes.length; j++) bytes[j] = random.pick(garbageAlphabet)
      yield { kind: 'garbage', bytes }
    }
    const useTlm = protocol === 'tlm' || (protocol === 'auto' && random.chance(0.5))
    const frame: SampleFrame = useTlm ? { protocol: 'tlm', value: sampleTlm(random, seq++) } : { protocol: 'evr', value: sampleEvr(random) }
    const bytes = encodeSample(frame)
    if (corruptAt.has(i)) {
      const last = bytes.length - 1
      bytes[last] = (bytes[last] as number) ^ 0x01
      yield { kind: 'corrupt', frame, bytes }
    } else {
      yield { kind: 'frame', frame, bytes }
    }
  }
}

/** All items' bytes, concatenated. @internal */
export function concatBytes(items: Iterable<{ readonly bytes: Uint8Array }>): Uint8Array {
  const parts = [...items]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.bytes.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part.bytes, at)
    at += part.bytes.length
  }
  return out
}
