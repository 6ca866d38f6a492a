import type { TypeOf } from '../src/index.js'
import { oneOf } from '../combinators/index.js'
import { telemetry } from './telemetry.js'
import { eventRecord } from './event-record.js'

/**
 * Tells TLM and EVR apart: `{ protocol: 'tlm' | 'evr', value }`. After TLM's
 * magic and version, or EVR's sync byte and version nibble, a failure is
 * that protocol's own error.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { detect, eventRecord } from 'oxwire/protocols'
 * const bytes = encode(eventRecord, { flags: { ackRequested: false, retransmit: false, urgent: false }, deviceId: 42n, eventId: 7, fields: [] })
 * assert.ok(bytes._tag === 'Right')
 * const found = decode(detect, bytes.right)
 * assert.ok(found._tag === 'Right' && found.right.protocol === 'evr')
 * assert.equal(found.right.value.deviceId, 42n)
 * ```
 * @category Detection
 */
export const detect = oneOf(telemetry, eventRecord)

/**
 * What {@link detect} decodes to.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { decode, encode } from 'oxwire'
 * import { detect, telemetry, type Detected } from 'oxwire/protocols'
 * const bytes = encode(telemetry, { seq: 5, timestamp: 0, payload: { type: 'heartbeat', uptime: 1, status: 0 } })
 * assert.ok(bytes._tag === 'Right')
 * const result = decode(detect, bytes.right)
 * assert.ok(result._tag === 'Right')
 * const detected: Detected = result.right
 * assert.equal(detected.protocol === 'tlm' && detected.value.seq, 5)
 * ```
 * @category Detection
 */
export type Detected = TypeOf<typeof detect>
