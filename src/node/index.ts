/**
 * Node adapters: frame decoding over `Readable` streams and sockets (an
 * async iterator and an object-mode `Transform`), and a `Transform` that
 * encodes values into frames; captures: TCP reassembly and frame decoding
 * of captured packets.
 * @module oxwire/node
 */
export * from './decode-stream.js'
export * from './frame-decoder-transform.js'
export * from './frame-encoder-transform.js'
export { TcpReassembler, type ReassemblyOptions, type StreamData, type StreamEvent, type StreamHole } from '../capture/tcp-reassembly.js'
export { decodeCapture, type CaptureContext, type CaptureDecodeOptions, type CaptureEvent, type Flow } from '../capture/capture-decoder.js'
export type { CapturedPacket, TcpHeaderFields } from '../capture/captured-packet.js'
