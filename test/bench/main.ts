// npm run bench [-- --quick] [-- --no-write] [-- --only=<jobs>] [-- --rounds=N] [-- --frames=N]
// (BENCH_ONLY, BENCH_ROUNDS and BENCH_FRAMES in the environment do the same.)
// Decoding, detection, encoding and stream decoding of a seeded corpus,
// timed against a hand-written DataView codec and binary-parser 2 in the
// same run, interleaved; the table goes to stdout and docs/PERFORMANCE.md.
import { cpus, loadavg, totalmem, platform, release } from 'node:os'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { decode, encode } from '../../src/api.js'
import { compile } from '../../src/compile/compile.js'
import { interpreted } from '../../src/compile/execution.js'
import { createFrameDecoder } from '../../src/stream/index.js'
import { detect, eventRecord, telemetry } from '../../protocols/index.js'
import { makeCorpus, prng } from './corpus.js'
import { measure, table, type Row, type RowResult } from './harness.js'
import { decodeTlm, encodeTlm } from './handwritten/tlm.js'
import { decodeEvr, encodeEvr } from './handwritten/evr.js'
import { detectFrame } from './handwritten/detect.js'
import { HandFramer } from './handwritten/framing.js'
import { parseDetect, parseEvr, parseTlm } from './binary-parser.js'
import { receive, startSender } from './loopback.js'
import { memoryRun } from './memory.js'
import { firstCallTable } from './first-call.js'
import { serverTable } from './server.js'
import { interopRows, interopTargets } from './interop.js'
import { ipv4Rows, IPV4_JOB } from './ipv4.js'

const quick = process.argv.includes('--quick')
const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? process.env[`BENCH_${name.toUpperCase()}`]
// A subset for a decision on a shared machine: jobs whose name contains one
// of the comma-separated words (case-insensitive), e.g. `--only=tlm,encode`;
// `first call`, `server` and `memory` name the sections after the table.
const only = option('only')
  ?.split(',')
  .map((w) => w.trim().toLowerCase())
  .filter((w) => w !== '')
const wanted = (job: string): boolean => only === undefined || only.some((w) => job.toLowerCase().includes(w))
// A partial run never overwrites the full run's figures.
const write = !process.argv.includes('--no-write') && only === undefined && option('rounds') === undefined && option('frames') === undefined
const FRAMES = Number(option('frames') ?? (quick ? 10_000 : 100_000))
const ROUNDS = Number(option('rounds') ?? (quick ? 3 : 11))
const WARMUP = quick || option('rounds') !== undefined ? 1 : 3

const loadBefore = loadavg()
const corpus = makeCorpus(FRAMES)
const tlm = corpus.filter((f) => f.protocol === 'tlm')
const evr = corpus.filter((f) => f.protocol === 'evr')
const sizeOf = (frames: typeof corpus) => frames.reduce((n, f) => n + f.bytes.length, 0)
const totalBytes = sizeOf(corpus)

// What users get without asking (generated code after a grammar's first
// few uses), the interpreter forced (where code generation is refused),
// and compile() ahead of time.
const slowTlm = interpreted(telemetry)
const slowEvr = interpreted(eventRecord)
const slowDetect = interpreted(detect)
const fastDetect = compile(detect)

function count(frames: typeof corpus, ok: (bytes: Uint8Array, frame: (typeof corpus)[number]) => boolean): () => number {
  return () => {
    let n = 0
    for (const frame of frames) if (ok(frame.bytes, frame)) n++
    return n
  }
}

const rows: Row[] = []
const decodeRow = (job: string, frames: typeof corpus, hand: (b: Uint8Array) => { ok: boolean }, grammar: typeof telemetry | typeof eventRecord, slow: typeof telemetry | typeof eventRecord, bp: (b: Uint8Array) => { ok: boolean }): Row => ({
  job,
  bytes: sizeOf(frames),
  items: frames.length,
  contenders: [
    { name: 'hand-written DataView', run: count(frames, (b) => hand(b).ok) },
    { name: 'oxwire default path', run: count(frames, (b) => decode(grammar as never, b)._tag === 'Right') },
    { name: 'oxwire forced interpreter', run: count(frames, (b) => decode(slow as never, b)._tag === 'Right') },
    { name: 'binary-parser 2 + checks', run: count(frames, (b) => bp(b).ok) },
  ],
})
rows.push(decodeRow('decode TLM', tlm, decodeTlm, telemetry, slowTlm, parseTlm))
rows.push(decodeRow('decode EVR', evr, decodeEvr, eventRecord, slowEvr, parseEvr))
rows.push({
  job: 'decode mix, protocol known',
  bytes: totalBytes,
  items: corpus.length,
  contenders: [
    { name: 'hand-written DataView', run: count(corpus, (b, f) => (f.protocol === 'tlm' ? decodeTlm(b) : decodeEvr(b)).ok) },
    { name: 'oxwire default path', run: count(corpus, (b, f) => (f.protocol === 'tlm' ? decode(telemetry, b) : decode(eventRecord, b))._tag === 'Right') },
    { name: 'oxwire forced interpreter', run: count(corpus, (b, f) => (f.protocol === 'tlm' ? decode(slowTlm, b) : decode(slowEvr, b))._tag === 'Right') },
    { name: 'binary-parser 2 + checks', run: count(corpus, (b, f) => (f.protocol === 'tlm' ? parseTlm(b) : parseEvr(b)).ok) },
  ],
})
rows.push({
  job: 'decode mix, detection',
  bytes: totalBytes,
  items: corpus.length,
  contenders: [
    { name: 'hand-written (first byte)', run: count(corpus, (b) => detectFrame(b).ok) },
    { name: 'oxwire default path oneOf', run: count(corpus, (b) => decode(detect, b)._tag === 'Right') },
    { name: 'oxwire forced interpreter oneOf', run: count(corpus, (b) => decode(slowDetect, b)._tag === 'Right') },
    { name: 'binary-parser 2 (TLM, then EVR)', run: count(corpus, (b) => parseDetect(b).ok) },
  ],
})
rows.push({
  job: 'encode mix',
  bytes: totalBytes,
  items: corpus.length,
  contenders: [
    { name: 'hand-written DataView', run: count(corpus, (_, f) => (f.protocol === 'tlm' ? encodeTlm(f.value) : encodeEvr(f.value)) !== undefined) },
    { name: 'oxwire default path', run: count(corpus, (_, f) => (f.protocol === 'tlm' ? encode(telemetry, f.value) : encode(eventRecord, f.value))._tag === 'Right') },
    { name: 'oxwire forced interpreter', run: count(corpus, (_, f) => (f.protocol === 'tlm' ? encode(slowTlm, f.value) : encode(slowEvr, f.value))._tag === 'Right') },
  ],
})

// One stream of every frame, cut into random chunks of 1..8192 bytes.
const stream = new Uint8Array(totalBytes)
{
  let at = 0
  for (const f of corpus) {
    stream.set(f.bytes, at)
    at += f.bytes.length
  }
}
const chunks: Uint8Array[] = []
{
  const random = prng(99)
  for (let at = 0; at < stream.length; ) {
    const n = 1 + Math.floor(random() * 8192)
    chunks.push(stream.subarray(at, at + n))
    at += n
  }
}
const handStream = (feed: (push: (chunk: Uint8Array) => void) => void | Promise<void>) => async () => {
  let n = 0
  const framer = new HandFramer(() => n++)
  await feed((chunk) => framer.push(chunk))
  return n
}
const oxwireStream = (grammar: typeof detect, feed: (push: (chunk: Uint8Array) => void) => void | Promise<void>) => async () => {
  let n = 0
  const decoder = createFrameDecoder(grammar)
  await feed((chunk) => {
    for (const event of decoder.push(chunk)) if (event.type === 'frame') n++
  })
  for (const event of decoder.end()) if (event.type === 'frame') n++
  return n
}
const fromChunks = (push: (chunk: Uint8Array) => void) => {
  for (const chunk of chunks) push(chunk)
}
rows.push({
  job: 'stream, random chunks',
  bytes: totalBytes,
  items: corpus.length,
  contenders: [
    { name: 'hand-written framing + decoding', run: handStream(fromChunks) },
    { name: 'oxwire createFrameDecoder, default path', run: oxwireStream(detect, fromChunks) },
    { name: 'oxwire createFrameDecoder, forced interpreter', run: oxwireStream(slowDetect, fromChunks) },
  ],
})

rows.push(...interopRows(FRAMES / 2, tlm.map((f) => f.bytes)))
rows.push(...ipv4Rows(FRAMES))

const sender = wanted('stream, loopback TCP') ? await startSender(stream) : undefined
const overSocket = (push: (chunk: Uint8Array) => void) => receive((sender as { port: number }).port, push)
if (sender !== undefined) rows.push({
  job: 'stream, loopback TCP',
  bytes: totalBytes,
  items: corpus.length,
  contenders: [
    { name: 'hand-written framing + decoding', run: handStream(overSocket) },
    { name: 'oxwire createFrameDecoder, default path', run: oxwireStream(detect, overSocket) },
    { name: 'oxwire createFrameDecoder, forced interpreter', run: oxwireStream(slowDetect, overSocket) },
    {
      name: 'bare transport (bytes only)',
      run: async () => {
        let bytes = 0
        await overSocket((chunk) => (bytes += chunk.length))
        return bytes === totalBytes ? corpus.length : -1
      },
    },
  ],
})

const results: RowResult[] = []
for (const row of rows.filter((r) => wanted(r.job))) {
  const result = await measure(row, ROUNDS, WARMUP)
  results.push(result)
  console.log(table([result]).split('\n').slice(2).join('\n'))
}
await sender?.close()

const memory = wanted('memory') ? memoryRun(fastDetect, chunks, quick ? 3 : 20) : undefined
const firstCalls = wanted('first call') ? firstCallTable(quick ? 3 : 7) : ''
console.log(`\n${firstCalls}`)
// The server: 200 connections each send the first SERVER_FRAMES frames of the corpus.
const SERVER_FRAMES = quick ? 500 : 2500
const servers = wanted('server') ? await serverTable(stream.subarray(0, sizeOf(corpus.slice(0, SERVER_FRAMES))), SERVER_FRAMES, quick ? 2 : 5) : ''
console.log(`\n${servers}`)
const loadAfter = loadavg()

const output = table(results)
console.log('\n' + output)
if (memory !== undefined) console.log(`\n${memory.summary}`)
console.log(`\nload average ${loadBefore[0]?.toFixed(1)} before and ${loadAfter[0]?.toFixed(1)} after`)
if (only !== undefined) {
  // A subset: the rows above are the answer; the targets need every row.
  process.exit(0)
}

// Targets of issue 6, as ratios to the hand-written codec in this run.
const ratio = (job: string, name: string): number => {
  const r = results.find((x) => x.row.job === job) as RowResult
  const i = r.row.contenders.findIndex((c) => c.name === name)
  return (r.medians[0] as number) / (r.medians[i] as number)
}
const vsBinaryParser = (job: string, name: string): number => {
  const r = results.find((x) => x.row.job === job) as RowResult
  const i = r.row.contenders.findIndex((c) => c.name === name)
  const bp = r.row.contenders.findIndex((c) => c.name.startsWith('binary-parser'))
  return (r.medians[bp] as number) / (r.medians[i] as number)
}
// Targets of issue 11, as ratios to the hand-written codec in this run.
const targets: [string, number, number][] = [
  ['decode TLM, default path ≥ 1.2', ratio('decode TLM', 'oxwire default path'), 1.2],
  ['decode EVR, default path ≥ 1.2', ratio('decode EVR', 'oxwire default path'), 1.2],
  ['decode mix (protocol known), default path ≥ 1.2', ratio('decode mix, protocol known', 'oxwire default path'), 1.2],
  ['detection, default path ≥ 1.2', ratio('decode mix, detection', 'oxwire default path oneOf'), 1.2],
  ['encode, default path ≥ 1.5', ratio('encode mix', 'oxwire default path'), 1.5],
  ['stream over loopback TCP, default path ≥ 1.0', ratio('stream, loopback TCP', 'oxwire createFrameDecoder, default path'), 1.0],
]
for (const job of ['decode TLM', 'decode EVR', 'decode mix, protocol known']) {
  targets.push([`${job}: default path ≥ 2.5× binary-parser`, vsBinaryParser(job, 'oxwire default path'), 2.5])
  targets.push([`${job}: forced interpreter ≥ 1.5× binary-parser`, vsBinaryParser(job, 'oxwire forced interpreter'), 1.5])
}
targets.push(['detection: default path ≥ 2.5× binary-parser', vsBinaryParser('decode mix, detection', 'oxwire default path oneOf'), 2.5])
targets.push(['detection: forced interpreter ≥ 1.5× binary-parser', vsBinaryParser('decode mix, detection', 'oxwire forced interpreter oneOf'), 1.5])
targets.push(...interopTargets(results))
// Issue 10: references between fields (the gallery's IPv4) within 1.2× of hand-written.
targets.push(['decode IPv4 + TCP/UDP (captures), default path ≥ 0.83 (within 1.2× of hand-written)', ratio(IPV4_JOB, 'oxwire default path'), 1 / 1.2])
const targetTable = ['| target | measured | met? |', '|---|---:|---|', ...targets.map(([name, value, goal]) => `| ${name} | ${value.toFixed(2)} | ${value >= goal ? 'yes' : '**no**'} |`)].join('\n')
console.log('\n' + targetTable)

const cpu = cpus()
const report = `<!-- bench:start (written by npm run bench; edit outside these markers) -->
Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench${quick ? ' -- --quick' : ''}\`:
${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version};
load average ${loadBefore[0]?.toFixed(1)} before and ${loadAfter[0]?.toFixed(1)} after (the cores are shared with other work).
Corpus: ${corpus.length} frames (${tlm.length} TLM, ${evr.length} EVR), ${(totalBytes / 1e6).toFixed(1)} MB, mean ${(totalBytes / corpus.length).toFixed(0)} bytes;
${ROUNDS} interleaved rounds after ${WARMUP} warm-up rounds; medians of the CPU time (user + system, this process only; the loopback sender is another process) of one pass over the corpus (or its TLM or EVR half), with wall time for reference.
Ratio: hand-written time / this time (above 1 is faster than hand-written).

${output}

Stream decoder memory, long run: ${memory?.summary}

First call, cold: CPU milliseconds of the first \`decode\` of one frame in a fresh process (modules loaded, grammar set-up included), median of ${quick ? 3 : 7} processes each; the default path interprets the first uses and compiles on the 8th.

${firstCalls}

Packet server, \`startClusterServer\` decoding \`detect\`: 200 connections (two sender processes of 100 each) each send ${SERVER_FRAMES} frames of the corpus once; medians of ${quick ? 2 : 5} interleaved runs. The senders run on the same 2 cores as the server, so the 2-worker figure is bounded by the machine, not by the server.

${servers}

### Targets

${targetTable}
<!-- bench:end -->`

if (write) {
  const path = new URL('../../docs/PERFORMANCE.md', import.meta.url)
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '# Performance\n\n<!-- bench:start -->\n<!-- bench:end -->\n'
  const next = before.replace(/<!-- bench:start[\s\S]*?<!-- bench:end -->/, report)
  writeFileSync(path, next)
  console.log('\nwritten to docs/PERFORMANCE.md')
}
