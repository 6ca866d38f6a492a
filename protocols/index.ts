/**
 * The protocol grammars: TLM telemetry, EVR event records, and detection.
 * @module
 */
export * from './telemetry.js'
export * from './event-record.js'
export * from './detect.js'
