// Messages between the cluster's primary and its workers, over the IPC
// channel node:cluster sets up. All carry a `type` prefixed `oxwire:` so
// that they never meet prom-client's own (`prom-client:…`).

import type { SinkHealth } from './sink/frame-sink.js'

/** One worker's answer to a health request. @internal */
export interface WorkerReport {
  /** Whether the worker's server accepts connections (false while draining). */
  readonly ok: boolean
  /** Connections open in this worker. */
  readonly connections: number
  /** Frames this worker decoded since it started. */
  readonly frames: number
  /** Its sink's state, when it has one. */
  readonly sink?: SinkHealth
}

/** Primary → worker. @internal */
export type ToWorker = { readonly type: 'oxwire:health'; readonly requestId: number } | { readonly type: 'oxwire:shutdown' }

/** Worker → primary. @internal */
export type ToPrimary = { readonly type: 'oxwire:health'; readonly requestId: number; readonly report: WorkerReport }

/** Whether an IPC message is one of ours, of the given type. @internal */
export function isMessage<T extends { type: string }>(message: unknown, type: T['type']): message is T {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type
}
