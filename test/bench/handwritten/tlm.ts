import { crc16CcittFalse } from '../../../combinators/index.js'
import type { TlmFrame } from '../../../protocols/index.js'
import { failure, fatalUtf8, utf8Encoder, type Result } from './result.js'

// A hand-written DataView decoder and encoder of TLM, doing every check of
// PROTOCOLS.md: the baseline oxwire is measured against. It uses oxwire's
// CRC-16 (the fastest we have), so the comparison is about everything else.

const UNITS = ['celsius', 'percent', 'pascal', 'volt'] as const
const LEVELS = ['debug', 'info', 'warn', 'error', 'fatal'] as const
type Reading = { sensorId: number; unit: (typeof UNITS)[number]; value: number }

function readings(view: DataView, bytes: Uint8Array, at: number, count: number): Reading[] | undefined {
  const out: Reading[] = []
  for (let i = 0; i < count; i++, at += 11) {
    const unit = UNITS[bytes[at + 2] as number]
    if (unit === undefined) return undefined
    out.push({ sensorId: view.getUint16(at), unit, value: view.getFloat64(at + 3) })
  }
  return out
}

/** Decodes one whole TLM frame. */
export function decodeTlm(bytes: Uint8Array): Result<TlmFrame> {
  const n = bytes.length
  if (n < 14) return failure('short frame')
  if (bytes[0] !== 0x5a || bytes[1] !== 0xa5) return failure('bad magic')
  if (bytes[2] !== 1) return failure('bad version')
  const view = new DataView(bytes.buffer, bytes.byteOffset, n)
  const type = bytes[3]
  const seq = view.getUint16(4)
  const timestamp = view.getUint32(6)
  const length = view.getUint16(10)
  if (length > 1024) return failure('payload too long')
  if (n !== 14 + length) return failure('frame length does not match')
  if (crc16CcittFalse.compute(bytes, 0, 12 + length) !== view.getUint16(12 + length)) return failure('bad CRC')
  let payload: TlmFrame['payload']
  switch (type) {
    case 1:
      if (length !== 5) return failure('heartbeat length')
      payload = { type: 'heartbeat', uptime: view.getUint32(12), status: bytes[16] as number }
      break
    case 2: {
      if (length !== 11) return failure('reading length')
      const [r] = readings(view, bytes, 12, 1) ?? []
      if (r === undefined) return failure('bad unit')
      payload = { type: 'reading', ...r }
      break
    }
    case 3: {
      if (length < 3) return failure('log length')
      const level = LEVELS[bytes[12] as number]
      if (level === undefined) return failure('bad level')
      const size = view.getUint16(13)
      if (3 + size !== length) return failure('message length')
      let message: string
      try {
        message = fatalUtf8.decode(bytes.subarray(15, 15 + size))
      } catch {
        return failure('bad UTF-8')
      }
      payload = { type: 'log', level, message }
      break
    }
    case 4: {
      if (length < 1) return failure('batch length')
      const count = bytes[12] as number
      if (1 + 11 * count !== length) return failure('batch count')
      const rs = readings(view, bytes, 13, count)
      if (rs === undefined) return failure('bad unit')
      payload = { type: 'batch', readings: rs }
      break
    }
    default:
      return failure('bad type')
  }
  return { ok: true, value: { seq, timestamp, payload } }
}

function checkReading(r: Reading): boolean {
  return Number.isInteger(r.sensorId) && r.sensorId >= 0 && r.sensorId <= 0xffff && UNITS.includes(r.unit) && typeof r.value === 'number'
}

// At module level, as a careful engineer writes it: a closure made per call
// would also cost a `__name` call per frame under tsx (esbuild's keepNames),
// which the bench runs with, and slow the baseline for no reason of its own.
function writeReading(view: DataView, out: Uint8Array, at: number, r: Reading): void {
  view.setUint16(at, r.sensorId)
  out[at + 2] = UNITS.indexOf(r.unit)
  view.setFloat64(at + 3, r.value)
}

/** Encodes a TLM frame, checking its values as oxwire's encoder does; undefined when they are out of range. */
export function encodeTlm(frame: TlmFrame): Uint8Array | undefined {
  const { seq, timestamp, payload } = frame
  if (!Number.isInteger(seq) || seq < 0 || seq > 0xffff || !Number.isInteger(timestamp) || timestamp < 0 || timestamp > 0xffffffff) return undefined
  let length: number
  let message: Uint8Array | undefined
  switch (payload.type) {
    case 'heartbeat':
      length = 5
      break
    case 'reading':
      if (!checkReading(payload)) return undefined
      length = 11
      break
    case 'log':
      if (!payload.message.isWellFormed()) return undefined
      message = utf8Encoder.encode(payload.message)
      length = 3 + message.length
      break
    case 'batch':
      if (payload.readings.length > 255 || !payload.readings.every(checkReading)) return undefined
      length = 1 + 11 * payload.readings.length
      break
  }
  if (length > 1024) return undefined
  const out = new Uint8Array(14 + length)
  const view = new DataView(out.buffer)
  out[0] = 0x5a
  out[1] = 0xa5
  out[2] = 1
  view.setUint16(4, seq)
  view.setUint32(6, timestamp)
  view.setUint16(10, length)
  switch (payload.type) {
    case 'heartbeat':
      if (!Number.isInteger(payload.uptime) || payload.uptime < 0 || payload.uptime > 0xffffffff) return undefined
      if (!Number.isInteger(payload.status) || payload.status < 0 || payload.status > 255) return undefined
      out[3] = 1
      view.setUint32(12, payload.uptime)
      out[16] = payload.status
      break
    case 'reading':
      out[3] = 2
      writeReading(view, out, 12, payload)
      break
    case 'log': {
      const level = LEVELS.indexOf(payload.level)
      if (level < 0) return undefined
      out[3] = 3
      out[12] = level
      view.setUint16(13, (message as Uint8Array).length)
      out.set(message as Uint8Array, 15)
      break
    }
    case 'batch':
      out[3] = 4
      out[12] = payload.readings.length
      for (let i = 0; i < payload.readings.length; i++) writeReading(view, out, 13 + 11 * i, payload.readings[i] as Reading)
      break
  }
  view.setUint16(12 + length, crc16CcittFalse.compute(out, 0, 12 + length))
  return out
}
