import { describe, expect, it } from 'vitest'
import { createClusterStatusServer, type WorkerHealth } from '../../../src/server/cluster-status.js'
import type { SinkHealth } from '../../../src/server/sink/frame-sink.js'

const sink = (ok: boolean): SinkHealth => ({ kind: 'nats', state: ok ? 'connected' : 'reconnecting', ok, outstanding: ok ? 0 : 12, failed: 0 })
const worker = (id: number, sinkHealth?: SinkHealth): WorkerHealth => ({ id, pid: 100 + id, responding: true, ok: true, connections: 1, frames: 10, ...(sinkHealth === undefined ? {} : { sink: sinkHealth }) })

async function healthz(workers: WorkerHealth[]): Promise<{ code: number; body: { status: string; workers: WorkerHealth[] } }> {
  const status = createClusterStatusServer({ expected: 2, closing: () => false, workers: async () => workers, metrics: async () => '', contentType: 'text/plain' })
  const { port } = await status.listen({ host: '127.0.0.1', port: 0 })
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`)
    return { code: response.status, body: (await response.json()) as { status: string; workers: WorkerHealth[] } }
  } finally {
    await status.close()
  }
}

describe("a cluster's /healthz with sinks", () => {
  it('is ok while every worker’s sink delivers', async () => {
    expect(await healthz([worker(1, sink(true)), worker(2, sink(true))])).toMatchObject({ code: 200, body: { status: 'ok' } })
  })

  it('is degraded with 503 while a worker’s sink cannot deliver, and shows which', async () => {
    const answer = await healthz([worker(1, sink(false)), worker(2, sink(true))])
    expect(answer).toMatchObject({ code: 503, body: { status: 'degraded' } })
    expect(answer.body.workers[0]?.sink).toMatchObject({ state: 'reconnecting', ok: false, outstanding: 12 })
  })

  it('keeps 200 degraded for a missing worker when sinks are fine', async () => {
    expect(await healthz([worker(1, sink(true))])).toMatchObject({ code: 200, body: { status: 'degraded' } })
    expect(await healthz([worker(1), worker(2)])).toMatchObject({ code: 200, body: { status: 'ok' } })
  })
})
