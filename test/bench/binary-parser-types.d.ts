// binary-parser 2 ships its types but its package.json "exports" does not
// point at them; this makes them visible under NodeNext resolution.
declare module 'binary-parser' {
  export { Parser } from '../../node_modules/binary-parser/dist/binary_parser.js'
}
