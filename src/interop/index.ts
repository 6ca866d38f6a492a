/**
 * Interoperation with other binary parsing libraries: use an existing
 * binary-parser definition as a decode-only oxwire grammar.
 * @module oxwire/interop
 */
export { fromBinaryParser, type BinaryParserLike, type FromBinaryParserOptions } from './binary-parser.js'
