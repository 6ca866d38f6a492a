/**
 * One transport payload from a capture, with where and when it was seen:
 * what the capture decoder needs, whatever the file format and link layer.
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

/** The TCP header fields that reassembly reads. @category Captures */
export interface TcpHeaderFields {
  /** Sequence number of the first payload byte (of the SYN, when set). */ readonly sequence: number
  /** SYN flag. */ readonly syn: boolean
  /** ACK flag. */ readonly ack: boolean
  /** FIN flag. */ readonly fin: boolean
  /** RST flag. */ readonly rst: boolean
}
