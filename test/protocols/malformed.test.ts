import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decode, decodePrefix } from '../../src/api.js'
import type { NamedCodec } from '../../src/grammar/codec.js'
import type { PathSegment } from '../../src/runtime/errors.js'
import { detect, eventRecord, telemetry } from '../../protocols/index.js'
import { assertDecodeFails, type ExpectedDecodeError } from '../../src/testing/index.js'
import { referenceCrc16CcittFalse, referenceCrc32, sealEvr, sealTlm } from './reference-crc.js'

// Each case breaks one rule of PROTOCOLS.md and nothing else: the hex is
// written by hand without its CRC, and the correct CRC is appended by the
// reference implementation, so the rule (not the checksum) is what fails.

interface Case {
  /** The rule of PROTOCOLS.md that the frame breaks. */
  readonly rule: string
  /** The frame without its CRC. */
  readonly hex: string
  readonly kind: 'invalid'
  readonly offset: number
  readonly path: readonly PathSegment[]
  /** The broken rule is part of the detection marker, so `detect` tries the other protocol. */
  readonly inMarker?: true
}

const header = (type: string, length: string) => `5aa5 01 ${type} 0001 6553f100 ${length}`

const tlmCases: readonly Case[] = [
  { rule: 'magic is 5A A5 (first byte)', hex: 'a55a 01 01 0001 6553f100 0005 00000e10 00', kind: 'invalid', offset: 0, path: ['magic'], inMarker: true },
  { rule: 'magic is 5A A5 (second byte)', hex: '5aa6 01 01 0001 6553f100 0005 00000e10 00', kind: 'invalid', offset: 1, path: ['magic'], inMarker: true },
  { rule: 'version must be 1 (2)', hex: '5aa5 02 01 0001 6553f100 0005 00000e10 00', kind: 'invalid', offset: 2, path: ['version'], inMarker: true },
  { rule: 'version must be 1 (0)', hex: '5aa5 00 01 0001 6553f100 0005 00000e10 00', kind: 'invalid', offset: 2, path: ['version'], inMarker: true },
  { rule: 'type 0 is invalid', hex: header('00', '0005') + ' 00000e10 00', kind: 'invalid', offset: 3, path: ['type'] },
  { rule: 'type 5 is invalid', hex: header('05', '0005') + ' 00000e10 00', kind: 'invalid', offset: 3, path: ['type'] },
  { rule: 'type 255 is invalid', hex: header('ff', '0005') + ' 00000e10 00', kind: 'invalid', offset: 3, path: ['type'] },
  { rule: 'length at most 1024 (1025)', hex: header('03', '0401') + ' 00 03fe' + '61'.repeat(1022), kind: 'invalid', offset: 10, path: ['payload'] },
  // A length far beyond the input is still "invalid", not "incomplete": more bytes would not help.
  { rule: 'length at most 1024 (65535, input short)', hex: header('01', 'ffff') + ' 00000e10 00', kind: 'invalid', offset: 10, path: ['payload'] },
  { rule: 'heartbeat N = 5 (4)', hex: header('01', '0004') + ' 00000e10', kind: 'invalid', offset: 16, path: ['payload', 'status'] },
  { rule: 'heartbeat N = 5 (6)', hex: header('01', '0006') + ' 00000e10 00 00', kind: 'invalid', offset: 17, path: ['payload'] },
  { rule: 'heartbeat N = 5 (0)', hex: header('01', '0000'), kind: 'invalid', offset: 12, path: ['payload', 'uptime'] },
  { rule: 'reading N = 11 (10)', hex: header('02', '000a') + ' 0007 00 40358000000000', kind: 'invalid', offset: 15, path: ['payload', 'value'] },
  { rule: 'reading N = 11 (12)', hex: header('02', '000c') + ' 0007 00 4035800000000000 00', kind: 'invalid', offset: 23, path: ['payload'] },
  { rule: 'log N = 3 + message length (message longer)', hex: header('03', '0009') + ' 00 0007 626f6f74206f', kind: 'invalid', offset: 15, path: ['payload', 'message'] },
  { rule: 'log N = 3 + message length (message shorter)', hex: header('03', '000b') + ' 00 0007 626f6f74206f6b 21', kind: 'invalid', offset: 22, path: ['payload'] },
  { rule: 'log N = 3 + message length (no room for the length)', hex: header('03', '0002') + ' 00 00', kind: 'invalid', offset: 13, path: ['payload', 'message'] },
  { rule: 'batch N = 1 + 11 * count (count too high)', hex: header('04', '000c') + ' 02 0001 00 4035800000000000', kind: 'invalid', offset: 12, path: ['payload', 'readings'] },
  { rule: 'batch N = 1 + 11 * count (count too low)', hex: header('04', '0017') + ' 01 0001 00 4035800000000000 0002 00 4035800000000000', kind: 'invalid', offset: 24, path: ['payload'] },
  { rule: 'batch N = 1 + 11 * count (count 0, one reading)', hex: header('04', '000c') + ' 00 0001 00 4035800000000000', kind: 'invalid', offset: 13, path: ['payload'] },
  { rule: 'batch N = 1 + 11 * count (N = 0)', hex: header('04', '0000'), kind: 'invalid', offset: 12, path: ['payload', 'readings'] },
  { rule: 'unit 0..3 (4)', hex: header('02', '000b') + ' 0007 04 4035800000000000', kind: 'invalid', offset: 14, path: ['payload', 'unit'] },
  { rule: 'unit 0..3 (255)', hex: header('02', '000b') + ' 0007 ff 4035800000000000', kind: 'invalid', offset: 14, path: ['payload', 'unit'] },
  { rule: 'unit 0..3 (in a batch)', hex: header('04', '0017') + ' 02 0001 00 4035800000000000 0002 09 4035800000000000', kind: 'invalid', offset: 26, path: ['payload', 'readings', 1, 'unit'] },
  { rule: 'level 0..4 (5)', hex: header('03', '0003') + ' 05 0000', kind: 'invalid', offset: 12, path: ['payload', 'level'] },
  // Invalid UTF-8 is reported at the first byte of the text, after its length.
  { rule: 'message is valid UTF-8 (ff)', hex: header('03', '0004') + ' 00 0001 ff', kind: 'invalid', offset: 15, path: ['payload', 'message'] },
  { rule: 'message is valid UTF-8 (overlong "/")', hex: header('03', '0005') + ' 01 0002 c0af', kind: 'invalid', offset: 15, path: ['payload', 'message'] },
  { rule: 'message is valid UTF-8 (surrogate)', hex: header('03', '0006') + ' 02 0003 eda080', kind: 'invalid', offset: 15, path: ['payload', 'message'] },
  { rule: 'message is valid UTF-8 (cut sequence)', hex: header('03', '0007') + ' 03 0004 4142e282', kind: 'invalid', offset: 15, path: ['payload', 'message'] },
]

const id = '2a00000000000000 07000000' // deviceId 42, eventId 7: body bytes 4..15, fields from 16

const evrCases: readonly Case[] = [
  { rule: 'sync is B5', hex: `b6 20 0c00 ${id}`, kind: 'invalid', offset: 0, path: ['sync'], inMarker: true },
  { rule: 'version nibble must be 2 (3)', hex: `b5 30 0c00 ${id}`, kind: 'invalid', offset: 1, path: ['flags', 'version'], inMarker: true },
  { rule: 'version nibble must be 2 (1)', hex: `b5 17 0c00 ${id}`, kind: 'invalid', offset: 1, path: ['flags', 'version'], inMarker: true },
  { rule: 'reserved bit 3 must be 0', hex: `b5 28 0c00 ${id}`, kind: 'invalid', offset: 1, path: ['flags', 'reserved'] },
  { rule: 'reserved bit 3 must be 0 (all flags set)', hex: `b5 2f 0c00 ${id}`, kind: 'invalid', offset: 1, path: ['flags', 'reserved'] },
  // The body is inlined into the record, so a bad length has the record itself as its path.
  { rule: 'length at least 12 (11)', hex: `b5 20 0b00 2a00000000000000 070000`, kind: 'invalid', offset: 2, path: [] },
  { rule: 'length at least 12 (0)', hex: `b5 20 0000`, kind: 'invalid', offset: 2, path: [] },
  { rule: 'length at most 4096 (4097)', hex: `b5 20 0110 ${id} 7f f21f ${'00'.repeat(4082)}`, kind: 'invalid', offset: 2, path: [] },
  { rule: 'length at most 4096 (65535, input short)', hex: `b5 20 ffff ${id}`, kind: 'invalid', offset: 2, path: [] },
  { rule: 'body used exactly (value runs past it)', hex: `b5 20 1100 ${id} 7f 05 deadbe`, kind: 'invalid', offset: 18, path: ['fields', 0] },
  { rule: 'body used exactly (tag without length)', hex: `b5 20 0d00 ${id} 7f`, kind: 'invalid', offset: 17, path: ['fields', 0] },
  { rule: 'body used exactly (length cut)', hex: `b5 20 0e00 ${id} 7f 80`, kind: 'invalid', offset: 18, path: ['fields', 0] },
  { rule: 'varint at most 4 bytes', hex: `b5 20 1200 ${id} 7f 8080808001 00`, kind: 'invalid', offset: 17, path: ['fields', 0] },
  { rule: 'varint minimal (80 00 for 0)', hex: `b5 20 0f00 ${id} 7f 8000`, kind: 'invalid', offset: 17, path: ['fields', 0] },
  { rule: 'varint minimal (82 00 for 2, known tag)', hex: `b5 20 1200 ${id} 01 8200 6608`, kind: 'invalid', offset: 17, path: ['fields', 0] },
  { rule: 'varint minimal (4 bytes)', hex: `b5 20 1200 ${id} 03 81808000 61`, kind: 'invalid', offset: 17, path: ['fields', 0] },
  { rule: 'temperature len 2 (1)', hex: `b5 20 0f00 ${id} 01 01 66`, kind: 'invalid', offset: 18, path: ['fields', 0, 'centiCelsius'] },
  { rule: 'temperature len 2 (3)', hex: `b5 20 1100 ${id} 01 03 660800`, kind: 'invalid', offset: 20, path: ['fields', 0] },
  { rule: 'humidity 0..100 (101)', hex: `b5 20 0f00 ${id} 02 01 65`, kind: 'invalid', offset: 18, path: ['fields', 0, 'percent'] },
  { rule: 'humidity 0..100 (255, second field)', hex: `b5 20 1200 ${id} 02 01 37 02 01 ff`, kind: 'invalid', offset: 21, path: ['fields', 1, 'percent'] },
  { rule: 'humidity len 1 (2)', hex: `b5 20 1000 ${id} 02 02 3200`, kind: 'invalid', offset: 19, path: ['fields', 0] },
  { rule: 'humidity len 1 (0)', hex: `b5 20 0e00 ${id} 02 00`, kind: 'invalid', offset: 18, path: ['fields', 0, 'percent'] },
  { rule: 'label is valid UTF-8 (c3 28)', hex: `b5 20 1000 ${id} 03 02 c328`, kind: 'invalid', offset: 18, path: ['fields', 0, 'text'] },
  { rule: 'label is valid UTF-8 (lone continuation)', hex: `b5 20 0f00 ${id} 03 01 80`, kind: 'invalid', offset: 18, path: ['fields', 0, 'text'] },
  { rule: 'location len 8 (7)', hex: `b5 20 1500 ${id} 04 07 00005242 000054`, kind: 'invalid', offset: 22, path: ['fields', 0, 'longitude'] },
  { rule: 'location len 8 (9)', hex: `b5 20 1700 ${id} 04 09 00005242 000054c1 00`, kind: 'invalid', offset: 26, path: ['fields', 0] },
]

function checkCase<A>(grammar: NamedCodec<string, A>, seal: (hex: string) => Uint8Array, c: Case): void {
  const bytes = seal(c.hex)
  const error = assertDecodeFails(grammar, bytes, { kind: c.kind, offset: c.offset, path: c.path })
  const detected = decode(detect, bytes)
  if (!E.isLeft(detected)) throw new Error('detect accepted a malformed frame')
  if (c.inMarker === true) {
    // The marker did not match: not this protocol; the other one was tried too.
    expect(detected.left.kind).toBe('no-match')
    const own = detected.left.kind === 'no-match' ? detected.left.alternatives.find((a) => a.name === grammar.name) : undefined
    expect(own?.error).toEqual(error)
  } else {
    // Past the marker the protocol is committed: detect reports its own error.
    expect(detected.left).toEqual(error)
  }
}

describe('malformed TLM frames', () => {
  it.each(tlmCases)('$rule', (c) => checkCase(telemetry, sealTlm, c))

  it('CRC-16/CCITT-FALSE of bytes 0 .. 12+N-1 must match', () => {
    const frame = sealTlm('5aa5 01 01 0001 6553f100 0005 00000e10 00')
    const right = referenceCrc16CcittFalse(frame.subarray(0, 17))
    frame[18] = frame[18]! ^ 0x01
    const error = assertDecodeFails(telemetry, frame, { kind: 'checksum', offset: 17, path: [] })
    expect(error).toMatchObject({ algorithm: 'CRC-16/CCITT-FALSE', expected: right, found: right ^ 0x01 })
    expect(decode(detect, frame)).toEqual(E.left(error))
  })

  it('a changed payload byte is caught by the CRC', () => {
    const frame = sealTlm('5aa5 01 01 0001 6553f100 0005 00000e10 00')
    frame[15] = 0x11
    assertDecodeFails(telemetry, frame, { kind: 'checksum', offset: 17, path: [] })
  })
})

describe('malformed EVR records', () => {
  it.each(evrCases)('$rule', (c) => checkCase(eventRecord, sealEvr, c))

  it('CRC-32/ISO-HDLC of bytes 0 .. 4+L-1 must match', () => {
    const record = sealEvr(`b5 20 0f00 ${id} 02 01 37`)
    const right = referenceCrc32(record.subarray(0, 19))
    record[22] = record[22]! ^ 0x80 // the CRC's most significant byte
    const error = assertDecodeFails(eventRecord, record, { kind: 'checksum', offset: 19, path: [] })
    expect(error).toMatchObject({ algorithm: 'CRC-32/ISO-HDLC', expected: right, found: (right ^ 0x80000000) >>> 0 })
    expect(decode(detect, record)).toEqual(E.left(error))
  })
})

describe('truncated frames are incomplete, with how much is missing', () => {
  const tlm = sealTlm('5aa5 01 01 0001 6553f100 0005 00000e10 00')
  const evr = sealEvr(`b5 20 0f00 ${id} 02 01 37`)
  const tlmFails = (bytes: Uint8Array, expected: ExpectedDecodeError) => assertDecodeFails(telemetry, bytes, expected)
  const evrFails = (bytes: Uint8Array, expected: ExpectedDecodeError) => assertDecodeFails(eventRecord, bytes, expected)
  const cases = [
    { what: 'TLM, inside the magic', fails: tlmFails, bytes: tlm.subarray(0, 1), offset: 1, path: ['magic'], needed: 1 },
    { what: 'TLM, inside the length', fails: tlmFails, bytes: tlm.subarray(0, 11), offset: 10, path: ['payload'], needed: 1 },
    { what: 'TLM, inside the payload', fails: tlmFails, bytes: tlm.subarray(0, 13), offset: 12, path: ['payload'], needed: 4 },
    { what: 'TLM, inside the CRC', fails: tlmFails, bytes: tlm.subarray(0, 18), offset: 17, path: [], needed: 1 },
    { what: 'EVR, after the sync byte', fails: evrFails, bytes: evr.subarray(0, 1), offset: 1, path: ['flags'], needed: 1 },
    { what: 'EVR, inside the length', fails: evrFails, bytes: evr.subarray(0, 3), offset: 2, path: [], needed: 1 },
    { what: 'EVR, inside the body', fails: evrFails, bytes: evr.subarray(0, 10), offset: 4, path: [], needed: 9 },
    { what: 'EVR, inside the CRC', fails: evrFails, bytes: evr.subarray(0, 20), offset: 19, path: [], needed: 3 },
  ] as const
  it.each(cases)('$what', ({ fails, bytes, offset, path, needed }) => {
    fails(bytes, { kind: 'incomplete', offset, path, needed })
    assertDecodeFails(detect, bytes, { kind: 'incomplete' })
  })

  it('every strict prefix of a valid frame is incomplete, for each protocol and for detect', () => {
    for (const [fails, frame] of [[tlmFails, tlm], [evrFails, evr]] as const) {
      for (let cut = 0; cut < frame.length; cut++) {
        fails(frame.subarray(0, cut), { kind: 'incomplete' })
        assertDecodeFails(detect, frame.subarray(0, cut), { kind: 'incomplete' })
      }
    }
  })
})

describe('bytes after a whole frame', () => {
  it('are trailing for decode and left alone by decodePrefix', () => {
    const frame = sealTlm('5aa5 01 01 0001 6553f100 0005 00000e10 00')
    const padded = Uint8Array.of(...frame, 0xb5)
    expect(decode(telemetry, frame)._tag).toBe('Right')
    assertDecodeFails(telemetry, padded, { kind: 'trailing', offset: 19 })
    assertDecodeFails(detect, padded, { kind: 'trailing', offset: 19 })
    expect(decodePrefix(telemetry, padded)).toMatchObject(E.right({ bytesRead: 19 }))
  })
})
