/**
 * Modbus RTU, a real public protocol, composed from oxwire's combinators as
 * the worked example of docs/PACKET_PROTOCOLS.md ("Adding a third
 * protocol"). It covers function codes 3 (read holding registers), 4 (read
 * input registers) and 6 (write single register), and their exception
 * responses.
 *
 * Sources: MODBUS Application Protocol Specification V1.1b3 (PDU layouts,
 * quantity 1..125, exception codes) and MODBUS over Serial Line V1.02 (RTU
 * framing: address, PDU, CRC-16/MODBUS sent low byte first).
 */
import type { TypeOf } from '../../src/grammar/codec.js'
import {
  checksummed, crc16Modbus, enumeration, inline, many, named, range, sized, struct, taggedUnion, u16be, u16le, u8,
} from '../../combinators/index.js'

// RTU has no length field and no marker: a frame ends with 3.5 character
// times of silence on the line. These grammars read one frame whose bytes
// the serial layer has already delimited, so the register count, not a
// length, decides where the PDU ends.

/** 0 is broadcast; 248..255 are reserved. */
const address = range(u8, 0, 247)

const readRegisters = struct({ start: u16be, quantity: range(u16be, 1, 125) })
const singleRegister = struct({ register: u16be, value: u16be })

// The byte count is derived from the registers on encode and checked on
// decode; an odd count leaves half a register, which `many` rejects.
const registerValues = struct({ registers: sized(range(u8, 2, 250), many(u16be)) })

const exceptionCode = enumeration(u8, {
  illegalFunction: 1,
  illegalDataAddress: 2,
  illegalDataValue: 3,
  serverDeviceFailure: 4,
  acknowledge: 5,
  serverDeviceBusy: 6,
  memoryParityError: 8,
  gatewayPathUnavailable: 0x0a,
  gatewayTargetFailedToRespond: 0x0b,
})
const exception = struct({ exception: exceptionCode })

const requestFunction = enumeration(u8, { readHoldingRegisters: 3, readInputRegisters: 4, writeSingleRegister: 6 })

// An exception response echoes the function code with its high bit set.
const responseFunction = enumeration(u8, {
  readHoldingRegisters: 3,
  readInputRegisters: 4,
  writeSingleRegister: 6,
  readHoldingRegistersException: 0x83,
  readInputRegistersException: 0x84,
  writeSingleRegisterException: 0x86,
})

/** A Modbus RTU request (client to server). */
export const modbusRequest = named(
  'modbus-request',
  checksummed(
    struct({
      address,
      pdu: inline(
        taggedUnion(requestFunction, 'function', {
          readHoldingRegisters: readRegisters,
          readInputRegisters: readRegisters,
          writeSingleRegister: singleRegister,
        }),
      ),
    }),
    crc16Modbus,
    u16le,
  ),
)

/** A Modbus RTU response (server to client), normal or exception. */
export const modbusResponse = named(
  'modbus-response',
  checksummed(
    struct({
      address,
      pdu: inline(
        taggedUnion(responseFunction, 'function', {
          readHoldingRegisters: registerValues,
          readInputRegisters: registerValues,
          writeSingleRegister: singleRegister,
          readHoldingRegistersException: exception,
          readInputRegistersException: exception,
          writeSingleRegisterException: exception,
        }),
      ),
    }),
    crc16Modbus,
    u16le,
  ),
)

/** A decoded request. */
export type ModbusRequest = TypeOf<typeof modbusRequest>
/** A decoded response. */
export type ModbusResponse = TypeOf<typeof modbusResponse>
