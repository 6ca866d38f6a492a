import { describe, expectTypeOf, it } from 'vitest'
import type { Detected, EvrRecord, TlmFrame } from '../../protocols/index.js'

// The decoded value types, copied verbatim from PROTOCOLS.md ("Decoded
// values (normative shapes)"). The exported types must accept exactly these
// values and give nothing else: assignable both ways. This is a compile-time
// test; `npm run typecheck` fails if a shape drifts.

type Unit = 'celsius' | 'percent' | 'pascal' | 'volt'
type Reading = { sensorId: number; unit: Unit; value: number }

type SpecTlmFrame = {
  seq: number
  timestamp: number
  payload:
    | { type: 'heartbeat'; uptime: number; status: number }
    | ({ type: 'reading' } & Reading)
    | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error' | 'fatal'; message: string }
    | { type: 'batch'; readings: Reading[] }
}

type SpecEvrRecord = {
  flags: { ackRequested: boolean; retransmit: boolean; urgent: boolean }
  deviceId: bigint
  eventId: number
  fields: Array<
    | { tag: 'temperature'; centiCelsius: number }
    | { tag: 'humidity'; percent: number }
    | { tag: 'label'; text: string }
    | { tag: 'location'; latitude: number; longitude: number }
    | { tag: 'unknown'; code: number; bytes: Uint8Array }
  >
}

type SpecDetected = { protocol: 'tlm'; value: SpecTlmFrame } | { protocol: 'evr'; value: SpecEvrRecord }

describe('decoded value types', () => {
  it('are the normative shapes of PROTOCOLS.md', () => {
    expectTypeOf<SpecTlmFrame>().toExtend<TlmFrame>()
    expectTypeOf<TlmFrame>().toExtend<SpecTlmFrame>()
    expectTypeOf<SpecEvrRecord>().toExtend<EvrRecord>()
    expectTypeOf<EvrRecord>().toExtend<SpecEvrRecord>()
    expectTypeOf<SpecDetected>().toExtend<Detected>()
    expectTypeOf<Detected>().toExtend<SpecDetected>()
  })

  it('tell the payloads and fields apart by their discriminants', () => {
    expectTypeOf<TlmFrame['payload']['type']>().toEqualTypeOf<'heartbeat' | 'reading' | 'log' | 'batch'>()
    expectTypeOf<EvrRecord['fields'][number]['tag']>().toEqualTypeOf<'temperature' | 'humidity' | 'label' | 'location' | 'unknown'>()
    expectTypeOf<Detected['protocol']>().toEqualTypeOf<'tlm' | 'evr'>()
  })
})
