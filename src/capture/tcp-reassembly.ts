/**
 * What a TCP direction's reassembler hands on, in stream order: bytes, a gap
 * (bytes that never arrived), or a retransmission (bytes already delivered).
 * `offset` counts stream bytes from the first byte after the SYN (or the
 * first byte seen when the capture starts mid-stream).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { TcpReassembler, type StreamEvent } from 'oxwire/node'
 * const r = new TcpReassembler()
 * r.segment({ sequence: 0, syn: true, payload: new Uint8Array(0) })
 * const events: StreamEvent[] = r.segment({ sequence: 1, payload: Uint8Array.of(1, 2) })
 * assert.deepEqual(events, [{ type: 'data', offset: 0, bytes: Uint8Array.of(1, 2) }])
 * ```
 * @category Captures
 */
export type StreamEvent = StreamData | StreamHole

/**
 * Bytes of the stream, in order.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { TcpReassembler, type StreamData } from 'oxwire/node'
 * const r = new TcpReassembler()
 * r.segment({ sequence: 1000, syn: true, payload: new Uint8Array(0) })
 * const [data] = r.segment({ sequence: 1001, payload: Uint8Array.of(7, 8, 9) })
 * assert.ok(data?.type === 'data')
 * const chunk: StreamData = data
 * assert.deepEqual([chunk.offset, chunk.bytes.length], [0, 3])
 * ```
 * @category Captures
 */
export interface StreamData {
  /** Discriminant. */ readonly type: 'data'
  /** Stream offset of the first byte. */ readonly offset: number
  /** The bytes. */ readonly bytes: Uint8Array
}

/**
 * Bytes that never arrived (`gap`) or arrived again (`retransmission`).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { TcpReassembler, type StreamHole } from 'oxwire/node'
 * const r = new TcpReassembler()
 * r.segment({ sequence: 0, syn: true, payload: new Uint8Array(0) })
 * r.segment({ sequence: 1, payload: Uint8Array.of(1, 2) })
 * const [again] = r.segment({ sequence: 1, payload: Uint8Array.of(1, 2) }) // the same bytes once more
 * assert.ok(again !== undefined && again.type !== 'data')
 * const hole: StreamHole = again
 * assert.deepEqual(hole, { type: 'retransmission', offset: 0, length: 2 })
 * ```
 * @category Captures
 */
export interface StreamHole {
  /** Discriminant. */ readonly type: 'gap' | 'retransmission'
  /** Stream offset of the first byte. */ readonly offset: number
  /** How many bytes. */ readonly length: number
}

/**
 * Options of {@link TcpReassembler}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { TcpReassembler, type ReassemblyOptions } from 'oxwire/node'
 * const options: ReassemblyOptions = { maxBuffered: 4 }
 * const r = new TcpReassembler(options)
 * r.segment({ sequence: 0, syn: true, payload: new Uint8Array(0) })
 * // Byte 1 never arrives; once more than 4 bytes wait behind it, it is declared a gap.
 * const events = r.segment({ sequence: 2, payload: Uint8Array.of(2, 3, 4, 5, 6) })
 * assert.deepEqual(events.map((e) => e.type), ['gap', 'data'])
 * ```
 * @category Captures
 */
export interface ReassemblyOptions {
  /**
   * Most bytes held back waiting for a missing segment; past it the missing
   * bytes are declared a gap. Default 4 MiB.
   */
  readonly maxBuffered?: number
}

const MOD = 2 ** 32

/** The signed distance from `from` to `to` in 32-bit sequence space. */
function distance(from: number, to: number): number {
  const d = (((to - from) % MOD) + MOD) % MOD
  return d >= MOD / 2 ? d - MOD : d
}

/**
 * Puts one direction of a TCP connection back in order from its segments,
 * as they were captured: sequence numbers (wrapping at 2^32), retransmitted
 * and overlapping segments (delivered once, reported), segments out of
 * order (held until the bytes before them arrive), and holes that never
 * fill (reported as gaps when the buffer limit or the end is reached).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { TcpReassembler } from 'oxwire/node'
 * const r = new TcpReassembler()
 * r.segment({ sequence: 100, syn: true, payload: new Uint8Array(0) })
 * assert.deepEqual(r.segment({ sequence: 104, payload: Uint8Array.of(4, 5) }), []) // out of order: held
 * const events = r.segment({ sequence: 101, payload: Uint8Array.of(1, 2, 3) })
 * assert.deepEqual(events.map((e) => [e.type, e.offset]), [['data', 0], ['data', 3]])
 * ```
 * @category Captures
 */
export class TcpReassembler {
  private next: number | undefined // sequence number of the next byte to deliver
  private delivered = 0 // stream offset of `next`
  private readonly held = new Map<number, Uint8Array>() // out-of-order segments by sequence number
  private heldBytes = 0
  private readonly maxBuffered: number
  /** Segments that arrived ahead of a missing one. */
  outOfOrder = 0

  constructor(options: ReassemblyOptions = {}) {
    this.maxBuffered = options.maxBuffered ?? 4 << 20
  }

  /** Takes one captured segment; returns what can be delivered now. */
  segment(segment: { readonly sequence: number; readonly syn?: boolean; readonly payload: Uint8Array }): StreamEvent[] {
    const events: StreamEvent[] = []
    let sequence = segment.sequence
    if (segment.syn === true) {
      // The SYN takes one sequence number; data (rare) follows it.
      if (this.next === undefined) this.next = (sequence + 1) % MOD
      sequence = (sequence + 1) % MOD
    }
    if (segment.payload.length === 0) return events
    if (this.next === undefined) this.next = sequence
    this.accept(sequence, segment.payload, events)
    this.drain(events)
    if (this.heldBytes > this.maxBuffered) this.skipGap(events)
    return events
  }

  /** Declares every hole left a gap and delivers what was held; call at the end of the capture. */
  end(): StreamEvent[] {
    const events: StreamEvent[] = []
    while (this.held.size > 0) this.skipGap(events)
    return events
  }

  private accept(sequence: number, payload: Uint8Array, events: StreamEvent[]): void {
    const next = this.next as number
    const ahead = distance(next, sequence)
    if (ahead > 0) {
      const known = this.held.get(sequence)
      if (known === undefined || known.length < payload.length) {
        if (known !== undefined) this.heldBytes -= known.length
        this.held.set(sequence, payload)
        this.heldBytes += payload.length
        this.outOfOrder++
      } else {
        events.push({ type: 'retransmission', offset: this.delivered + ahead, length: payload.length })
      }
      return
    }
    const old = Math.min(-ahead, payload.length)
    if (old > 0) events.push({ type: 'retransmission', offset: this.delivered + ahead, length: old })
    if (old === payload.length) return
    const fresh = payload.subarray(old)
    events.push({ type: 'data', offset: this.delivered, bytes: fresh })
    this.delivered += fresh.length
    this.next = (next + fresh.length) % MOD
  }

  /** Delivers held segments that the stream has now reached. */
  private drain(events: StreamEvent[]): void {
    for (let progress = true; progress && this.held.size > 0; ) {
      progress = false
      for (const [sequence, payload] of this.held) {
        if (distance(this.next as number, sequence) <= 0) {
          this.held.delete(sequence)
          this.heldBytes -= payload.length
          this.accept(sequence, payload, events)
          progress = true
        }
      }
    }
  }

  /** Gives up on the first hole: reports it, moves past it, delivers what follows. */
  private skipGap(events: StreamEvent[]): void {
    let nearest: number | undefined
    for (const sequence of this.held.keys()) {
      if (nearest === undefined || distance(this.next as number, sequence) < distance(this.next as number, nearest)) nearest = sequence
    }
    if (nearest === undefined) return
    const missing = distance(this.next as number, nearest)
    events.push({ type: 'gap', offset: this.delivered, length: missing })
    this.delivered += missing
    this.next = nearest
    this.drain(events)
  }
}
