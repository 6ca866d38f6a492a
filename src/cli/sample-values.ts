import type { EvrField, EvrRecord, Reading, TlmFrame } from '../../protocols/index.js'
import type { Random } from './random.js'

const units = ['celsius', 'percent', 'pascal', 'volt'] as const
const levels = ['debug', 'info', 'warn', 'error', 'fatal'] as const
const words = ['pump', 'valve', 'north', 'tank', 'ok', 'high', 'low', 'reset', 'grüße', 'ΔT', '温度', 'door', 'open', 'closed']
const epoch2024 = 1_704_067_200

function text(random: Random, maxWords: number): string {
  const n = random.int(0, maxWords)
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(random.pick(words))
  return out.join(' ')
}

function reading(random: Random): Reading {
  // Two decimals keeps readings readable; any finite f64 would do.
  return { sensorId: random.int(0, 0xffff), unit: random.pick(units), value: Math.round((random.float() * 2000 - 500) * 100) / 100 }
}

/**
 * A valid TLM frame value, drawn from `random`: every payload type, seq and
 * timestamp over their ranges, batches of up to 8 readings.
 * @internal
 */
export function sampleTlm(random: Random, seq: number): TlmFrame {
  const timestamp = epoch2024 + random.int(0, 365 * 86_400)
  let payload: TlmFrame['payload']
  switch (random.int(0, 3)) {
    case 0:
      payload = { type: 'heartbeat', uptime: random.int(0, 0xffff_ffff), status: random.int(0, 255) }
      break
    case 1:
      payload = { type: 'reading', ...reading(random) }
      break
    case 2:
      payload = { type: 'log', level: random.pick(levels), message: text(random, 6) }
      break
    default: {
      const readings: Reading[] = []
      for (let n = random.int(0, 8); n > 0; n--) readings.push(reading(random))
      payload = { type: 'batch', readings }
    }
  }
  return { seq: seq & 0xffff, timestamp, payload }
}

function field(random: Random): EvrField {
  switch (random.int(0, 4)) {
    case 0:
      return { tag: 'temperature', centiCelsius: random.int(-32768, 32767) }
    case 1:
      return { tag: 'humidity', percent: random.int(0, 100) }
    case 2:
      return { tag: 'label', text: text(random, 4) }
    case 3:
      return { tag: 'location', latitude: Math.fround(random.float() * 180 - 90), longitude: Math.fround(random.float() * 360 - 180) }
    default:
      return { tag: 'unknown', code: random.int(5, 255), bytes: random.bytes(random.int(0, 12)) }
  }
}

/**
 * A valid EVR record value, drawn from `random`: all flag combinations, the
 * full 64-bit deviceId range, up to 6 TLV fields of every kind (unknown
 * tags included).
 * @internal
 */
export function sampleEvr(random: Random): EvrRecord {
  const fields: EvrField[] = []
  for (let n = random.int(0, 6); n > 0; n--) fields.push(field(random))
  return {
    flags: { ackRequested: random.chance(0.5), retransmit: random.chance(0.2), urgent: random.chance(0.1) },
    deviceId: random.bigint(0n, 0xffff_ffff_ffff_ffffn),
    eventId: random.int(0, 0xffff_ffff),
    fields,
  }
}
