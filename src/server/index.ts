/**
 * The TCP packet server (`oxwire/server`): frame decoding per connection,
 * budgets and limits against hostile peers, graceful shutdown, Prometheus
 * metrics on an HTTP side, structured logs, and sinks that forward frames
 * to a broker (NATS JetStream).
 * @module oxwire/server
 */
export { createPacketServer, type PacketServer, type PacketServerOptions, type AbuseBudget, type MalformedLogLimit } from './packet-server.js'
export type { ListenOptions } from './listen.js'
export { createStatusServer, type StatusServer, type StatusServerOptions, type Health } from './status-http.js'
export { createServerMetrics, type ServerMetrics, type ServerMetricsOptions } from './metrics.js'
export { createLogger, droppedLogLines, flushLogger, type LoggerOptions, type LogLevel, type Logger } from './logger.js'
export { descriptorLimit, connectionLimitFor } from './descriptors.js'
export type { ConnectionInfo, CloseReason, FrameOf, MalformedOf, HandlerResult } from './types.js'
export { exitOnNextSignal, type ExitOnSignalOptions } from './signals.js'
export { createNatsSink, type NatsSink, type NatsSinkOptions } from './sink/nats-sink.js'
export type { FrameSink, SinkContext, SinkHealth, SinkState } from './sink/frame-sink.js'
export { frameHeaders, type SinkPayload } from './sink/frame-message.js'
export type { SinkMetrics } from './sink/sink-metrics.js'
export type { SinkStream } from './sink/stream-setup.js'
export { startClusterServer, type ClusterServer, type ClusterPrimary, type ClusterWorker } from './cluster.js'
export type { ClusterServerOptions } from './cluster-options.js'
export type { WorkerHealth } from './cluster-status.js'
export type { LiveFeedOptions } from './live-feed.js'
export type { LiveMessage, LiveEvent } from './live-messages.js'
