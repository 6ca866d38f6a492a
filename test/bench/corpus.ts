import { encode } from '../../src/api.js'
import { eventRecord, telemetry, type EvrRecord, type TlmFrame } from '../../protocols/index.js'

/** One frame of the corpus: its protocol, value and bytes. */
export type CorpusFrame =
  | { readonly protocol: 'tlm'; readonly value: TlmFrame; readonly bytes: Uint8Array }
  | { readonly protocol: 'evr'; readonly value: EvrRecord; readonly bytes: Uint8Array }

/** A small, fast, seeded generator (mulberry32), so every run sees the same corpus. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const words = ['sensor', 'pump', 'valve', 'ok', 'fault', 'reset', 'temp', 'high', 'low', 'battery', 'link', 'up', 'down', 'retry']
const accented = ['café', 'überhitzt', 'señal', 'température', '温度', '警告', 'Δp', '✓', '🔥']

function text(random: () => number, maxLength: number): string {
  // Mostly ASCII, as packet text is; one in five has non-ASCII characters.
  const pool = random() < 0.2 ? [...words, ...accented] : words
  let out = ''
  const target = Math.floor(random() * maxLength)
  while (out.length < target) out += (out.length > 0 ? ' ' : '') + pool[Math.floor(random() * pool.length)]
  return out
}

const units = ['celsius', 'percent', 'pascal', 'volt'] as const
const levels = ['debug', 'info', 'warn', 'error', 'fatal'] as const

function tlm(random: () => number): TlmFrame {
  const int = (n: number) => Math.floor(random() * n)
  const reading = () => ({ sensorId: int(65536), unit: units[int(4)] as (typeof units)[number], value: (random() - 0.5) * 2000 })
  const seq = int(65536)
  const timestamp = 1_700_000_000 + int(10_000_000)
  switch (int(4)) {
    case 0:
      return { seq, timestamp, payload: { type: 'heartbeat', uptime: int(2 ** 32), status: int(256) } }
    case 1:
      return { seq, timestamp, payload: { type: 'reading', ...reading() } }
    case 2:
      return { seq, timestamp, payload: { type: 'log', level: levels[int(5)] as (typeof levels)[number], message: text(random, 200) } }
    default:
      return { seq, timestamp, payload: { type: 'batch', readings: Array.from({ length: int(20) }, reading) } }
  }
}

function evr(random: () => number): EvrRecord {
  const int = (n: number) => Math.floor(random() * n)
  const field = (): EvrRecord['fields'][number] => {
    switch (int(5)) {
      case 0:
        return { tag: 'temperature', centiCelsius: int(65536) - 32768 }
      case 1:
        return { tag: 'humidity', percent: int(101) }
      case 2:
        return { tag: 'label', text: text(random, 70) }
      case 3:
        return { tag: 'location', latitude: Math.fround(random() * 180 - 90), longitude: Math.fround(random() * 360 - 180) }
      default:
        return { tag: 'unknown', code: 5 + int(251), bytes: Uint8Array.from({ length: int(140) }, () => int(256)) }
    }
  }
  return {
    flags: { ackRequested: random() < 0.5, retransmit: random() < 0.2, urgent: random() < 0.1 },
    deviceId: (BigInt(int(2 ** 32)) << 32n) | BigInt(int(2 ** 32)),
    eventId: int(2 ** 32),
    fields: Array.from({ length: int(13) }, field),
  }
}

/**
 * `count` frames, about half TLM and half EVR, every payload type and TLV
 * tag, encoded by oxwire's interpreter (the reference), from `seed`.
 * Frames are views into one buffer, back to back.
 */
export function makeCorpus(count: number, seed = 20260101): CorpusFrame[] {
  const random = prng(seed)
  const frames: CorpusFrame[] = []
  for (let i = 0; i < count; i++) {
    if (random() < 0.5) {
      const value = tlm(random)
      frames.push({ protocol: 'tlm', value, bytes: must(encode(telemetry, value)) })
    } else {
      const value = evr(random)
      frames.push({ protocol: 'evr', value, bytes: must(encode(eventRecord, value)) })
    }
  }
  // One buffer, so frames sit in memory as they would after a read.
  const total = frames.reduce((n, f) => n + f.bytes.length, 0)
  const all = new Uint8Array(total)
  let at = 0
  return frames.map((f) => {
    all.set(f.bytes, at)
    const bytes = all.subarray(at, at + f.bytes.length)
    at += f.bytes.length
    return { ...f, bytes } as CorpusFrame
  })
}

function must(result: ReturnType<typeof encode>): Uint8Array {
  if (result._tag === 'Left') throw new Error(`corpus: ${result.left.message}`)
  return result.right
}
