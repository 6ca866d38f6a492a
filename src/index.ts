/**
 * The core of oxwire: the codec type, decoding and encoding entry points,
 * errors and their formatter, and the structural interpreters.
 * @module oxwire
 */
export type { Codec, Grammar, NamedCodec, TypeOf } from './grammar/codec.js'
export { codec } from './grammar/codec.js'
export * from './api.js'
export * from './runtime/errors.js'
export { isLeft, isRight, left, right, type Either } from './runtime/either.js'
export * from './runtime/format.js'
export { DecodeState } from './runtime/decode-state.js'
export { EncodeState } from './runtime/encode-state.js'
export type * from './grammar/node.js'
export type { Expr, BinaryOp } from './grammar/expression.js'
export { sizeBounds, fixedSize, type SizeBounds } from './analysis/index.js'
export * from './stream/index.js'
export { compile, isCompiled } from './compile/compile.js'
export { interpreted, INTERPRET_ENV } from './compile/execution.js'
export { describe, layout, type LayoutRow } from './interpret/layout.js'
export { describeMarkdown, withLayout } from './interpret/layout-markdown.js'
export { decodeChecksums, type CheckedValue, type DecodeChecksumsOptions } from './interpret/decode-checksums.js'
export type { ChecksumReport } from './runtime/checksum-report.js'
export { wiresharkDissector, type DissectorOptions, type WiresharkDissector } from './dissector/wireshark.js'
export type { DissectorField, FieldRole } from './dissector/lua-program.js'
export { decodeSpans, spansAt } from './interpret/spans/decode-spans.js'
export type { BitRange, ChecksumStatus, DecodedSpans, Span, SpanRole, SpansOptions } from './interpret/spans/span.js'
