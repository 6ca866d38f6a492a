import type { ConnectionInfo, FrameOf, HandlerResult } from '../types.js'
import type { FrameSink, SinkHealth } from './frame-sink.js'
import type { Health } from '../status-http.js'

type FrameHandler<A> = (frame: FrameOf<A>, connection: ConnectionInfo) => HandlerResult

/**
 * The server's frame handler with a sink: the sink takes each frame first
 * (so a throwing `onFrame` cannot keep a frame from it), then `onFrame`;
 * the connection waits for whichever of them asks it to.
 * @internal
 */
export function withSink<A>(onFrame: FrameHandler<A> | undefined, sink: FrameSink<A> | undefined): FrameHandler<A> | undefined {
  if (sink === undefined) return onFrame
  if (onFrame === undefined) return (frame, connection) => sink.accept(frame, connection)
  return (frame, connection) => {
    const sunk = sink.accept(frame, connection)
    const handled = onFrame(frame, connection)
    if (sunk === undefined) return handled
    if (handled === undefined) return sunk
    return Promise.all([sunk, handled]).then(() => undefined)
  }
}

/**
 * `/healthz` of a server: `shutting-down` once closing, `degraded` while
 * its sink is not ok (the broker is away: frames wait, nothing is lost,
 * but a load balancer should prefer another instance), else `ok`.
 * @internal
 */
export function serverHealth(closing: boolean, connections: number, sinkHealth: SinkHealth | undefined): Health {
  const status = closing ? 'shutting-down' : sinkHealth !== undefined && !sinkHealth.ok ? 'degraded' : 'ok'
  return { ok: status === 'ok', status, connections, ...(sinkHealth === undefined ? {} : { sink: sinkHealth }) }
}
