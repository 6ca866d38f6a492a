/**
 * Streams: decoding a byte stream into frames, with no I/O of its own.
 *
 */
export * from './frame-decoder.js'
export { firstBytes, startPatterns, type StartPattern } from '../analysis/index.js'
