import cluster, { type Address, type Worker } from 'node:cluster'
import type { AddressInfo } from 'node:net'
import { availableParallelism } from 'node:os'
import { AggregatorRegistry } from 'prom-client'
import type { Logger } from 'pino'
import { createLogger } from './logger.js'
import { isMessage, type ToPrimary, type ToWorker } from './cluster-messages.js'
import type { ClusterServerOptions } from './cluster-options.js'
import { createClusterStatusServer, type WorkerHealth } from './cluster-status.js'

/** The primary's side of a cluster: its workers and its HTTP side. @internal */
export interface PrimarySide {
  readonly tcp: AddressInfo
  readonly http: AddressInfo
  workers(): Promise<WorkerHealth[]>
  close(): Promise<void>
}

// A worker that dies within this long of starting is restarted after a
// growing delay, so that a crash at start-up does not fork in a busy loop.
const QUICK_DEATH_MS = 2000
const MAX_RESTART_DELAY_MS = 5000

/**
 * Forks the workers, restarts any that dies (logged), serves `/healthz` and
 * the workers' aggregated `/metrics`, and drains every worker on `close`.
 */
export async function startPrimary<A>(options: ClusterServerOptions<A>): Promise<PrimarySide> {
  const count = options.workers ?? availableParallelism()
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`startClusterServer: workers must be a positive integer (got ${count})`)
  const log: Logger = options.logger ?? createLogger({ level: options.logLevel ?? 'info' })
  const healthTimeoutMs = options.healthTimeoutMs ?? 1000
  cluster.setupPrimary({
    ...(options.exec === undefined ? {} : { exec: options.exec }),
    ...(options.args === undefined ? {} : { args: [...options.args] }),
    ...(options.execArgv === undefined ? {} : { execArgv: [...options.execArgv] }),
  })
  // Constructed before any worker starts, so its listener sees every reply.
  const aggregator = new AggregatorRegistry()
  const started = new Map<number, number>() // worker id → start time
  let restartDelay = 0
  let closing: Promise<void> | undefined
  let tcp: AddressInfo | undefined

  const fork = (): Worker => {
    const worker = cluster.fork()
    started.set(worker.id, Date.now())
    return worker
  }

  // Every worker listens on the same address; the first one tells it.
  const listening = new Promise<AddressInfo>((resolve, reject) => {
    let ready = 0
    const onListening = (_worker: Worker, address: Address): void => {
      tcp ??= { address: address.address ?? options.host ?? '127.0.0.1', family: address.addressType === 6 ? 'IPv6' : 'IPv4', port: address.port }
      if (++ready === count) {
        cluster.off('listening', onListening)
        cluster.off('exit', onEarlyExit)
        resolve(tcp)
      }
    }
    const onEarlyExit = (worker: Worker, code: number | null, signal: string | null): void => {
      cluster.off('listening', onListening)
      cluster.off('exit', onEarlyExit)
      reject(new Error(`startClusterServer: worker ${worker.id} exited before listening (code ${code}, signal ${signal})`))
    }
    cluster.on('listening', onListening)
    cluster.on('exit', onEarlyExit)
  })

  for (let i = 0; i < count; i++) fork()
  let address: AddressInfo
  try {
    address = await listening
  } catch (error) {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill()
    throw error
  }

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker.id) ?? 0)
    started.delete(worker.id)
    if (closing !== undefined) return
    restartDelay = lived < QUICK_DEATH_MS ? Math.min(MAX_RESTART_DELAY_MS, Math.max(100, restartDelay * 2)) : 0
    log.error({ worker: worker.id, pid: worker.process.pid, code, signal, restartInMs: restartDelay }, 'worker died; starting another')
    setTimeout(() => {
      if (closing === undefined) fork()
    }, restartDelay)
  })

  const workers = (): Promise<WorkerHealth[]> =>
    Promise.all(Object.values(cluster.workers ?? {}).flatMap((worker) => (worker === undefined ? [] : [askHealth(worker, healthTimeoutMs)])))

  const status = createClusterStatusServer({
    expected: count,
    closing: () => closing !== undefined,
    workers,
    metrics: () => aggregator.clusterMetrics(),
    contentType: aggregator.contentType,
  })
  let http: AddressInfo
  try {
    http = await status.listen({ port: options.httpPort ?? 0, host: options.httpHost ?? '127.0.0.1' })
  } catch (error) {
    await drainAll(log)
    throw error
  }
  log.info({ workers: count, port: address.port, httpPort: http.port }, 'cluster listening')

  return {
    tcp: address,
    http,
    workers,
    close() {
      closing ??= drainAll(log).then(() => status.close())
      return closing
    },
  }
}

// Each worker drains its own connections (its server's graceful close) and
// exits; the primary waits for every one.
async function drainAll(log: Logger): Promise<void> {
  const live = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined)
  log.info({ workers: live.length }, 'draining workers')
  await Promise.all(
    live.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve()
          worker.once('exit', () => resolve())
          if (worker.isConnected()) worker.send({ type: 'oxwire:shutdown' } satisfies ToWorker)
          else worker.process.kill('SIGTERM')
        }),
    ),
  )
  log.info('all workers drained')
}

let nextRequest = 0

function askHealth(worker: Worker, timeoutMs: number): Promise<WorkerHealth> {
  const base = { id: worker.id, pid: worker.process.pid ?? 0 }
  if (!worker.isConnected()) return Promise.resolve({ ...base, ok: false, responding: false, connections: 0, frames: 0 })
  const requestId = nextRequest++
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      worker.off('message', onMessage)
      resolve({ ...base, ok: false, responding: false, connections: 0, frames: 0 })
    }, timeoutMs)
    const onMessage = (message: unknown): void => {
      if (!isMessage<ToPrimary>(message, 'oxwire:health') || message.requestId !== requestId) return
      clearTimeout(timer)
      worker.off('message', onMessage)
      resolve({ ...base, ...message.report, responding: true })
    }
    worker.on('message', onMessage)
    worker.send({ type: 'oxwire:health', requestId } satisfies ToWorker)
  })
}
