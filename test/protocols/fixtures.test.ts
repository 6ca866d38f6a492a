import { describe, expect, it } from 'vitest'
import { decode, encode } from '../../src/api.js'
import { detect, eventRecord, eventRecordMaxFrame, telemetry, telemetryMaxFrame } from '../../protocols/index.js'
import { evrFixtures } from '../fixtures/evr.js'
import { fromHex, toHex } from '../../src/testing/index.js'
import { tlmFixtures } from '../fixtures/tlm.js'
import { referenceCrc16CcittFalse, referenceCrc32 } from './reference-crc.js'

const ascii = (text: string) => new TextEncoder().encode(text)

describe('reference checksums', () => {
  it('give the check values of PROTOCOLS.md', () => {
    expect(referenceCrc16CcittFalse(ascii('123456789'))).toBe(0x29b1)
    expect(referenceCrc32(ascii('123456789'))).toBe(0xcbf43926)
  })
})

describe('TLM fixtures', () => {
  it('have unique names and cover every type, unit and level', () => {
    expect(new Set(tlmFixtures.map((f) => f.name)).size).toBe(tlmFixtures.length)
    const payloads = tlmFixtures.map((f) => f.value.payload)
    expect(new Set(payloads.map((p) => p.type))).toEqual(new Set(['heartbeat', 'reading', 'log', 'batch']))
    const units = payloads.flatMap((p) => (p.type === 'reading' ? [p.unit] : p.type === 'batch' ? p.readings.map((r) => r.unit) : []))
    expect(new Set(units)).toEqual(new Set(['celsius', 'percent', 'pascal', 'volt']))
    const levels = payloads.flatMap((p) => (p.type === 'log' ? [p.level] : []))
    expect(new Set(levels)).toEqual(new Set(['debug', 'info', 'warn', 'error', 'fatal']))
    const batchSizes = payloads.flatMap((p) => (p.type === 'batch' ? [p.readings.length] : []))
    expect(batchSizes).toEqual(expect.arrayContaining([0, 1, 3]))
  })

  it('include a frame of the largest size, 1038 bytes', () => {
    expect(telemetryMaxFrame).toBe(1038)
    expect(Math.max(...tlmFixtures.map((f) => fromHex(f.hex).length))).toBe(1038)
  })

  describe.each(tlmFixtures)('$name', ({ hex, value }) => {
    const bytes = fromHex(hex)

    it('carries the CRC-16/CCITT-FALSE of the reference implementation', () => {
      const crc = (bytes[bytes.length - 2]! << 8) | bytes[bytes.length - 1]!
      expect(crc).toBe(referenceCrc16CcittFalse(bytes.subarray(0, bytes.length - 2)))
    })

    it('is 14 + N bytes long, N being its length field', () => {
      expect(bytes.length).toBe(14 + ((bytes[10]! << 8) | bytes[11]!))
    })

    it('decodes to its value with telemetry and with detect', () => {
      expect(decode(telemetry, bytes)).toEqual({ _tag: 'Right', right: value })
      expect(decode(detect, bytes)).toEqual({ _tag: 'Right', right: { protocol: 'tlm', value } })
    })

    it('encodes back to the exact bytes', () => {
      const encoded = encode(telemetry, value)
      expect(encoded._tag === 'Right' && toHex(encoded.right)).toBe(toHex(bytes))
      const detected = encode(detect, { protocol: 'tlm', value })
      expect(detected._tag === 'Right' && toHex(detected.right)).toBe(toHex(bytes))
    })
  })
})

describe('EVR fixtures', () => {
  it('have unique names and cover every tag, id extreme and flag combination', () => {
    expect(new Set(evrFixtures.map((f) => f.name)).size).toBe(evrFixtures.length)
    const fields = evrFixtures.flatMap((f) => f.value.fields)
    expect(new Set(fields.map((f) => f.tag))).toEqual(new Set(['temperature', 'humidity', 'label', 'location', 'unknown']))
    expect(fields).toContainEqual({ tag: 'humidity', percent: 0 })
    expect(fields).toContainEqual({ tag: 'humidity', percent: 100 })
    expect(fields).toContainEqual({ tag: 'label', text: '' })
    expect(fields.some((f) => f.tag === 'temperature' && f.centiCelsius < 0)).toBe(true)
    expect(fields.some((f) => f.tag === 'label' && /[^\x00-\x7f]/.test(f.text))).toBe(true)
    expect(fields.some((f) => f.tag === 'unknown' && f.bytes.length >= 128)).toBe(true)
    expect(evrFixtures.some((f) => f.value.fields.length === 0)).toBe(true)
    const ids = evrFixtures.map((f) => f.value.deviceId)
    expect(ids).toContain(0n)
    expect(ids).toContain(2n ** 64n - 1n)
    const flags = new Set(evrFixtures.map(({ value: { flags: f } }) => `${+f.ackRequested}${+f.retransmit}${+f.urgent}`))
    expect(flags.size).toBe(8)
  })

  it('include a record of the largest size, 4104 bytes', () => {
    expect(eventRecordMaxFrame).toBe(4104)
    expect(Math.max(...evrFixtures.map((f) => fromHex(f.hex).length))).toBe(4104)
  })

  describe.each(evrFixtures)('$name', ({ hex, value }) => {
    const bytes = fromHex(hex)

    it("carries zlib's CRC-32, little-endian", () => {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      expect(view.getUint32(bytes.length - 4, true)).toBe(referenceCrc32(bytes.subarray(0, bytes.length - 4)))
    })

    it('is 8 + L bytes long, L being its length field', () => {
      expect(bytes.length).toBe(8 + (bytes[2]! | (bytes[3]! << 8)))
    })

    it('decodes to its value with eventRecord and with detect', () => {
      expect(decode(eventRecord, bytes)).toEqual({ _tag: 'Right', right: value })
      expect(decode(detect, bytes)).toEqual({ _tag: 'Right', right: { protocol: 'evr', value } })
    })

    it('encodes back to the exact bytes', () => {
      const encoded = encode(eventRecord, value)
      expect(encoded._tag === 'Right' && toHex(encoded.right)).toBe(toHex(bytes))
      const detected = encode(detect, { protocol: 'evr', value })
      expect(detected._tag === 'Right' && toHex(detected.right)).toBe(toHex(bytes))
    })
  })
})
