/**
 * The bytes a frame decoder holds, kept contiguous so a frame that arrived
 * in pieces can be decoded in one piece.
 *
 * Decoded values hold views of these bytes (zero-copy), so no byte is ever
 * written twice: chunks are copied into space that has never been written,
 * and when that runs out the held bytes move to a newly allocated array
 * (compaction by allocation, never in place). Memory that a yielded value
 * points into therefore never changes; it is freed when the last value
 * viewing it is.
 * @internal
 */
export class ByteStore {
  /** Storage: bytes `[start, end)` are held; bytes from `end` on were never written. */
  bytes: Uint8Array = new Uint8Array(0)
  /** Index of the first held byte. */
  start = 0
  /** Index just past the last held byte. */
  end = 0
  /** Spare room allocated with each new array, so small chunks rarely allocate. */
  private readonly slack: number

  constructor(slack: number) {
    this.slack = slack
  }

  /** Bytes held. */
  get size(): number {
    return this.end - this.start
  }

  /** Appends a copy of `chunk`. */
  append(chunk: Uint8Array): void {
    const n = chunk.length
    if (n === 0) return
    if (this.end + n > this.bytes.length) {
      const held = this.size
      const next = new Uint8Array(held + n + this.slack)
      next.set(this.bytes.subarray(this.start, this.end))
      this.bytes = next
      this.start = 0
      this.end = held
    }
    this.bytes.set(chunk, this.end)
    this.end += n
  }

  /** Stops holding every byte before index `to`. */
  releaseTo(to: number): void {
    this.start = to
  }
}
