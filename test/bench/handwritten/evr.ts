import { crc32IsoHdlc } from '../../../combinators/index.js'
import type { EvrRecord } from '../../../protocols/index.js'
import { failure, fatalUtf8, utf8Encoder, type Result } from './result.js'

// A hand-written DataView decoder and encoder of EVR with every check of
// PROTOCOLS.md, using oxwire's CRC-32 (native zlib for long ranges).

type Field = EvrRecord['fields'][number]

/** Decodes one whole EVR record. */
export function decodeEvr(bytes: Uint8Array): Result<EvrRecord> {
  const n = bytes.length
  if (n < 8) return failure('short record')
  if (bytes[0] !== 0xb5) return failure('bad sync')
  const header = bytes[1] as number
  if (header >> 4 !== 2) return failure('bad version')
  if ((header & 8) !== 0) return failure('reserved bit set')
  const view = new DataView(bytes.buffer, bytes.byteOffset, n)
  const length = view.getUint16(2, true)
  if (length < 12 || length > 4096) return failure('body length out of range')
  if (n !== 8 + length) return failure('record length does not match')
  const end = 4 + length
  if (crc32IsoHdlc.compute(bytes, 0, end) !== view.getUint32(end, true)) return failure('bad CRC')
  const deviceId = view.getBigUint64(4, true)
  const eventId = view.getUint32(12, true)
  const fields: Field[] = []
  let at = 16
  while (at < end) {
    const tag = bytes[at++] as number
    // LEB128, at most 4 bytes, minimal.
    let len = 0
    let shift = 0
    let i = 0
    for (;;) {
      if (at >= end) return failure('truncated varint')
      if (i === 4) return failure('varint too long')
      const b = bytes[at++] as number
      len += (b & 0x7f) * 2 ** shift
      i++
      if (b < 0x80) {
        if (b === 0 && i > 1) return failure('non-minimal varint')
        break
      }
      shift += 7
    }
    if (at + len > end) return failure('field overruns body')
    switch (tag) {
      case 1:
        if (len !== 2) return failure('temperature length')
        fields.push({ tag: 'temperature', centiCelsius: view.getInt16(at, true) })
        break
      case 2: {
        if (len !== 1) return failure('humidity length')
        const percent = bytes[at] as number
        if (percent > 100) return failure('humidity out of range')
        fields.push({ tag: 'humidity', percent })
        break
      }
      case 3: {
        let text: string
        try {
          text = fatalUtf8.decode(bytes.subarray(at, at + len))
        } catch {
          return failure('bad UTF-8')
        }
        fields.push({ tag: 'label', text })
        break
      }
      case 4:
        if (len !== 8) return failure('location length')
        fields.push({ tag: 'location', latitude: view.getFloat32(at, true), longitude: view.getFloat32(at + 4, true) })
        break
      default:
        fields.push({ tag: 'unknown', code: tag, bytes: bytes.subarray(at, at + len) })
    }
    at += len
  }
  const flags = { urgent: (header & 4) !== 0, retransmit: (header & 2) !== 0, ackRequested: (header & 1) !== 0 }
  return { ok: true, value: { flags, deviceId, eventId, fields } }
}

function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4
}

function writeVarint(out: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    out[at++] = (n & 0x7f) | 0x80
    n >>>= 7
  }
  out[at++] = n
  return at
}

/** Encodes an EVR record, checking its values as oxwire's encoder does; undefined when they are out of range. */
export function encodeEvr(record: EvrRecord): Uint8Array | undefined {
  const { flags, deviceId, eventId, fields } = record
  if (typeof deviceId !== 'bigint' || deviceId < 0n || deviceId > 0xffffffffffffffffn) return undefined
  if (!Number.isInteger(eventId) || eventId < 0 || eventId > 0xffffffff) return undefined
  // First pass: the size of each value, and the text bytes.
  const texts: (Uint8Array | undefined)[] = []
  let body = 12
  for (const f of fields) {
    let len: number
    switch (f.tag) {
      case 'temperature':
        if (!Number.isInteger(f.centiCelsius) || f.centiCelsius < -32768 || f.centiCelsius > 32767) return undefined
        len = 2
        break
      case 'humidity':
        if (!Number.isInteger(f.percent) || f.percent < 0 || f.percent > 100) return undefined
        len = 1
        break
      case 'label': {
        if (!f.text.isWellFormed()) return undefined
        const t = utf8Encoder.encode(f.text)
        texts.push(t)
        len = t.length
        break
      }
      case 'location':
        len = 8
        break
      case 'unknown':
        if (f.code < 5 || f.code > 255) return undefined
        len = f.bytes.length
        break
    }
    if (len >= 2 ** 28) return undefined
    body += 1 + varintSize(len) + len
  }
  if (body > 4096) return undefined
  const out = new Uint8Array(8 + body)
  const view = new DataView(out.buffer)
  out[0] = 0xb5
  out[1] = 0x20 | (flags.urgent ? 4 : 0) | (flags.retransmit ? 2 : 0) | (flags.ackRequested ? 1 : 0)
  view.setUint16(2, body, true)
  view.setBigUint64(4, deviceId, true)
  view.setUint32(12, eventId, true)
  let at = 16
  let t = 0
  for (const f of fields) {
    switch (f.tag) {
      case 'temperature':
        out[at] = 1
        out[at + 1] = 2
        view.setInt16(at + 2, f.centiCelsius, true)
        at += 4
        break
      case 'humidity':
        out[at] = 2
        out[at + 1] = 1
        out[at + 2] = f.percent
        at += 3
        break
      case 'label': {
        const bytes = texts[t++] as Uint8Array
        out[at] = 3
        at = writeVarint(out, at + 1, bytes.length)
        out.set(bytes, at)
        at += bytes.length
        break
      }
      case 'location':
        out[at] = 4
        out[at + 1] = 8
        view.setFloat32(at + 2, f.latitude, true)
        view.setFloat32(at + 6, f.longitude, true)
        at += 10
        break
      case 'unknown':
        out[at] = f.code
        at = writeVarint(out, at + 1, f.bytes.length)
        out.set(f.bytes, at)
        at += f.bytes.length
        break
    }
  }
  view.setUint32(at, crc32IsoHdlc.compute(out, 0, at), true)
  return out
}
