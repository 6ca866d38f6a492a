import { isLeft } from 'fp-ts/lib/Either.js'
import { connect, type Socket } from 'node:net'
import { Writable } from 'node:stream'
import { encode } from '../../src/api.js'
import type { Codec } from '../../src/grammar/codec.js'
import { eventRecord, telemetry } from '../../protocols/index.js'
import { createLogger } from '../../src/server/logger.js'

/** A silent logger for servers under test. */
export const quiet = createLogger({ level: 'silent' })

/** A 19-byte TLM heartbeat carrying two numbers to identify it by. */
export function heartbeat(seq: number, timestamp: number): Uint8Array {
  return encoded(telemetry, { seq, timestamp, payload: { type: 'heartbeat', uptime: 1, status: 0 } })
}

/** A 20-byte EVR record with no fields. */
export function evr(deviceId: bigint, eventId: number): Uint8Array {
  return encoded(eventRecord, { flags: { ackRequested: false, retransmit: false, urgent: false }, deviceId, eventId, fields: [] })
}

function encoded(codec: unknown, value: unknown): Uint8Array {
  const result = encode(codec as Codec<unknown>, value)
  if (isLeft(result)) throw new Error(result.left.message)
  return result.right
}

/** Bytes joined. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts))
}

/** Opens a client connection to 127.0.0.1:port. */
export function client(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket))
    socket.once('error', reject)
  })
}

/** Resolves when the socket is closed. */
export function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed && socket.closed ? resolve() : socket.once('close', () => resolve())))
}

/** Polls `check` every 5 ms until it holds or `ms` pass; fails the test on timeout. */
export async function until(check: () => boolean, ms = 5000): Promise<void> {
  for (let waited = 0; !check(); waited += 5) {
    if (waited >= ms) throw new Error(`condition not met within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** A writable that keeps what it is given as lines of JSON. */
export function logSink(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = ''
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString()
      done()
    },
  })
  return { stream, lines: () => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>) }
}

/** The sum of a metric's samples in Prometheus text whose labels contain `labels`. */
export function metricValue(text: string, name: string, labels = ''): number {
  let total = 0
  for (const line of text.split('\n')) {
    if (!(line.startsWith(`${name} `) || line.startsWith(`${name}{`))) continue
    if (labels !== '' && !line.includes(labels)) continue
    total += Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return total
}
