import { Parser } from 'binary-parser'
import { crc16CcittFalse, crc32IsoHdlc } from '../../combinators/index.js'
import type { Detected, EvrRecord, TlmFrame } from '../../protocols/index.js'
import { failure, fatalUtf8, type Result } from './handwritten/result.js'

// TLM and EVR as binary-parser 2 grammars, plus in JavaScript the checks it
// cannot express (CRC, fatal UTF-8, varint limits and minimality, exact
// lengths, enum names) and the mapping to the normative value shape, so
// that it does the same work as the other decoders.

const UNITS = ['celsius', 'percent', 'pascal', 'volt'] as const
const LEVELS = ['debug', 'info', 'warn', 'error', 'fatal'] as const

const reading = new Parser().uint16be('sensorId').uint8('unit').doublebe('value')

export const tlmParser = new Parser()
  .uint16be('magic', { assert: 0x5aa5 })
  .uint8('version', { assert: 1 })
  .uint8('type')
  .uint16be('seq')
  .uint32be('timestamp')
  .uint16be('length', { assert: (n: number | string) => (n as number) <= 1024 })
  .choice('payload', {
    tag: 'type',
    choices: {
      1: new Parser().uint32be('uptime').uint8('status'),
      2: reading,
      3: new Parser().uint8('level').uint16be('size').buffer('message', { length: 'size' }),
      4: new Parser().uint8('count').array('readings', { type: reading, length: 'count' }),
    },
  })
  .saveOffset('payloadEnd')
  .uint16be('crc')
  .saveOffset('end')

type RawReading = { sensorId: number; unit: number; value: number }

function named(r: RawReading): { sensorId: number; unit: (typeof UNITS)[number]; value: number } | undefined {
  const unit = UNITS[r.unit]
  return unit === undefined ? undefined : { sensorId: r.sensorId, unit, value: r.value }
}

/** TLM through binary-parser, then the remaining checks. */
export function parseTlm(bytes: Uint8Array): Result<TlmFrame> {
  let raw: any
  try {
    raw = tlmParser.parse(bytes)
  } catch (thrown) {
    return failure(String(thrown))
  }
  // binary-parser clamps short buffers instead of failing: check the ends.
  if (raw.payloadEnd !== 12 + raw.length || raw.end !== bytes.length) return failure('length does not match')
  if (crc16CcittFalse.compute(bytes, 0, 12 + raw.length) !== raw.crc) return failure('bad CRC')
  const p = raw.payload
  let payload: TlmFrame['payload']
  switch (raw.type) {
    case 1:
      payload = { type: 'heartbeat', uptime: p.uptime, status: p.status }
      break
    case 2: {
      const r = named(p)
      if (r === undefined) return failure('bad unit')
      payload = { type: 'reading', ...r }
      break
    }
    case 3: {
      const level = LEVELS[p.level as number]
      if (level === undefined) return failure('bad level')
      let message: string
      try {
        message = fatalUtf8.decode(p.message)
      } catch {
        return failure('bad UTF-8')
      }
      payload = { type: 'log', level, message }
      break
    }
    default: {
      const readings = []
      for (const r of p.readings as RawReading[]) {
        const n = named(r)
        if (n === undefined) return failure('bad unit')
        readings.push(n)
      }
      payload = { type: 'batch', readings }
    }
  }
  return { ok: true, value: { seq: raw.seq, timestamp: raw.timestamp, payload } }
}

function varint(this: { lenBytes: number[] }): number {
  let n = 0
  for (let i = this.lenBytes.length - 1; i >= 0; i--) n = n * 128 + ((this.lenBytes[i] as number) & 0x7f)
  return n
}

const tlv = new Parser()
  .uint8('tag')
  .array('lenBytes', { type: 'uint8', readUntil: (b: number) => b < 0x80 })
  .buffer('value', { length: varint })

const evrParser = new Parser()
  .endianness('little')
  .uint8('sync', { assert: 0xb5 })
  .bit1('reserved')
  .bit3('version')
  .bit1('urgent')
  .bit1('retransmit')
  .bit1('ackRequested')
  .bit1('unused')
  .uint16le('length', { assert: (n: number | string) => (n as number) >= 12 && (n as number) <= 4096 })
  .uint64le('deviceId')
  .uint32le('eventId')
  .array('fields', { type: tlv, lengthInBytes: function (this: { length: number }) { return this.length - 12 } })
  .saveOffset('bodyEnd')
  .uint32le('crc')
  .saveOffset('end')


/** EVR through binary-parser, then the remaining checks. */
export function parseEvr(bytes: Uint8Array): Result<EvrRecord> {
  // binary-parser reads bit fields in an order that does not suit a header
  // nibble; the header byte is checked here instead.
  const h = bytes[1]
  if (h === undefined || h >> 4 !== 2 || (h & 8) !== 0) return failure('bad header')
  let raw: any
  try {
    raw = evrParser.parse(bytes)
  } catch (thrown) {
    return failure(String(thrown))
  }
  if (raw.bodyEnd !== 4 + raw.length || raw.end !== bytes.length) return failure('length does not match')
  if (crc32IsoHdlc.compute(bytes, 0, 4 + raw.length) !== raw.crc) return failure('bad CRC')
  const fields: EvrRecord['fields'][number][] = []
  for (const f of raw.fields as { tag: number; lenBytes: number[]; value: Uint8Array }[]) {
    const n = f.lenBytes.length
    if (n > 4 || (n > 1 && f.lenBytes[n - 1] === 0)) return failure('bad varint')
    const v = f.value
    const view = new DataView(v.buffer, v.byteOffset, v.length)
    switch (f.tag) {
      case 1:
        if (v.length !== 2) return failure('temperature length')
        fields.push({ tag: 'temperature', centiCelsius: view.getInt16(0, true) })
        break
      case 2:
        if (v.length !== 1 || (v[0] as number) > 100) return failure('humidity')
        fields.push({ tag: 'humidity', percent: v[0] as number })
        break
      case 3:
        try {
          fields.push({ tag: 'label', text: fatalUtf8.decode(v) })
        } catch {
          return failure('bad UTF-8')
        }
        break
      case 4:
        if (v.length !== 8) return failure('location length')
        fields.push({ tag: 'location', latitude: view.getFloat32(0, true), longitude: view.getFloat32(4, true) })
        break
      default:
        fields.push({ tag: 'unknown', code: f.tag, bytes: v })
    }
  }
  const flags = { urgent: (h & 4) !== 0, retransmit: (h & 2) !== 0, ackRequested: (h & 1) !== 0 }
  return { ok: true, value: { flags, deviceId: raw.deviceId, eventId: raw.eventId, fields } }
}

/** Detection with binary-parser: try TLM, then EVR (it has no dispatch of its own). */
export function parseDetect(bytes: Uint8Array): Result<Detected> {
  const tlm = parseTlm(bytes)
  if (tlm.ok) return { ok: true, value: { protocol: 'tlm', value: tlm.value } }
  const evr = parseEvr(bytes)
  if (evr.ok) return { ok: true, value: { protocol: 'evr', value: evr.value } }
  return failure(`${tlm.error}; ${evr.error}`)
}
