import { isRight } from 'fp-ts/lib/Either.js'
import { decode } from '../api.js'
import type { Codec } from '../grammar/codec.js'
import { createFrameDecoder, type FrameDecoder, type FrameEvent } from '../stream/frame-decoder.js'
import type { CapturedPacket } from './captured-packet.js'
import { TcpReassembler, type StreamHole } from './tcp-reassembly.js'

/**
 * One direction of a conversation: addresses, ports, and which way it goes
 * (`to-server` is towards the side that received the SYN, or for UDP the
 * first datagram's receiver).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u16be } from 'oxwire/combinators'
 * import { decodeCapture, type Flow } from 'oxwire/node'
 * const query = { time: 1, record: 1, transport: 'udp' as const, source: '10.0.0.1', sourcePort: 5000, destination: '10.0.0.2', destinationPort: 7000, payload: Uint8Array.of(0, 1) }
 * const [event] = decodeCapture([query], u16be)
 * const flow: Flow | undefined = event?.flow
 * assert.deepEqual(flow, { transport: 'udp', source: '10.0.0.1', sourcePort: 5000, destination: '10.0.0.2', destinationPort: 7000, direction: 'to-server' })
 * ```
 * @category Captures
 */
export interface Flow {
  /** `tcp` or `udp`. */
  readonly transport: 'tcp' | 'udp'
  /** Sender address. */
  readonly source: string
  /** Sender port. */
  readonly sourcePort: number
  /** Receiver address. */
  readonly destination: string
  /** Receiver port. */
  readonly destinationPort: number
  /** Towards the server or the client. */
  readonly direction: 'to-server' | 'to-client'
}

/**
 * What decoding a capture finds, in capture order: frames and the stream
 * decoder's other events (each with its flow, capture time and stream
 * offset), plus what TCP reassembly saw (gaps, retransmissions).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u16be } from 'oxwire/combinators'
 * import { decodeCapture, type CaptureEvent } from 'oxwire/node'
 * const datagram = { time: 1, record: 1, transport: 'udp' as const, source: '10.0.0.1', sourcePort: 5000, destination: '10.0.0.2', destinationPort: 7000, payload: Uint8Array.of(0, 7) }
 * const events: CaptureEvent<number>[] = [...decodeCapture([datagram], u16be)]
 * assert.deepEqual(events.map((e) => (e.type === 'frame' ? e.value : e.type)), [7])
 * ```
 * @category Captures
 */
export type CaptureEvent<A> = (FrameEvent<A> & CaptureContext) | (StreamHole & CaptureContext)

/**
 * Where and when a capture event happened.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u8 } from 'oxwire/combinators'
 * import { decodeCapture, type CaptureContext } from 'oxwire/node'
 * const datagram = { time: 1700000000.25, record: 1, transport: 'udp' as const, source: '10.0.0.1', sourcePort: 5000, destination: '10.0.0.2', destinationPort: 7000, payload: Uint8Array.of(9) }
 * const [event] = decodeCapture([datagram], u8)
 * const context: CaptureContext | undefined = event
 * assert.equal(context?.time, 1700000000.25)
 * assert.equal(context?.flow.destinationPort, 7000)
 * ```
 * @category Captures
 */
export interface CaptureContext {
  /** The direction of the conversation it belongs to. */
  readonly flow: Flow
  /** Capture time of the packet that completed it, seconds since the Unix epoch. */
  readonly time: number
}

interface Direction {
  readonly flow: Flow
  readonly reassembler: TcpReassembler
  decoder: FrameDecoder<unknown>
  base: number // stream offset where `decoder` started
}

/**
 * Options of {@link decodeCapture}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u8 } from 'oxwire/combinators'
 * import { decodeCapture, type CaptureDecodeOptions } from 'oxwire/node'
 * const datagram = (port: number) => ({ time: 1, record: 1, transport: 'udp' as const, source: '10.0.0.1', sourcePort: 5000, destination: '10.0.0.2', destinationPort: port, payload: Uint8Array.of(1) })
 * const options: CaptureDecodeOptions = { port: 7000 }
 * const events = [...decodeCapture([datagram(7000), datagram(53)], u8, options)]
 * assert.deepEqual(events.map((e) => e.flow.destinationPort), [7000])
 * ```
 * @category Captures
 */
export interface CaptureDecodeOptions {
  /** The frame decoder's largest frame (see `createFrameDecoder`). */
  readonly maxFrame?: number
  /** Only flows to or from this port. */
  readonly port?: number
}

function key(transport: string, a: string, ap: number, b: string, bp: number): string {
  return `${transport} ${a}:${ap} ${b}:${bp}`
}

/**
 * Decodes the frames in a capture: each TCP direction is reassembled
 * ({@link TcpReassembler}) and read as a frame stream with `grammar`; each
 * UDP datagram is one frame. A gap ends the stream's frame in progress (it
 * is reported truncated) and decoding starts afresh after it.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decodeCapture } from 'oxwire/node'
 * import { u16be } from 'oxwire/combinators'
 * const packet = { time: 1, record: 1, transport: 'udp' as const, source: '10.0.0.1', sourcePort: 5000, destination: '10.0.0.2', destinationPort: 7000, payload: Uint8Array.of(1, 2) }
 * const [event] = [...decodeCapture([packet], u16be)]
 * assert.equal(event?.type, 'frame')
 * ```
 * @category Captures
 */
export function* decodeCapture<A>(packets: Iterable<CapturedPacket>, grammar: Codec<A>, options: CaptureDecodeOptions = {}): Generator<CaptureEvent<A>> {
  const directions = new Map<string, Direction>()
  const servers = new Map<string, string>() // conversation -> "address:port" of its server
  const newDecoder = (): FrameDecoder<unknown> => createFrameDecoder(grammar as Codec<unknown>, options.maxFrame === undefined ? {} : { maxFrame: options.maxFrame })
  let lastTime = 0
  const stamped = function* (direction: Direction, events: readonly FrameEvent<unknown>[], time: number): Generator<CaptureEvent<A>> {
    for (const event of events) yield { ...event, offset: event.offset + direction.base, flow: direction.flow, time } as CaptureEvent<A>
  }
  for (const packet of packets) {
    lastTime = packet.time
    if (options.port !== undefined && packet.sourcePort !== options.port && packet.destinationPort !== options.port) continue
    const here = `${packet.source}:${packet.sourcePort}`
    const there = `${packet.destination}:${packet.destinationPort}`
    const conversation = [here, there].sort().join(' ') + ` ${packet.transport}`
    if (!servers.has(conversation)) servers.set(conversation, packet.tcp !== undefined && packet.tcp.syn && packet.tcp.ack ? here : there)
    const flow: Flow = {
      transport: packet.transport,
      source: packet.source,
      sourcePort: packet.sourcePort,
      destination: packet.destination,
      destinationPort: packet.destinationPort,
      direction: servers.get(conversation) === there ? 'to-server' : 'to-client',
    }
    if (packet.transport === 'udp' || packet.tcp === undefined) {
      if (packet.payload.length === 0) continue
      const result = decode(grammar, packet.payload)
      yield isRight(result)
        ? { type: 'frame', offset: 0, length: packet.payload.length, value: result.right, bytes: packet.payload, flow, time: packet.time }
        : { type: 'malformed', offset: 0, length: packet.payload.length, error: result.left, bytes: packet.payload, flow, time: packet.time }
      continue
    }
    const id = key(packet.transport, packet.source, packet.sourcePort, packet.destination, packet.destinationPort)
    let direction = directions.get(id)
    if (direction === undefined) {
      direction = { flow, reassembler: new TcpReassembler(), decoder: newDecoder(), base: 0 }
      directions.set(id, direction)
    }
    const current = direction
    for (const event of current.reassembler.segment({ sequence: packet.tcp.sequence, syn: packet.tcp.syn, payload: packet.payload })) {
      if (event.type === 'data') {
        yield* stamped(current, current.decoder.push(event.bytes), packet.time)
      } else {
        if (event.type === 'gap') {
          yield* stamped(current, current.decoder.end(), packet.time)
          current.decoder = newDecoder()
          current.base = event.offset + event.length
        }
        yield { type: event.type, offset: event.offset, length: event.length, flow: current.flow, time: packet.time }
      }
    }
  }
  for (const direction of directions.values()) yield* finish(direction, lastTime)

  function* finish(direction: Direction, time: number): Generator<CaptureEvent<A>> {
    for (const event of direction.reassembler.end()) {
      if (event.type === 'data') yield* stamped(direction, direction.decoder.push(event.bytes), time)
      else {
        if (event.type === 'gap') {
          yield* stamped(direction, direction.decoder.end(), time)
          direction.decoder = newDecoder()
          direction.base = event.offset + event.length
        }
        yield { type: event.type, offset: event.offset, length: event.length, flow: direction.flow, time }
      }
    }
    yield* stamped(direction, direction.decoder.end(), time)
  }
}
