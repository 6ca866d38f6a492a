import { once } from 'node:events'
import { createServer, connect, type AddressInfo, type Socket } from 'node:net'
import { PassThrough, Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { decodeStream, FrameDecoderTransform, FrameEncodeError, FrameEncoderTransform } from '../../src/node/index.js'
import type { FrameEvent } from '../../src/stream/frame-decoder.js'
import { detect, type Detected } from '../../protocols/detect.js'
import { concat, frameBytes, heartbeat, logLine, record } from '../stream/frames.js'

type Event = FrameEvent<Detected>

const values: Detected[] = Array.from({ length: 40 }, (_, i) =>
  i % 3 === 0 ? record(i, Uint8Array.of(i, i + 1)) : i % 3 === 1 ? heartbeat(i) : logLine(i, `line ${i}`),
)
const stream = concat(...values.map((v, i) => concat(frameBytes(v), i % 5 === 0 ? Uint8Array.of(0xee, 0x5a) : new Uint8Array(0))))

/** Deterministic uneven chunks: 1, 2, ... 37 bytes, then again. */
function chunked(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let at = 0, n = 1; at < bytes.length; at += n, n = (n % 37) + 1) out.push(bytes.slice(at, at + n))
  return out
}

const framesOf = (events: readonly Event[]): Detected[] => events.flatMap((e) => (e.type === 'frame' ? [e.value] : []))

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}

describe('decodeStream', () => {
  it('decodes a PassThrough written in uneven chunks', async () => {
    const source = new PassThrough()
    const done = collect(decodeStream(source, detect))
    for (const chunk of chunked(stream)) {
      if (!source.write(chunk)) await once(source, 'drain')
    }
    source.end(Uint8Array.of(0xb5, 0x21, 0x20, 0x00)) // a record cut short
    const events = await done
    expect(framesOf(events)).toEqual(values)
    expect(events.filter((e) => e.type === 'skipped').length).toBeGreaterThan(0)
    expect(events[events.length - 1]).toMatchObject({ type: 'truncated', offset: stream.length, length: 4 })
  })

  it('pulls: a consumer that stops reading stops the reading of the source', async () => {
    const chunks = values.map(frameBytes)
    let pulled = 0
    const source = Readable.from(
      (function* () {
        for (const c of chunks) {
          pulled++
          yield c
        }
      })(),
      { highWaterMark: 1 },
    )
    const iterator = decodeStream(source, detect)[Symbol.asyncIterator]()
    expect((await iterator.next()).value).toMatchObject({ type: 'frame', value: values[0] })
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r))
    expect(pulled).toBeLessThan(6)
    // Leaving early destroys the source.
    await iterator.return()
    expect(source.destroyed).toBe(true)
  })

  it('throws the source’s error, and a TypeError for text chunks', async () => {
    const failing = new Readable({ read() { this.destroy(new Error('boom')) } })
    await expect(collect(decodeStream(failing, detect))).rejects.toThrow('boom')
    const text = Readable.from(['not bytes'])
    await expect(collect(decodeStream(text as AsyncIterable<Uint8Array>, detect))).rejects.toThrow(TypeError)
  })
})

describe('FrameDecoderTransform', () => {
  it('decodes a piped byte stream into events, end() events last', async () => {
    const events: Event[] = []
    await pipeline(Readable.from(chunked(concat(stream, Uint8Array.of(0x5a, 0xa5, 0x01)))), new FrameDecoderTransform(detect), async (source: AsyncIterable<Event>) => {
      for await (const e of source) events.push(e)
    })
    expect(framesOf(events)).toEqual(values)
    expect(events[events.length - 1]).toMatchObject({ type: 'truncated', offset: stream.length, length: 3 })
  })

  it('pushes back on writers while its events are not read', () => {
    const transform = new FrameDecoderTransform(detect, { highWaterMark: 2 })
    const frame = frameBytes(heartbeat(1))
    let accepted = 0
    while (transform.write(concat(frame, frame, frame)) && accepted < 1000) accepted++
    expect(accepted).toBeLessThan(1000)
    expect(transform.readableLength).toBeLessThanOrEqual(3)
    expect(transform.decoder.offset).toBeLessThan((accepted + 1) * 3 * frame.length)
    transform.destroy()
  })
})

describe('FrameEncoderTransform', () => {
  it('encodes values into frames that decode back to them', async () => {
    const events: Event[] = []
    await pipeline(Readable.from(values), new FrameEncoderTransform(detect), new FrameDecoderTransform(detect), async (source: AsyncIterable<Event>) => {
      for await (const e of source) events.push(e)
    })
    expect(events.every((e) => e.type === 'frame')).toBe(true)
    expect(framesOf(events)).toEqual(values)
  })

  it('fails the stream with a typed FrameEncodeError on a value that does not encode', async () => {
    const bad = { protocol: 'tlm', value: { ...heartbeat(1).value, seq: 70000 } } as Detected
    const error = await pipeline(Readable.from([heartbeat(0), bad]), new FrameEncoderTransform(detect), new PassThrough().resume()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FrameEncodeError)
    expect(error).toMatchObject({ name: 'FrameEncodeError', value: bad, error: { kind: 'range', path: ['seq'] } })
  })

  it('with onError, reports and drops bad values and goes on', async () => {
    const bad = { protocol: 'xyz', value: 1 } as unknown as Detected
    const reported: unknown[] = []
    const out: Uint8Array[] = []
    await pipeline(
      Readable.from([heartbeat(1), bad, heartbeat(2)]),
      new FrameEncoderTransform(detect, { onError: (error, value) => reported.push([error.kind, value]) }),
      async (source: AsyncIterable<Uint8Array>) => {
        for await (const chunk of source) out.push(chunk)
      },
    )
    expect(reported).toEqual([['tag', bad]])
    expect(Buffer.concat(out)).toEqual(Buffer.from(concat(frameBytes(heartbeat(1)), frameBytes(heartbeat(2)))))
  })
})

describe('over a loopback socket', () => {
  it('delivers every frame once and in order, written through the encoder in random chunks', async () => {
    const received: Event[] = []
    const server = createServer((socket) => {
      void (async () => {
        for await (const e of decodeStream(socket, detect)) received.push(e)
        server.emit('decoded')
      })()
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    try {
      const client: Socket = connect(port, '127.0.0.1')
      await once(client, 'connect')
      client.setNoDelay(true)
      // Encoded frames re-cut into uneven pieces, with pauses, so reads split frames.
      const encoded: Uint8Array[] = []
      await pipeline(Readable.from(values), new FrameEncoderTransform(detect), async (source: AsyncIterable<Uint8Array>) => {
        for await (const c of source) encoded.push(c)
      })
      for (const [i, piece] of chunked(concat(...encoded)).entries()) {
        if (!client.write(piece)) await once(client, 'drain')
        if (i % 7 === 0) await new Promise((r) => setTimeout(r, 1))
      }
      const decoded = once(server, 'decoded')
      client.end()
      await decoded
      expect(received.every((e) => e.type === 'frame')).toBe(true)
      expect(framesOf(received)).toEqual(values)
    } finally {
      server.close()
    }
  })

  it('decodes frames written by a FrameEncoderTransform piped into the socket', async () => {
    const server = createServer()
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    try {
      const accepted = once(server, 'connection') as Promise<[Socket]>
      const client = connect(port, '127.0.0.1')
      const [socket] = await accepted
      const decoded = collect(decodeStream(socket, detect))
      await pipeline(Readable.from(values), new FrameEncoderTransform(detect), client)
      expect(framesOf(await decoded)).toEqual(values)
    } finally {
      server.close()
    }
  })

  it('a FrameDecoderTransform piped from the accepted socket sees every frame, the truncated tail last', async () => {
    const server = createServer()
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    try {
      const accepted = once(server, 'connection') as Promise<[Socket]>
      const client = connect(port, '127.0.0.1')
      const [socket] = await accepted
      const events: Event[] = []
      const decoded = pipeline(socket, new FrameDecoderTransform(detect, { highWaterMark: 1 }), async (source: AsyncIterable<Event>) => {
        for await (const e of source) {
          events.push(e)
          if (events.length % 10 === 0) await new Promise((r) => setTimeout(r, 1)) // a slow consumer
        }
      })
      for (const piece of chunked(concat(stream, Uint8Array.of(0x5a, 0xa5, 0x01, 0x02)))) {
        if (!client.write(piece)) await once(client, 'drain')
      }
      client.end()
      await decoded
      expect(framesOf(events)).toEqual(values)
      expect(events[events.length - 1]).toMatchObject({ type: 'truncated', offset: stream.length, length: 4 })
    } finally {
      server.close()
    }
  })
})
