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
 * decode(detect, bytes) // right({ protocol: 'evr', value: { deviceId: 42n, ... } })
 * ```
 * @category Detection
 */
export const detect = oneOf(telemetry, eventRecord)

/**
 * What {@link detect} decodes to.
 * @category Detection
 */
export type Detected = TypeOf<typeof detect>
