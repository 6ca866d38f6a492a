import type { Detected } from '../../../protocols/index.js'
import { detectFrame } from './detect.js'

// Hand-written stream framing for TLM and EVR: find a start byte, read the
// length from the header, wait for the whole frame, decode it; on garbage or
// a broken frame move on by one byte. Like oxwire's stream decoder, bytes
// once written are never overwritten (frames hold views of them), and it
// holds at most one frame plus one chunk.

const MAX_FRAME = 4104

/** A push-based framer that calls `onFrame` for each decoded frame. */
export class HandFramer {
  private buf = new Uint8Array(65536)
  private start = 0
  private end = 0

  constructor(private readonly onFrame: (frame: Detected) => void) {}

  push(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) {
      const held = this.end - this.start
      const next = new Uint8Array(Math.max(65536, held + chunk.length + MAX_FRAME))
      next.set(this.buf.subarray(this.start, this.end))
      this.buf = next
      this.start = 0
      this.end = held
    }
    this.buf.set(chunk, this.end)
    this.end += chunk.length
    const buf = this.buf
    const end = this.end
    let pos = this.start
    while (pos < end) {
      const b = buf[pos]
      let need: number
      if (b === 0x5a) {
        if (end - pos < 12) break
        const length = (buf[pos + 10]! << 8) | buf[pos + 11]!
        if (buf[pos + 1] !== 0xa5 || buf[pos + 2] !== 1 || length > 1024) {
          pos++
          continue
        }
        need = 14 + length
      } else if (b === 0xb5) {
        if (end - pos < 4) break
        const length = buf[pos + 2]! | (buf[pos + 3]! << 8)
        if (length < 12 || length > 4096) {
          pos++
          continue
        }
        need = 8 + length
      } else {
        pos++
        continue
      }
      if (end - pos < need) break
      const result = detectFrame(buf.subarray(pos, pos + need))
      if (result.ok) {
        this.onFrame(result.value)
        pos += need
      } else pos++
    }
    this.start = pos
  }
}
