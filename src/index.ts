/**
 * The core of oxwire: the codec type, decoding and encoding entry points,
 * errors and their formatter, and the structural interpreters.
 * @module
 */
export type { Codec, Grammar, NamedCodec, TypeOf } from './codec.js'
export { codec } from './codec.js'
export * from './api.js'
export * from './errors.js'
export * from './format.js'
export { DecodeState } from './decode-state.js'
export { EncodeState } from './encode-state.js'
export type * from './node.js'
export { sizeBounds, fixedSize, type SizeBounds } from './interpret/size.js'
export * from './stream/index.js'
export { compile, isCompiled } from './compile/compile.js'
export { describe, type LayoutRow } from './interpret/describe.js'
export { describeMarkdown, withLayout } from './interpret/describe-markdown.js'
