/**
 * Node adapters: frame decoding over `Readable` streams and sockets (an
 * async iterator and an object-mode `Transform`), and a `Transform` that
 * encodes values into frames.
 * @module oxwire/node
 */
export * from './decode-stream.js'
export * from './frame-decoder-transform.js'
export * from './frame-encoder-transform.js'
