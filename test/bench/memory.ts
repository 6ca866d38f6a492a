import { createFrameDecoder } from '../../src/stream/index.js'
import type { detect } from '../../protocols/index.js'

/**
 * Pushes the chunked corpus through one stream decoder `passes` times and
 * records the most bytes it held and the heap after each pass: both must
 * stay flat however long the stream runs.
 */
export function memoryRun(grammar: typeof detect, chunks: readonly Uint8Array[], passes: number): { summary: string } {
  const decoder = createFrameDecoder(grammar)
  let maxBuffered = 0
  let frames = 0
  let bytes = 0
  const heaps: number[] = []
  const rss: number[] = []
  const gc = (globalThis as { gc?: () => void }).gc
  for (let p = 0; p < passes; p++) {
    for (const chunk of chunks) {
      for (const event of decoder.push(chunk)) if (event.type === 'frame') frames++
      if (decoder.buffered > maxBuffered) maxBuffered = decoder.buffered
      bytes += chunk.length
    }
    gc?.()
    const usage = process.memoryUsage()
    heaps.push(usage.heapUsed)
    rss.push(usage.rss)
  }
  const mb = (n: number) => (n / 2 ** 20).toFixed(1)
  const maxChunk = Math.max(...chunks.map((c) => c.length))
  return {
    summary:
      `${passes} passes, ${(bytes / 1e6).toFixed(0)} MB, ${frames} frames through one compiled decoder; ` +
      `most bytes held ${maxBuffered} (bound: largest frame 4104 + largest chunk ${maxChunk}); ` +
      `heap used after each pass ${mb(Math.min(...heaps))}..${mb(Math.max(...heaps))} MiB (first ${mb(heaps[0] ?? 0)}, last ${mb(heaps[heaps.length - 1] ?? 0)}), ` +
      `RSS ${mb(Math.min(...rss))}..${mb(Math.max(...rss))} MiB.`,
  }
}
