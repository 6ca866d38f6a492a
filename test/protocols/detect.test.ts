import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decode, decodePrefix } from '../../src/api.js'
import { sizeBounds } from '../../src/index.js'
import { detect, eventRecordMaxFrame, telemetryMaxFrame } from '../../protocols/index.js'
import { assertDecodeFails, fromHex } from '../../src/testing/index.js'
import { evrFixtures } from '../fixtures/evr.js'
import { tlmFixtures } from '../fixtures/tlm.js'
import { sealEvr, sealTlm } from './reference-crc.js'

const heartbeat = fromHex(tlmFixtures.find((f) => f.name === 'tlm-heartbeat')!.hex)
const humidity = fromHex(evrFixtures.find((f) => f.name === 'evr-humidity-zero')!.hex)
const id = '2a00000000000000 07000000'

describe('detect', () => {
  it('reports a TLM frame with a bad CRC as a TLM checksum error, not as no match', () => {
    const frame = heartbeat.slice()
    frame[frame.length - 1] = frame[frame.length - 1]! ^ 0xff
    assertDecodeFails(detect, frame, { kind: 'checksum', offset: 17, path: [] })
  })

  it('reports an EVR record with a bad CRC as an EVR checksum error', () => {
    const record = humidity.slice()
    record[record.length - 4] = record[record.length - 4]! ^ 0x01
    assertDecodeFails(detect, record, { kind: 'checksum', offset: humidity.length - 4, path: [] })
  })

  it('says what each protocol rejected, and where, when neither marker matches', () => {
    const error = assertDecodeFails(detect, fromHex('5aa6 01 01 0001 6553f100 0005 00000e10 00 0000'), { kind: 'no-match', offset: 0, path: [] })
    if (error.kind !== 'no-match') throw new Error('unreachable')
    expect(error.alternatives.map((a) => a.name)).toEqual(['tlm', 'evr'])
    expect(error.alternatives.map((a) => [a.error.kind, a.error.offset, a.error.path])).toEqual([
      ['invalid', 1, ['magic']],
      ['invalid', 0, ['sync']],
    ])
    expect(error.message).toContain('tlm')
    expect(error.message).toContain('evr')
  })

  it('treats a wrong TLM version as not TLM', () => {
    const error = assertDecodeFails(detect, sealTlm('5aa5 02 01 0001 6553f100 0005 00000e10 00'), { kind: 'no-match' })
    if (error.kind !== 'no-match') throw new Error('unreachable')
    expect(error.alternatives[0]!.error).toMatchObject({ kind: 'invalid', offset: 2, path: ['version'] })
  })

  it('treats a good sync byte with a wrong version nibble as not EVR', () => {
    const error = assertDecodeFails(detect, sealEvr(`b5 30 0c00 ${id}`), { kind: 'no-match', offset: 0 })
    if (error.kind !== 'no-match') throw new Error('unreachable')
    expect(error.alternatives[1]).toMatchObject({ name: 'evr', error: { kind: 'invalid', offset: 1, path: ['flags', 'version'] } })
  })

  it("reports the reserved bit set after a good marker as EVR's own error", () => {
    assertDecodeFails(detect, sealEvr(`b5 28 0c00 ${id}`), { kind: 'invalid', offset: 1, path: ['flags', 'reserved'] })
  })

  it("reports an unknown TLM type after a good marker as TLM's own error", () => {
    assertDecodeFails(detect, sealTlm('5aa5 01 07 0001 6553f100 0005 00000e10 00'), { kind: 'invalid', offset: 3, path: ['type'] })
  })

  it('needs more bytes for a lone 5A, a lone B5, 5A A5, and nothing at all', () => {
    assertDecodeFails(detect, fromHex('5a'), { kind: 'incomplete', offset: 0 })
    assertDecodeFails(detect, fromHex('5aa5'), { kind: 'incomplete' })
    assertDecodeFails(detect, fromHex('b5'), { kind: 'incomplete', offset: 1 })
    assertDecodeFails(detect, new Uint8Array(0), { kind: 'incomplete', offset: 0 })
  })

  it('says no match, not incomplete, for a lone byte that starts neither marker', () => {
    assertDecodeFails(detect, fromHex('00'), { kind: 'no-match', offset: 0 })
    assertDecodeFails(detect, fromHex('a5'), { kind: 'no-match', offset: 0 })
  })

  it('reads back-to-back frames of both protocols one at a time', () => {
    const stream = Uint8Array.of(...heartbeat, ...humidity, ...heartbeat)
    const protocols: string[] = []
    for (let at = 0; at < stream.length; ) {
      const result = decodePrefix(detect, stream.subarray(at))
      if (E.isLeft(result)) throw new Error(result.left.message)
      protocols.push(result.right.value.protocol)
      at += result.right.bytesRead
    }
    expect(protocols).toEqual(['tlm', 'evr', 'tlm'])
  })

  it('never mistakes one fixture for the other protocol', () => {
    for (const f of tlmFixtures) expect(decode(detect, fromHex(f.hex))).toMatchObject(E.right({ protocol: 'tlm' }))
    for (const f of evrFixtures) expect(decode(detect, fromHex(f.hex))).toMatchObject(E.right({ protocol: 'evr' }))
  })
})

describe('maximum frame sizes', () => {
  it('are 1038 bytes for TLM and 4104 for EVR, from the grammars', () => {
    expect(telemetryMaxFrame).toBe(14 + 1024)
    expect(eventRecordMaxFrame).toBe(8 + 4096)
    // The shortest frame is an empty TLM batch: 14 + 1 bytes.
    expect(sizeBounds(detect)).toEqual({ min: 15, max: 4104 })
  })
})
