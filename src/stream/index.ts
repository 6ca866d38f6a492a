/**
 * Streams: decoding a byte stream into frames, with no I/O of its own.
 *
 */
export * from './frame-decoder.js'
export { firstBytes } from './first-bytes.js'
export { startPatterns, type StartPattern } from './start-patterns.js'
