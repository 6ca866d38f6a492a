/**
 * The combinator vocabulary: every protocol grammar is built from these.
 * @module oxwire/combinators
 */
export * from './numbers.js'
export * from './varint.js'
export * from './bytes.js'
export * from './text.js'
export * from './constant.js'
export * from './bits.js'
export * from './struct.js'
export * from './enumeration.js'
export * from './transform.js'
export * from './repeat.js'
export * from './sized.js'
export * from './dependent.js'
export * from './checksum/checksummed.js'
export * from './checksum/index.js'
export * from './one-of.js'
export * from './custom.js'
