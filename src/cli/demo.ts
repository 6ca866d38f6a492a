import { performance } from 'node:perf_hooks'
import { formatError } from '../runtime/format.js'
import { createLogger } from '../server/logger.js'
import type { ConnectionInfo, FrameOf, MalformedOf } from '../server/types.js'
import { frameSummary } from './frame-summary.js'
import type { CliCommand } from './command.js'
import { write, type Output } from './io.js'
import { Random } from './random.js'
import { sendBytes } from './send-command.js'
import { bundledGrammar, nonNegativeInt, positiveInt } from './grammar-option.js'
import { startServe } from './serve-command.js'
import { concatBytes, generateTraffic, type TrafficItem } from './traffic.js'
import { decoderThroughput, type DecoderThroughput } from './decoder-throughput.js'

/** Options of {@link runDemo}. @internal */
export interface DemoOptions {
  /** Where the demo prints. */
  readonly out: Output
  /** Seed of the traffic and the split points. Default 2024. */
  readonly seed?: number
  /** Client connections, sending at the same time. Default 4. */
  readonly connections?: number
  /** Valid frames per connection. Default 1500. */
  readonly framesPerConnection?: number
  /** Milliseconds over which sending is spread, so the live view can be watched. Default 2000; 0 sends at full speed. */
  readonly spreadMs?: number
}

/** What the demo saw, also returned for tests. @internal */
export interface DemoReport {
  readonly sent: { frames: number; corrupt: number; garbageBytes: number; bytes: number; tlm: number; evr: number }
  readonly received: { frames: Record<string, number>; errors: Record<string, number>; skippedBytes: number; bytes: number; closed: number }
  readonly metrics: string
  readonly health: string
  readonly elapsedMs: number
  /** The stream decoder alone on the same bytes, on the default path. */
  readonly decoder: DecoderThroughput
}

const corruptPerConnection = [1, 0, 2, 0] // a few corrupt frames, not on every connection

function style(out: Output): { bold: (s: string) => string; dim: (s: string) => string; red: (s: string) => string; green: (s: string) => string } {
  const tty = out.isTTY === true
  const wrap = (code: string) => (s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s)
  return { bold: wrap('1'), dim: wrap('2'), red: wrap('31'), green: wrap('32') }
}

const count = (n: number): string => n.toLocaleString('en-US')

/**
 * The `npm start` demo: starts `serve` on 127.0.0.1 with ephemeral ports,
 * sends generated traffic over several real TCP connections at once (TLM
 * and EVR interleaved, random split points, a few corrupt frames, garbage),
 * shows decoded frames as they arrive, then prints a summary and a scrape
 * of `/metrics`, and shuts the server down.
 * @internal
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const { out } = options
  const s = style(out)
  const seed = options.seed ?? 2024
  const connections = options.connections ?? 4
  const perConnection = options.framesPerConnection ?? 1500
  const spreadMs = options.spreadMs ?? 2000
  const tty = out.isTTY === true

  const traffic: TrafficItem[][] = []
  for (let i = 0; i < connections; i++) {
    const corrupt = corruptPerConnection[i % corruptPerConnection.length] ?? 0
    traffic.push([...generateTraffic({ seed: seed + i, frames: perConnection, corrupt, garbage: true })])
  }
  const all = traffic.flat()
  const sent = {
    frames: all.filter((t) => t.kind === 'frame').length,
    corrupt: all.filter((t) => t.kind === 'corrupt').length,
    garbageBytes: all.reduce((n, t) => n + (t.kind === 'garbage' ? t.bytes.length : 0), 0),
    bytes: all.reduce((n, t) => n + t.bytes.length, 0),
    tlm: all.filter((t) => t.kind === 'frame' && t.frame.protocol === 'tlm').length,
    evr: all.filter((t) => t.kind === 'frame' && t.frame.protocol === 'evr').length,
  }

  const frames: Record<string, number> = {}
  const errors: Record<string, number> = {}
  let totalFrames = 0
  let closed = 0
  let lastShown = 0
  let status = ''
  const print = (line: string): void => {
    out.write(tty ? `\r\x1b[K${line}\n${status}` : `${line}\n`)
  }
  const redrawStatus = (): void => {
    if (!tty) return
    const errorCount = Object.values(errors).reduce((a, b) => a + b, 0)
    status = s.dim(`  … ${count(totalFrames)} frames (tlm ${count(frames.tlm ?? 0)}, evr ${count(frames.evr ?? 0)}), ${errorCount} errors`)
    out.write(`\r\x1b[K${status}`)
  }

  const onFrame = (frame: FrameOf<unknown>, connection: ConnectionInfo): void => {
    const { protocol, value } = frame.value as { protocol: string; value: unknown }
    frames[protocol] = (frames[protocol] ?? 0) + 1
    totalFrames++
    const now = Date.now()
    // The first frames, then about four a second: a view, not a flood.
    if (totalFrames <= 6 || now - lastShown >= 250) {
      lastShown = now
      print(`  ${s.dim(`c${connection.id} @${String(frame.offset).padEnd(6)}`)} ${frameSummary(protocol, value, Math.max(40, (out.columns ?? 114) - 14))}`)
    }
  }
  const onMalformed = (event: MalformedOf, connection: ConnectionInfo): void => {
    const kind = event.type === 'truncated' ? 'truncated' : event.error.kind
    errors[kind] = (errors[kind] ?? 0) + 1
    const first = Object.values(errors).reduce((a, b) => a + b, 0) === 1
    const text = formatError(event.error).split('\n')[0] ?? ''
    print(`  ${s.dim(`c${connection.id} @${String(event.offset).padEnd(6)}`)} ${s.red(`✗ ${event.type}: ${text}`)}`)
    // The first one in full, as the server logs it: the error with a hex
    // dump of the frame and a caret under the byte where it broke.
    if (first) for (const line of formatError(event.error, event.bytes).split('\n').slice(1)) print(s.dim(`    ${line}`))
  }

  // Logs are silenced: the live view shows the same events more briefly.
  const grammar = bundledGrammar('auto')
  const { server, tcp, http } = await startServe({
    grammar,
    host: '127.0.0.1',
    port: 0,
    httpPort: 0,
    logger: createLogger({ level: 'silent' }),
    hooks: { onFrame, onMalformed, onClose: () => void closed++ },
  })
  try {
    await write(out, `${s.bold('oxwire demo')}: packet server on ${tcp.address}:${tcp.port}, metrics on http://${http.address}:${http.port}/metrics\n`)
    await write(
      out,
      `sending ${connections} connections × ${count(perConnection)} frames at once (TLM and EVR interleaved, split at random points)\n` +
        `with ${sent.corrupt} corrupt frames and ${count(sent.garbageBytes)} garbage bytes\n\n`,
    )
    const ticker = setInterval(redrawStatus, 100)
    const started = performance.now()
    const perConnectionBytes = traffic.map((items) => concatBytes(items))
    // Spread sending over about `spreadMs`: a pause of 20 ms after every
    // 1/(spreadMs/20) of each connection's bytes.
    const steps = Math.max(1, Math.floor(spreadMs / 20))
    await Promise.all(
      perConnectionBytes.map((bytes, i) =>
        sendBytes(bytes, {
          host: tcp.address,
          port: tcp.port,
          random: new Random(seed * 7919 + i),
          maxChunk: 300,
          ...(spreadMs > 0 ? { pauseEvery: Math.ceil(bytes.length / steps), pauseMs: 20 } : {}),
        }),
      ),
    )
    // The clients are done; the server finishes handling their last bytes.
    for (let waited = 0; closed < connections && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10))
    const elapsedMs = performance.now() - started
    clearInterval(ticker)
    if (tty) out.write('\r\x1b[K')

    const metricsUrl = `http://${http.address}:${http.port}/metrics`
    const metrics = await (await fetch(metricsUrl)).text()
    const health = await (await fetch(`http://${http.address}:${http.port}/healthz`)).text()
    const received = { frames, errors, skippedBytes: scrape(metrics, 'oxwire_skipped_bytes_total'), bytes: scrape(metrics, 'oxwire_received_bytes_total'), closed }
    // The decoder the server ran (the default path: generated code after a
    // grammar's first few uses), timed alone on the same bytes.
    const decoder = decoderThroughput(grammar.grammar, perConnectionBytes)

    const errorText = Object.entries(errors).map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none'
    const rows: [string, string][] = [
      ['connections', `${connections}, all closed after sending`],
      ['frames', `${count(totalFrames)} of ${count(sent.frames)} sent (tlm ${count(frames.tlm ?? 0)}, evr ${count(frames.evr ?? 0)})`],
      ['errors', `${errorText} (${sent.corrupt} corrupt frames sent)`],
      ['bytes', `${count(received.bytes)} received, ${count(received.skippedBytes)} skipped (${count(sent.garbageBytes)} garbage sent, the rest from corrupt frames)`],
      ['elapsed', `${(elapsedMs / 1000).toFixed(2)} s${spreadMs > 0 ? ` (sending spread over ~${(spreadMs / 1000).toFixed(1)} s to be watchable)` : ''}`],
      ['throughput', `${rate(received.bytes, elapsedMs / 1000)}B/s, ${count(Math.round(totalFrames / (elapsedMs / 1000)))} frames/s over TCP`],
      ['decoder', `${rate(decoder.bytesPerSecond, 1)}B/s, ${count(Math.round(decoder.framesPerSecond))} frames/s per CPU second, the same bytes decoded again by the stream decoder alone (${decoder.compiled ? 'default path: generated code' : 'interpreter: code generation unavailable'})`],
    ]
    const ok = totalFrames === sent.frames
    await write(out, `\n${s.bold('summary')} ${ok ? s.green('✓ every valid frame decoded once') : s.red('✗ frame count differs')}\n`)
    for (const [name, value] of rows) await write(out, `  ${name.padEnd(12)} ${value}\n`)
    await write(out, `\n${s.bold('GET /healthz')} ${health}\n${s.bold(`GET ${metricsUrl}`)} ${s.dim('(oxwire_ series; histogram buckets left out)')}\n`)
    for (const line of metrics.split('\n')) {
      if (line.startsWith('oxwire_') && !line.includes('_bucket')) await write(out, `  ${line}\n`)
    }
    return { sent, received, metrics, health, elapsedMs, decoder }
  } finally {
    await server.close()
  }
}

/** The sum of a metric's samples in Prometheus text (all label sets). @internal */
export function scrape(metrics: string, name: string): number {
  let total = 0
  for (const line of metrics.split('\n')) {
    if (line.startsWith(name + ' ') || line.startsWith(name + '{')) total += Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return total
}

function rate(amount: number, seconds: number): string {
  const perSecond = seconds > 0 ? amount / seconds : 0
  const [value, prefix] = perSecond >= 1e6 ? [perSecond / 1e6, 'M'] : perSecond >= 1e3 ? [perSecond / 1e3, 'k'] : [perSecond, '']
  return `${value.toFixed(1)} ${prefix}`
}

interface DemoFlags {
  readonly seed: number
  readonly connections: number
  readonly frames: number
  readonly spreadMs: number
}

/** `oxwire demo`: exit status 1 if a valid frame was not decoded exactly once. @internal */
export const demoCli: CliCommand = {
  name: 'demo',
  define: (command) => {
    command
      .description('the npm start demo: serve on 127.0.0.1, send generated traffic over several connections, show what is decoded')
      .option('--seed <seed>', 'seed of the traffic and the split points', nonNegativeInt('--seed'), 2024)
      .option('--connections <n>', 'client connections sending at once', positiveInt('--connections'), 4)
      .option('--frames <n>', 'valid frames per connection', nonNegativeInt('--frames'), 1500)
      .option('--spread-ms <ms>', 'spread sending over this long, so it can be watched (0: full speed)', nonNegativeInt('--spread-ms'), 2000)
      .addHelpText('after', '\nShows frames as they are decoded, then a summary and a scrape of /metrics, and exits.')
  },
  run: async ({ command, io }) => {
    const flags = command.opts<DemoFlags>()
    const report = await runDemo({ out: io.stdout, seed: flags.seed, connections: flags.connections, framesPerConnection: flags.frames, spreadMs: flags.spreadMs })
    const decoded = Object.values(report.received.frames).reduce((a, b) => a + b, 0)
    return decoded === report.sent.frames ? 0 : 1
  },
}
