/**
 * The protocol grammars: TLM telemetry, EVR event records, and detection.
 * @module oxwire/protocols
 */
export * from './telemetry.js'
export * from './event-record.js'
export * from './detect.js'
