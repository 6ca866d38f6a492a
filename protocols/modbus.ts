import type { Codec } from '../src/index.js'
import {
  array, bytes, constant, dependent, derived, named, oneOf, ref, sized, struct, tagged, u16be, u8,
} from '../combinators/index.js'

// grammar:start modbusTcp
const range = struct({ address: u16be, quantity: u16be })
const write = struct({ address: u16be, value: u16be })
const codes: Readonly<Record<ModbusFunctionName, number>> = { readCoils: 1, readDiscreteInputs: 2, readHoldingRegisters: 3, readInputRegisters: 4, writeSingleCoil: 5, writeSingleRegister: 6, writeMultipleCoils: 15, writeMultipleRegisters: 16 }
type Name = ModbusFunctionName
const codeOf = (v: { function: Name }) => codes[v.function]
const bits = struct({ byteCount: derived(u8), status: bytes(ref('byteCount')) })
const registers = struct({ byteCount: derived(u8), registers: array(ref('byteCount').dividedBy(2), u16be) })
const request = dependent(u8, {
  1: tagged('function', 'readCoils', range), 2: tagged('function', 'readDiscreteInputs', range), 3: tagged('function', 'readHoldingRegisters', range),
  4: tagged('function', 'readInputRegisters', range), 5: tagged('function', 'writeSingleCoil', write), 6: tagged('function', 'writeSingleRegister', write),
  15: tagged('function', 'writeMultipleCoils', struct({ address: u16be, quantity: u16be, byteCount: derived(u8), values: bytes(ref('byteCount')) })),
  16: tagged('function', 'writeMultipleRegisters', struct({ address: u16be, quantity: u16be, byteCount: derived(u8), values: array(ref('byteCount').dividedBy(2), u16be) })),
}, codeOf, { name: 'function' })
const exception = (fc: number) => tagged('exception', (Object.keys(codes) as Name[]).find((k) => codes[k] === fc) as Name, struct({ code: u8 }))
const response = dependent(u8, {
  1: tagged('function', 'readCoils', bits), 2: tagged('function', 'readDiscreteInputs', bits), 3: tagged('function', 'readHoldingRegisters', registers),
  4: tagged('function', 'readInputRegisters', registers), 5: tagged('function', 'writeSingleCoil', write), 6: tagged('function', 'writeSingleRegister', write),
  15: tagged('function', 'writeMultipleCoils', range), 16: tagged('function', 'writeMultipleRegisters', range),
  0x81: exception(1), 0x82: exception(2), 0x83: exception(3), 0x84: exception(4), 0x85: exception(5), 0x86: exception(6), 0x8f: exception(15), 0x90: exception(16),
}, (v) => ('exception' in v ? codes[v.exception] + 0x80 : codes[v.function]), { name: 'function' })

const pduSize = ref('length').minus(1)
/** The MBAP header around a PDU grammar, which is `length − 1` bytes. @internal */
function framed<A>(pdu: Codec<A>) {
  return struct({ transactionId: u16be, protocolId: constant(u16be, 0), length: derived(u16be), unitId: u8, pdu })
}

/**
 * The function a PDU carries, by name.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { modbusTcpRequest, type ModbusFunction } from 'oxwire/protocols'
 * const frame = decode(modbusTcpRequest, Uint8Array.of(0, 1, 0, 0, 0, 6, 0x11, 0x01, 0x00, 0x13, 0x00, 0x25))
 * assert.ok(frame._tag === 'Right')
 * const pdu: ModbusFunction<string> = frame.right.pdu
 * assert.equal(pdu.function, 'readCoils')
 * ```
 * @category Gallery
 */
export interface ModbusFunction<N extends string> {
  /** The function's name (code 1 `readCoils`, 2, 3, 4, 5, 6, 15 `writeMultipleCoils`, 16). */
  readonly function: N
}

/**
 * A start address and a count of coils or registers.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { modbusTcpRequest, type ModbusRange } from 'oxwire/protocols'
 * const coils: ModbusRange = { address: 0x13, quantity: 0x25 }
 * const bytes = encode(modbusTcpRequest, { transactionId: 1, unitId: 0x11, pdu: { function: 'readCoils', ...coils } })
 * assert.deepEqual(bytes, right(Uint8Array.of(0, 1, 0, 0, 0, 6, 0x11, 0x01, 0x00, 0x13, 0x00, 0x25)))
 * ```
 * @category Gallery
 */
export interface ModbusRange {
  /** The first coil or register (0-based). */ readonly address: number
  /** How many. */ readonly quantity: number
}

/**
 * One coil or register written (coil: 0xFF00 on, 0x0000 off).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { modbusTcpRequest, type ModbusWrite } from 'oxwire/protocols'
 * const coilOn: ModbusWrite = { address: 0xac, value: 0xff00 }
 * const bytes = encode(modbusTcpRequest, { transactionId: 2, unitId: 1, pdu: { function: 'writeSingleCoil', ...coilOn } })
 * assert.deepEqual(bytes, right(Uint8Array.of(0, 2, 0, 0, 0, 6, 1, 0x05, 0x00, 0xac, 0xff, 0x00)))
 * ```
 * @category Gallery
 */
export interface ModbusWrite {
  /** The coil or register. */ readonly address: number
  /** The value written. */ readonly value: number
}

/**
 * Coils or inputs read, packed eight to a byte, first in the low bit.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { modbusTcpResponse, type ModbusBits } from 'oxwire/protocols'
 * const read: ModbusBits = { status: Uint8Array.of(0xcd, 0x6b) }
 * const frame = Uint8Array.of(0, 1, 0, 0, 0, 5, 1, 0x01, 0x02, 0xcd, 0x6b)
 * assert.deepEqual(decode(modbusTcpResponse, frame), right({ transactionId: 1, unitId: 1, pdu: { function: 'readCoils', ...read } }))
 * ```
 * @category Gallery
 */
export interface ModbusBits {
  /** The packed status bytes (the byte count is derived). */ readonly status: Uint8Array
}

/**
 * Registers read (the byte count is derived).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { modbusTcpResponse, type ModbusRegisters } from 'oxwire/protocols'
 * const read: ModbusRegisters = { registers: [0x022b, 0, 0x64] }
 * const bytes = encode(modbusTcpResponse, { transactionId: 1, unitId: 0x11, pdu: { function: 'readHoldingRegisters', ...read } })
 * assert.deepEqual(bytes, right(Uint8Array.of(0, 1, 0, 0, 0, 9, 0x11, 0x03, 0x06, 0x02, 0x2b, 0x00, 0x00, 0x00, 0x64)))
 * ```
 * @category Gallery
 */
export interface ModbusRegisters {
  /** The register values. */ readonly registers: number[]
}

/**
 * Coils written by function 15 (the byte count is derived).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { modbusTcpRequest, type ModbusCoilsWrite } from 'oxwire/protocols'
 * const write: ModbusCoilsWrite = { address: 0x13, quantity: 10, values: Uint8Array.of(0xcd, 0x01) }
 * const bytes = encode(modbusTcpRequest, { transactionId: 3, unitId: 1, pdu: { function: 'writeMultipleCoils', ...write } })
 * assert.deepEqual(bytes, right(Uint8Array.of(0, 3, 0, 0, 0, 9, 1, 0x0f, 0x00, 0x13, 0x00, 0x0a, 0x02, 0xcd, 0x01)))
 * ```
 * @category Gallery
 */
export interface ModbusCoilsWrite extends ModbusRange {
  /** The packed coil values. */ readonly values: Uint8Array
}

/**
 * Registers written by function 16 (the byte count is derived).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode, right } from 'oxwire'
 * import { modbusTcpRequest, type ModbusRegistersWrite } from 'oxwire/protocols'
 * const write: ModbusRegistersWrite = { address: 1, quantity: 2, values: [0x000a, 0x0102] }
 * const bytes = encode(modbusTcpRequest, { transactionId: 4, unitId: 1, pdu: { function: 'writeMultipleRegisters', ...write } })
 * assert.deepEqual(bytes, right(Uint8Array.of(0, 4, 0, 0, 0, 11, 1, 0x10, 0x00, 0x01, 0x00, 0x02, 0x04, 0x00, 0x0a, 0x01, 0x02)))
 * ```
 * @category Gallery
 */
export interface ModbusRegistersWrite extends ModbusRange {
  /** The register values. */ readonly values: number[]
}

/**
 * An exception response: the function that failed and why.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { modbusTcpResponse, type ModbusException } from 'oxwire/protocols'
 * const illegalAddress: ModbusException = { exception: 'readHoldingRegisters', code: 2 }
 * assert.deepEqual(decode(modbusTcpResponse, Uint8Array.of(0, 1, 0, 0, 0, 3, 1, 0x83, 0x02)), right({ transactionId: 1, unitId: 1, pdu: illegalAddress }))
 * ```
 * @category Gallery
 */
export interface ModbusException {
  /** The function that failed (its code + 0x80 on the wire). */ readonly exception: ModbusFunctionName
  /** Exception code: 1 illegal function, 2 illegal data address, 3 illegal data value, 4 server failure, ... */ readonly code: number
}

/**
 * The function names of this grammar.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode } from 'oxwire'
 * import { modbusTcpRequest, type ModbusFunctionName } from 'oxwire/protocols'
 * const name: ModbusFunctionName = 'readInputRegisters'
 * const bytes = encode(modbusTcpRequest, { transactionId: 1, unitId: 1, pdu: { function: name, address: 0, quantity: 1 } })
 * assert.equal(bytes._tag === 'Right' && bytes.right[7], 4) // function code 4
 * ```
 * @category Gallery
 */
export type ModbusFunctionName = 'readCoils' | 'readDiscreteInputs' | 'readHoldingRegisters' | 'readInputRegisters' | 'writeSingleCoil' | 'writeSingleRegister' | 'writeMultipleCoils' | 'writeMultipleRegisters'

/**
 * A request PDU (client to server).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { modbusTcpRequest, type ModbusRequest } from 'oxwire/protocols'
 * const pdu: ModbusRequest = { function: 'writeSingleRegister', address: 1, value: 3 }
 * const bytes = encode(modbusTcpRequest, { transactionId: 5, unitId: 1, pdu })
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(modbusTcpRequest, bytes.right), right({ transactionId: 5, unitId: 1, pdu }))
 * ```
 * @category Gallery
 */
export type ModbusRequest =
  | (ModbusFunction<'readCoils' | 'readDiscreteInputs' | 'readHoldingRegisters' | 'readInputRegisters'> & ModbusRange)
  | (ModbusFunction<'writeSingleCoil' | 'writeSingleRegister'> & ModbusWrite)
  | (ModbusFunction<'writeMultipleCoils'> & ModbusCoilsWrite)
  | (ModbusFunction<'writeMultipleRegisters'> & ModbusRegistersWrite)

/**
 * A response PDU (server to client).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode, right } from 'oxwire'
 * import { modbusTcpResponse, type ModbusResponse } from 'oxwire/protocols'
 * const pdu: ModbusResponse = { function: 'writeMultipleRegisters', address: 1, quantity: 2 }
 * const bytes = encode(modbusTcpResponse, { transactionId: 4, unitId: 1, pdu })
 * assert.ok(bytes._tag === 'Right')
 * assert.deepEqual(decode(modbusTcpResponse, bytes.right), right({ transactionId: 4, unitId: 1, pdu }))
 * ```
 * @category Gallery
 */
export type ModbusResponse =
  | (ModbusFunction<'readCoils' | 'readDiscreteInputs'> & ModbusBits)
  | (ModbusFunction<'readHoldingRegisters' | 'readInputRegisters'> & ModbusRegisters)
  | (ModbusFunction<'writeSingleCoil' | 'writeSingleRegister'> & ModbusWrite)
  | (ModbusFunction<'writeMultipleCoils' | 'writeMultipleRegisters'> & ModbusRange)
  | ModbusException

/**
 * A Modbus TCP frame: the MBAP header (its length derived) and a PDU.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { encode } from 'oxwire'
 * import { modbusTcpRequest, type ModbusFrame, type ModbusRequest } from 'oxwire/protocols'
 * const frame: ModbusFrame<ModbusRequest> = { transactionId: 0x1234, unitId: 0xff, pdu: { function: 'readCoils', address: 0, quantity: 8 } }
 * const bytes = encode(modbusTcpRequest, frame)
 * // transaction id, protocol id 0, length of unit id + PDU (derived), unit id
 * assert.deepEqual(bytes._tag === 'Right' && [...bytes.right.subarray(0, 7)], [0x12, 0x34, 0, 0, 0, 6, 0xff])
 * ```
 * @category Gallery
 */
export interface ModbusFrame<P> {
  /** Pairs a response with its request. */ readonly transactionId: number
  /** The addressed unit (a serial device behind a gateway; 0xFF when none). */ readonly unitId: number
  /** The PDU. */ readonly pdu: P
}

/**
 * A PDU of either direction, as {@link modbusTcp} tells them apart.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { modbusTcp, type ModbusPdu } from 'oxwire/protocols'
 * // Function 3 with a 6-byte body can only be a response (a request's body is 4 bytes).
 * const frame = decode(modbusTcp, Uint8Array.of(0, 1, 0, 0, 0, 9, 0x11, 0x03, 0x06, 0x02, 0x2b, 0x00, 0x00, 0x00, 0x64))
 * assert.ok(frame._tag === 'Right')
 * const pdu: ModbusPdu = frame.right.pdu
 * assert.deepEqual(pdu, { protocol: 'response', value: { function: 'readHoldingRegisters', registers: [0x022b, 0, 0x64] } })
 * ```
 * @category Gallery
 */
export type ModbusPdu =
  | {
      /** Read as a request. */ readonly protocol: 'request'
      /** The request PDU. */ readonly value: ModbusRequest
    }
  | {
      /** Read as a response. */ readonly protocol: 'response'
      /** The response PDU. */ readonly value: ModbusResponse
    }

/**
 * A Modbus TCP request frame (MBAP header, then the request PDU of
 * function 1-6, 15 or 16).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { modbusTcpRequest } from 'oxwire/protocols'
 * const frame = Uint8Array.of(0, 1, 0, 0, 0, 6, 0x11, 0x03, 0x00, 0x6b, 0x00, 0x03)
 * assert.deepEqual(decode(modbusTcpRequest, frame), right({ transactionId: 1, unitId: 0x11, pdu: { function: 'readHoldingRegisters', address: 0x6b, quantity: 3 } }))
 * ```
 * @category Gallery
 */
export const modbusTcpRequest: Codec<ModbusFrame<ModbusRequest>> = framed(sized(pduSize, request))

/**
 * A Modbus TCP response frame (MBAP header, then the response PDU or an
 * exception response).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, right } from 'oxwire'
 * import { modbusTcpResponse } from 'oxwire/protocols'
 * const frame = Uint8Array.of(0, 1, 0, 0, 0, 3, 0x11, 0x81, 0x02)
 * assert.deepEqual(decode(modbusTcpResponse, frame), right({ transactionId: 1, unitId: 0x11, pdu: { exception: 'readCoils', code: 2 } }))
 * ```
 * @category Gallery
 */
export const modbusTcpResponse: Codec<ModbusFrame<ModbusResponse>> = framed(sized(pduSize, response))

/**
 * A Modbus TCP frame of either direction (Modbus Messaging on TCP/IP
 * Implementation Guide V1.0b; MODBUS Application Protocol V1.1b3): the
 * MBAP header and a PDU read as a request, else as a response. The bytes
 * do not say the direction, and some PDUs read both ways (function 1/2
 * responses of 3 status bytes look like requests; 5 and 6 are echoed):
 * such PDUs are read as requests and still re-encode byte for byte. When
 * the direction is known, use {@link modbusTcpRequest} or
 * {@link modbusTcpResponse}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode } from 'oxwire'
 * import { modbusTcp } from 'oxwire/protocols'
 * const response = Uint8Array.of(0, 1, 0, 0, 0, 9, 0x11, 0x03, 0x06, 0x02, 0x2b, 0x00, 0x00, 0x00, 0x64)
 * const frame = decode(modbusTcp, response)
 * assert.equal(frame._tag === 'Right' && frame.right.pdu.protocol, 'response')
 * ```
 * @category Gallery
 */
export const modbusTcp: Codec<ModbusFrame<ModbusPdu>> = framed(oneOf(named('request', sized(pduSize, request)), named('response', sized(pduSize, response))))
// grammar:end
