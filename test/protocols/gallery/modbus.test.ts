// Modbus TCP against the worked examples of the Modbus specification
// (test/fixtures/gallery/modbus-examples.ts says where each comes from).
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decode, encode, formatError, type Codec } from '../../../src/index.js'
import { checkRoundTrip } from '../../../src/testing/index.js'
import { modbusTcp, modbusTcpRequest, modbusTcpResponse } from '../../../protocols/index.js'
import { mbap, modbusExamples } from '../../fixtures/gallery/modbus-examples.js'

function sameBytes<A>(codec: Codec<A>, bytes: Uint8Array): A {
  const value = decode(codec, bytes)
  if (E.isLeft(value)) throw new Error(formatError(value.left, bytes))
  const again = encode(codec, value.right)
  expect(E.isRight(again) && Buffer.compare(again.right, bytes)).toBe(0)
  return value.right
}

describe.each(modbusExamples)('$section', ({ request, response }) => {
  it('the request decodes and re-encodes byte for byte', () => {
    const frame = sameBytes(modbusTcpRequest, mbap(1, request))
    expect(frame.unitId).toBe(0x11)
    sameBytes(modbusTcp, mbap(1, request))
  })
  it('the response decodes and re-encodes byte for byte', () => {
    const frame = sameBytes(modbusTcpResponse, mbap(2, response))
    expect(frame.transactionId).toBe(2)
    sameBytes(modbusTcp, mbap(2, response))
  })
})

it('reads the values the specification gives', () => {
  expect(decode(modbusTcpResponse, mbap(1, '03 06 02 2b 00 00 00 64'))).toEqual(E.right({ transactionId: 1, unitId: 0x11, pdu: { function: 'readHoldingRegisters', registers: [0x022b, 0, 0x64] } }))
  expect(decode(modbusTcpRequest, mbap(1, '10 00 01 00 02 04 00 0a 01 02'))).toEqual(E.right({ transactionId: 1, unitId: 0x11, pdu: { function: 'writeMultipleRegisters', address: 1, quantity: 2, values: [10, 0x102] } }))
  expect(decode(modbusTcpResponse, mbap(1, '81 02'))).toEqual(E.right({ transactionId: 1, unitId: 0x11, pdu: { exception: 'readCoils', code: 2 } }))
})

it('derives the MBAP length and byte counts on encode, and rejects bad frames', () => {
  const bytes = encode(modbusTcpResponse, { transactionId: 7, unitId: 1, pdu: { function: 'readInputRegisters', registers: [1, 2, 3] } })
  expect(E.isRight(bytes) && Array.from(bytes.right)).toEqual([0, 7, 0, 0, 0, 9, 1, 4, 6, 0, 1, 0, 2, 0, 3])
  expect(decode(modbusTcpRequest, mbap(1, '07 00'))).toMatchObject(E.left({ kind: 'invalid', path: ['pdu', 'function'] }))
  expect(decode(modbusTcpResponse, mbap(1, '03 05 00 01 00 02 00'))).toMatchObject(E.left({ kind: 'invalid' }))
  const cut = decode(modbusTcp, mbap(1, '03 00 6b 00 03').subarray(0, 9))
  expect(E.isLeft(cut) && cut.left.kind).toBe('incomplete')
  const wrongProtocol = mbap(1, '03 00 6b 00 03')
  wrongProtocol[3] = 1
  expect(decode(modbusTcp, wrongProtocol)).toMatchObject(E.left({ kind: 'invalid', offset: 3, path: ['protocolId'] }))
})

it('derived arbitraries round-trip', () => {
  checkRoundTrip(modbusTcpRequest, { numRuns: 40, maxItems: 4 })
  checkRoundTrip(modbusTcpResponse, { numRuns: 40, maxItems: 4 })
})
