import { describe, expect, it } from 'vitest'
import { subjectTemplate, subjectToken } from '../../../src/server/sink/frame-message.js'
import { subjectFilter } from '../../../src/server/sink/stream-setup.js'
import { serverHealth, withSink } from '../../../src/server/sink/with-sink.js'
import { backoff, Waits } from '../../../src/server/sink/wait.js'
import { createNatsSink } from '../../../src/server/sink/nats-sink.js'
import type { FrameSink, SinkHealth } from '../../../src/server/sink/frame-sink.js'
import type { ConnectionInfo, FrameOf } from '../../../src/server/types.js'

const connection: ConnectionInfo = { id: 1, remoteAddress: '127.0.0.1', remotePort: 1, bytesReceived: 0, frames: 0, buffered: 0 }
const frame: FrameOf<number> = { type: 'frame', value: 1, offset: 0, length: 1, bytes: Uint8Array.of(1) }

describe('subject templates', () => {
  it('fills in {protocol} and {instance} with subject-safe tokens', () => {
    const subject = subjectTemplate('frames.{protocol}.{instance}', 'a.b')
    expect(subject('tlm')).toBe('frames.tlm.a_b')
    expect(subject('my proto.*>')).toBe('frames.my_proto___.a_b')
    expect(subject('')).toBe('frames._.a_b')
    expect(subjectTemplate('fixed.subject', 'x')('tlm')).toBe('fixed.subject')
    expect(subjectToken('ok-_1')).toBe('ok-_1')
  })

  it('refuses wildcards, empty tokens, spaces and unknown placeholders', () => {
    for (const bad of ['frames.*', 'frames.>', 'frames..x', '', 'a b', 'frames.{device}', 'frames.{protocol']) {
      expect(() => subjectTemplate(bad, 'i'), bad).toThrow(TypeError)
    }
  })

  it('gives the stream filter of a template', () => {
    expect(subjectFilter('frames.{protocol}')).toBe('frames.*')
    expect(subjectFilter('site-{instance}.frames.{protocol}')).toBe('*.frames.*')
  })
})

describe('the server hook', () => {
  const calls: string[] = []
  const sink = (result: Promise<void> | undefined): FrameSink<number> => ({
    attach: () => {},
    accept: () => (calls.push('sink'), result),
    release: () => {},
    health: () => ({ kind: 'test', state: 'connected', ok: true, outstanding: 0, failed: 0 }),
    close: async () => {},
  })

  it('hands each frame to the sink before onFrame, and waits for whichever asks', async () => {
    expect(withSink(undefined, undefined)).toBeUndefined()
    const onFrame = (): undefined => void calls.push('handler')
    expect(withSink(onFrame, undefined)).toBe(onFrame)
    calls.length = 0
    expect(withSink(onFrame, sink(undefined))?.(frame, connection)).toBeUndefined()
    expect(calls).toEqual(['sink', 'handler'])
    const waiting = Promise.resolve()
    expect(withSink(onFrame, sink(waiting))?.(frame, connection)).toBe(waiting)
    expect(withSink(() => waiting, sink(undefined))?.(frame, connection)).toBe(waiting)
    await expect(withSink(() => waiting, sink(Promise.resolve()))?.(frame, connection)).resolves.toBeUndefined()
    expect(withSink(undefined, sink(waiting))?.(frame, connection)).toBe(waiting)
  })

  it('reports degraded while the sink is not ok, shutting-down first', () => {
    const bad: SinkHealth = { kind: 'nats', state: 'reconnecting', ok: false, outstanding: 3, failed: 0 }
    expect(serverHealth(false, 2, undefined)).toEqual({ ok: true, status: 'ok', connections: 2 })
    expect(serverHealth(false, 2, bad)).toEqual({ ok: false, status: 'degraded', connections: 2, sink: bad })
    expect(serverHealth(true, 0, bad)).toMatchObject({ ok: false, status: 'shutting-down' })
  })
})

describe('createNatsSink', () => {
  it('checks its options when built', () => {
    expect(() => createNatsSink({ servers: [] })).toThrow(TypeError)
    expect(() => createNatsSink({ servers: 'nats://127.0.0.1:1', subject: 'a.*' })).toThrow(TypeError)
    expect(() => createNatsSink({ servers: 'nats://127.0.0.1:1', window: 0 })).toThrow(RangeError)
    expect(() => createNatsSink({ servers: 'nats://127.0.0.1:1', ackTimeoutMs: -1 })).toThrow(RangeError)
    expect(() => createNatsSink({ servers: 'nats://127.0.0.1:1', payload: 'xml' as 'json' })).toThrow(TypeError)
  })

  it('refuses frames before it is attached, and closes at once when never attached', async () => {
    const sink = createNatsSink<number>({ servers: 'nats://127.0.0.1:1', instance: 'me' })
    expect(sink.instance).toBe('me')
    expect(sink.state).toBe('connecting')
    expect(() => sink.accept(frame, connection)).toThrow(/attach/)
    await sink.close()
  })
})

describe('retry timing', () => {
  it('doubles from min to max with at most 20 % jitter', () => {
    for (const [attempt, base] of [[1, 100], [2, 200], [3, 400], [10, 1000]] as const) {
      const delay = backoff(attempt, 100, 1000)
      expect(delay).toBeGreaterThanOrEqual(base)
      expect(delay).toBeLessThanOrEqual(base * 1.2 + 1)
    }
  })

  it('wakes every sleeper at once', async () => {
    const waits = new Waits()
    const slept = Promise.all([waits.sleep(60_000), waits.sleep(60_000)])
    waits.wakeAll()
    await expect(slept).resolves.toBeDefined()
    await waits.sleep(1)
  })
})
