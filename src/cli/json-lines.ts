// The JSON-lines encoding moved to src/runtime/ so that the server's sink
// (which may publish decoded values as JSON) can use it without depending
// on the CLI; the CLI keeps importing it from here.
export { toJsonLine, parseJsonLine } from '../runtime/json-lines.js'
