import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { decode, encode } from '../../src/api.js'
import { oneOf } from '../../combinators/one-of.js'
import { eventRecord, telemetry } from '../../protocols/index.js'
import { assertDecodeFails, assertRoundTrip, fromHex } from '../../src/testing/index.js'
import { modbusRequest, modbusResponse, type ModbusRequest, type ModbusResponse } from './modbus-rtu.js'

// Published frames. The CRC of each was also checked with a bitwise
// CRC-16/MODBUS written apart from oxwire (see the last test).
const published = {
  // Read 10 holding registers from 0 at server 1: the classic first example.
  readTen: '01 03 0000 000a c5cd',
  // Simply Modbus, "Function Code 03": read 3 registers from 0x6B (40108..40110) at server 0x11 ...
  readThree: '11 03 006b 0003 7687',
  // ... and the server's answer: 0xAE41, 0x5652, 0x4340.
  readThreeAnswer: '11 03 06 ae41 5652 4340 49ad',
  // Simply Modbus, "Function Code 06": write 3 to register 1 (40002) at server 0x11; the answer echoes it.
  writeOne: '11 06 0001 0003 9a9b',
  // Exception answer to function 3 from server 1: illegal data address.
  illegalAddress: '01 83 02 c0f1',
}

describe('Modbus RTU requests', () => {
  it('decode and re-encode the published read request 01 03 00 00 00 0A C5 CD', () => {
    const value: ModbusRequest = { address: 1, function: 'readHoldingRegisters', start: 0, quantity: 10 }
    assertRoundTrip(modbusRequest, value, published.readTen)
  })

  it('decode and re-encode the Simply Modbus read and write requests', () => {
    assertRoundTrip(modbusRequest, { address: 0x11, function: 'readHoldingRegisters', start: 0x6b, quantity: 3 }, published.readThree)
    assertRoundTrip(modbusRequest, { address: 0x11, function: 'writeSingleRegister', register: 1, value: 3 }, published.writeOne)
  })

  // Each malformed frame carries its correct CRC, so only the named rule is broken.
  it('reject a wrong CRC, a quantity of 0 or over 125, an unknown function and a reserved address', () => {
    assertDecodeFails(modbusRequest, '01 03 0000 000a c5ce', { kind: 'checksum', offset: 6, path: [] })
    assertDecodeFails(modbusRequest, '01 03 0000 0000 45ca', { kind: 'invalid', offset: 4, path: ['quantity'] })
    assertDecodeFails(modbusRequest, '01 03 0000 007e c5ea', { kind: 'invalid', offset: 4, path: ['quantity'] })
    assertDecodeFails(modbusRequest, '01 10 0000 000a 400e', { kind: 'invalid', offset: 1, path: ['function'] })
    assertDecodeFails(modbusRequest, 'f8 03 0000 000a d1a4', { kind: 'invalid', offset: 0, path: ['address'] })
  })
})

describe('Modbus RTU responses', () => {
  it('decode and re-encode the published register values', () => {
    const value: ModbusResponse = { address: 0x11, function: 'readHoldingRegisters', registers: [0xae41, 0x5652, 0x4340] }
    assertRoundTrip(modbusResponse, value, published.readThreeAnswer)
  })

  it('decode and re-encode the echo of a write and an exception', () => {
    assertRoundTrip(modbusResponse, { address: 0x11, function: 'writeSingleRegister', register: 1, value: 3 }, published.writeOne)
    assertRoundTrip(modbusResponse, { address: 1, function: 'readHoldingRegistersException', exception: 'illegalDataAddress' }, published.illegalAddress)
  })

  it('reject an odd byte count, which would leave half a register', () => {
    assertDecodeFails(modbusResponse, '11 03 05 ae41 5652 43 d2fb', { kind: 'invalid', offset: 7, path: ['registers', 2] })
  })

  it('cannot encode more than 125 registers, whose byte count would not fit', () => {
    expect(encode(modbusResponse, { address: 1, function: 'readInputRegisters', registers: Array(125).fill(0) })._tag).toBe('Right')
    expect(encode(modbusResponse, { address: 1, function: 'readInputRegisters', registers: Array(126).fill(0) })).toMatchObject(E.left({ kind: 'length' }))
  })
})

describe('Modbus RTU next to TLM and EVR', () => {
  // Modbus has no marker, so it goes last: TLM and EVR commit on their own
  // markers, and anything neither claims is tried as Modbus.
  const detectAll = oneOf(telemetry, eventRecord, modbusRequest)

  it('is told apart from the two custom protocols', () => {
    expect(decode(detectAll, fromHex(published.readTen))).toEqual(
      E.right({ protocol: 'modbus-request', value: { address: 1, function: 'readHoldingRegisters', start: 0, quantity: 10 } }),
    )
    expectTypeOf<ModbusRequest['function']>().toEqualTypeOf<'readHoldingRegisters' | 'readInputRegisters' | 'writeSingleRegister'>()
  })

  it('cannot commit, so a broken Modbus frame is "no match", listing all three', () => {
    const error = assertDecodeFails(detectAll, '01 03 0000 000a c5ce', { kind: 'no-match' })
    if (error.kind !== 'no-match') throw new Error('unreachable')
    expect(error.alternatives.map((a) => [a.name, a.error.kind])).toEqual([
      ['tlm', 'invalid'],
      ['evr', 'invalid'],
      ['modbus-request', 'checksum'],
    ])
  })
})

describe('the published CRCs', () => {
  // CRC-16/MODBUS bit by bit (reflected poly 0xA001, init 0xFFFF), independent of oxwire's tables.
  function referenceCrc16Modbus(bytes: Uint8Array): number {
    let crc = 0xffff
    for (const byte of bytes) {
      crc ^= byte
      for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1
    }
    return crc
  }

  const malformed = ['01 03 0000 0000 45ca', '01 03 0000 007e c5ea', '01 10 0000 000a 400e', 'f8 03 0000 000a d1a4', '11 03 05 ae41 5652 43 d2fb']

  it.each([...Object.entries(published), ...malformed.map((hex) => ['malformed', hex])])('%s %s carries CRC-16/MODBUS low byte first', (_name, hex) => {
    const bytes = fromHex(hex)
    const crc = referenceCrc16Modbus(bytes.subarray(0, bytes.length - 2))
    expect([bytes[bytes.length - 2], bytes[bytes.length - 1]]).toEqual([crc & 0xff, crc >> 8])
  })

  it('the reference gives the catalogue check value 0x4B37', () => {
    expect(referenceCrc16Modbus(new TextEncoder().encode('123456789'))).toBe(0x4b37)
  })
})
