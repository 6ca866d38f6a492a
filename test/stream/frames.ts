import { encode } from '../../src/api.js'
import type { Detected } from '../../protocols/detect.js'
import { eventRecord, type EvrRecord } from '../../protocols/event-record.js'
import { telemetry, type TlmFrame } from '../../protocols/telemetry.js'

/** Encodes a detected value with its own protocol's grammar; throws on a bad fixture. */
export function frameBytes(d: Detected): Uint8Array {
  const result = d.protocol === 'tlm' ? encode(telemetry, d.value) : encode(eventRecord, d.value)
  if (result._tag === 'Left') throw new Error(`fixture does not encode: ${result.left.message}`)
  return result.right
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export const heartbeat = (seq: number): Detected => ({
  protocol: 'tlm',
  value: { seq, timestamp: 1_700_000_000 + seq, payload: { type: 'heartbeat', uptime: seq * 10, status: 0 } } satisfies TlmFrame,
})

export const logLine = (seq: number, message: string): Detected => ({
  protocol: 'tlm',
  value: { seq, timestamp: 1_700_000_000, payload: { type: 'log', level: 'warn', message } } satisfies TlmFrame,
})

export const record = (eventId: number, bytes = Uint8Array.of(1, 2, 3)): Detected => ({
  protocol: 'evr',
  value: {
    flags: { ackRequested: true, retransmit: false, urgent: eventId % 2 === 0 },
    deviceId: 0x1122334455667788n,
    eventId,
    fields: [{ tag: 'humidity', percent: 40 }, { tag: 'unknown', code: 0x77, bytes }],
  } satisfies EvrRecord,
})
