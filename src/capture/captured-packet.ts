/**
 * One transport payload from a capture, with where and when it was seen:
 * what the capture decoder needs, whatever the file format and link layer.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u16be } from 'oxwire/combinators'
 * import { decodeCapture, type CapturedPacket } from 'oxwire/node'
 * const tcp = (sequence: number, payload: Uint8Array, syn = false): CapturedPacket => ({
 *   time: 1, record: 1, transport: 'tcp', source: '10.0.0.1', sourcePort: 40000, destination: '10.0.0.2', destinationPort: 7000,
 *   tcp: { sequence, syn, ack: !syn, fin: false, rst: false }, payload,
 * })
 * // One u16be frame split across two segments is reassembled.
 * const packets = [tcp(99, new Uint8Array(0), true), tcp(100, Uint8Array.of(0x01)), tcp(101, Uint8Array.of(0x02))]
 * const frames = [...decodeCapture(packets, u16be)].flatMap((e) => (e.type === 'frame' ? [e.value] : []))
 * assert.deepEqual(frames, [0x0102])
 * ```
 * @category Captures
 */
export interface CapturedPacket {
  /** Capture time, seconds since the Unix epoch (fractional). */
  readonly time: number
  /** Number of the record in the capture, from 1. */
  readonly record: number
  /** The transport. */
  readonly transport: 'tcp' | 'udp'
  /** Sender address (dotted IPv4). */
  readonly source: string
  /** Sender port. */
  readonly sourcePort: number
  /** Receiver address. */
  readonly destination: string
  /** Receiver port. */
  readonly destinationPort: number
  /** TCP only: sequence number and the flags that matter to reassembly. */
  readonly tcp?: TcpHeaderFields
  /** The transport's payload. */
  readonly payload: Uint8Array
}

/**
 * The TCP header fields that reassembly reads.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u8 } from 'oxwire/combinators'
 * import { decodeCapture, type TcpHeaderFields } from 'oxwire/node'
 * const header = (sequence: number, syn: boolean): TcpHeaderFields => ({ sequence, syn, ack: !syn, fin: false, rst: false })
 * const packet = (tcp: TcpHeaderFields, payload: Uint8Array) => ({ time: 1, record: 1, transport: 'tcp' as const, source: '10.0.0.1', sourcePort: 40000, destination: '10.0.0.2', destinationPort: 7000, tcp, payload })
 * const events = [...decodeCapture([packet(header(0, true), new Uint8Array(0)), packet(header(1, false), Uint8Array.of(5, 6))], u8)]
 * assert.deepEqual(events.flatMap((e) => (e.type === 'frame' ? [e.value] : [])), [5, 6])
 * ```
 * @category Captures
 */
export interface TcpHeaderFields {
  /** Sequence number of the first payload byte (of the SYN, when set). */ readonly sequence: number
  /** SYN flag. */ readonly syn: boolean
  /** ACK flag. */ readonly ack: boolean
  /** FIN flag. */ readonly fin: boolean
  /** RST flag. */ readonly rst: boolean
}
