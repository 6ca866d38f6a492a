import { describe, expect, test } from 'vitest'
import { frameSummary } from '../../src/cli/frame-summary.js'

describe('frameSummary', () => {
  const frame = (payload: unknown) => ({ seq: 7, timestamp: 0, payload })
  test('says what each TLM payload is', () => {
    expect(frameSummary('tlm', frame({ type: 'heartbeat', uptime: 60, status: 1 }))).toBe('tlm seq     7 heartbeat uptime 60s status 1')
    expect(frameSummary('tlm', frame({ type: 'reading', sensorId: 3, unit: 'volt', value: 1.5 }))).toBe('tlm seq     7 reading   sensor 3 = 1.5 volt')
    expect(frameSummary('tlm', frame({ type: 'log', level: 'warn', message: 'hot' }))).toBe('tlm seq     7 log       warn: "hot"')
    expect(frameSummary('tlm', frame({ type: 'batch', readings: [{}, {}] }))).toBe('tlm seq     7 batch     2 reading(s)')
  })

  test('says what an EVR record holds, and cuts long lines', () => {
    const record = {
      flags: { ackRequested: true, retransmit: true, urgent: true },
      deviceId: 255n,
      eventId: 9,
      fields: [
        { tag: 'temperature', centiCelsius: -150 },
        { tag: 'humidity', percent: 40 },
        { tag: 'label', text: 'a' },
        { tag: 'location', latitude: 1.5, longitude: -2.25 },
        { tag: 'unknown', code: 9, bytes: Uint8Array.of(1, 2) },
      ],
    }
    expect(frameSummary('evr', record, 200)).toBe('evr device 00000000000000ff event 9 [ack,retx,urgent] -1.50°C 40%rh "a" (1.500, -2.250) tag 9: 2 B')
    expect(frameSummary('evr', { ...record, flags: { ackRequested: false, retransmit: false, urgent: false }, fields: [] })).toBe(
      'evr device 00000000000000ff event 9',
    )
    const cut = frameSummary('evr', record, 40)
    expect(cut).toHaveLength(40)
    expect(cut.endsWith('…')).toBe(true)
    expect(frameSummary('other', {})).toBe('other')
  })
})
