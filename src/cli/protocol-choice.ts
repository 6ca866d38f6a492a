import type { Codec } from '../grammar/codec.js'
import { detect, eventRecord, eventRecordMaxFrame, telemetry, telemetryMaxFrame } from '../../protocols/index.js'
import type { ProtocolChoice } from './traffic.js'

/** The grammar a `--protocol` choice decodes with, and how to label its values. @internal */
export interface ProtocolGrammar {
  /** What the frame decoder reads. */
  readonly grammar: Codec<unknown>
  /** The largest frame of the chosen protocols. */
  readonly maxFrame: number
  /** A decoded value as `{ protocol, value }`, whichever grammar made it. */
  readonly label: (decoded: unknown) => { protocol: string; value: unknown }
}

/** The grammar for a protocol choice. @internal */
export function grammarFor(choice: ProtocolChoice): ProtocolGrammar {
  switch (choice) {
    case 'tlm':
      return { grammar: telemetry as Codec<unknown>, maxFrame: telemetryMaxFrame, label: (value) => ({ protocol: 'tlm', value }) }
    case 'evr':
      return { grammar: eventRecord as Codec<unknown>, maxFrame: eventRecordMaxFrame, label: (value) => ({ protocol: 'evr', value }) }
    case 'auto':
      return {
        grammar: detect as Codec<unknown>,
        maxFrame: Math.max(telemetryMaxFrame, eventRecordMaxFrame),
        label: (value) => value as { protocol: string; value: unknown },
      }
  }
}
