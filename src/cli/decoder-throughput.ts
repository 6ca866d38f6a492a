import type { Codec } from '../grammar/codec.js'
import { decodesCompiled } from '../compile/tiered.js'
import { createFrameDecoder } from '../stream/frame-decoder.js'

/** How fast a grammar's stream decoder went over some bytes. @internal */
export interface DecoderThroughput {
  /** Bytes per CPU second. */
  readonly bytesPerSecond: number
  /** Frames per CPU second. */
  readonly framesPerSecond: number
  /** Whether the default path ran generated code (false: the interpreter). */
  readonly compiled: boolean
}

/**
 * Decodes `streams` (one per connection, as they were sent) again with
 * fresh stream decoders of `grammar` on the default path, in 64 KiB chunks,
 * passes repeated until at least `minMs` of CPU time, and reports the rate
 * per CPU second. This is the decoder alone: the demo's own TCP figure
 * also holds its sending, which runs in the same process.
 * @internal
 */
export function decoderThroughput(grammar: Codec<unknown>, streams: readonly Uint8Array[], minMs = 200): DecoderThroughput {
  const cpuMs = (): number => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  let bytes = 0
  let frames = 0
  const start = cpuMs()
  let elapsed = 0
  do {
    for (const stream of streams) {
      const decoder = createFrameDecoder(grammar)
      for (let at = 0; at < stream.length; at += 65536) {
        for (const event of decoder.push(stream.subarray(at, at + 65536))) if (event.type === 'frame') frames++
      }
      for (const event of decoder.end()) if (event.type === 'frame') frames++
      bytes += stream.length
    }
    elapsed = cpuMs() - start
  } while (elapsed < minMs)
  const seconds = Math.max(elapsed, 1e-3) / 1000
  return { bytesPerSecond: bytes / seconds, framesPerSecond: frames / seconds, compiled: decodesCompiled(grammar) }
}
