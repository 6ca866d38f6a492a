/**
 * Keeps references to the last chunks of a byte stream (no copies) so that
 * a malformed frame's bytes can be shown in a hex dump after the decoder has
 * moved past them. Chunks older than `window` bytes are dropped.
 * @internal
 */
export class RecentBytes {
  private readonly chunks: Uint8Array[] = []
  private start = 0 // stream offset of chunks[0]
  private total = 0

  constructor(private readonly window: number) {}

  /** Adds the next chunk of the stream. */
  push(chunk: Uint8Array): void {
    this.chunks.push(chunk)
    this.total += chunk.length
    let first = this.chunks[0]
    while (first !== undefined && this.total - first.length >= this.window) {
      this.chunks.shift()
      this.total -= first.length
      this.start += first.length
      first = this.chunks[0]
    }
  }

  /** The kept part of stream bytes `[from, to)`, copied into one array. */
  slice(from: number, to: number): Uint8Array {
    const lo = Math.max(from, this.start)
    const hi = Math.min(to, this.start + this.total)
    const out = new Uint8Array(Math.max(0, hi - lo))
    let at = this.start
    for (const chunk of this.chunks) {
      const a = Math.max(lo, at)
      const b = Math.min(hi, at + chunk.length)
      if (a < b) out.set(chunk.subarray(a - at, b - at), a - lo)
      at += chunk.length
    }
    return out
  }
}
