// npm run bench:profile -- <job> [passes]
// Where the time of one bench job goes: runs it over a 20,000-frame corpus
// after a warm-up, with V8's sampling profiler (what `node --cpu-prof`
// records) on for the timed passes only, and prints self time grouped by
// kind (generated code, CRC, UTF-8, GC, ...). The profile is written to
// .profiles/<job>.cpuprofile for Chrome DevTools. Jobs: decode-tlm,
// decode-evr, detect, encode, stream, interp-tlm, interp-evr, and the
// baselines hand-tlm, hand-evr, hand-detect, hand-encode, hand-stream,
// bp-tlm, bp-evr.
import { Session } from 'node:inspector/promises'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createFrameDecoder, decode, encode, interpreted } from '../../src/index.js'
import { detect, eventRecord, telemetry } from '../../protocols/index.js'
import { makeCorpus } from './corpus.js'
import { decodeEvr, encodeEvr } from './handwritten/evr.js'
import { decodeTlm, encodeTlm } from './handwritten/tlm.js'
import { detectFrame } from './handwritten/detect.js'
import { HandFramer } from './handwritten/framing.js'
import { parseEvr, parseTlm } from './binary-parser.js'

const job = process.argv[2] ?? 'detect'
const passes = Number(process.argv[3] ?? 40)
const corpus = makeCorpus(20_000)
const tlm = corpus.filter((f) => f.protocol === 'tlm')
const evr = corpus.filter((f) => f.protocol === 'evr')
const stream = new Uint8Array(corpus.reduce((n, f) => n + f.bytes.length, 0))
corpus.reduce((at, f) => (stream.set(f.bytes, at), at + f.bytes.length), 0)
const chunks: Uint8Array[] = []
for (let at = 0; at < stream.length; at += 65536) chunks.push(stream.subarray(at, at + 65536))
const slowTlm = interpreted(telemetry)
const slowEvr = interpreted(eventRecord)

const jobs: Record<string, () => void> = {
  'decode-tlm': () => tlm.forEach((f) => decode(telemetry, f.bytes)),
  'decode-evr': () => evr.forEach((f) => decode(eventRecord, f.bytes)),
  detect: () => corpus.forEach((f) => decode(detect, f.bytes)),
  encode: () => corpus.forEach((f) => (f.protocol === 'tlm' ? encode(telemetry, f.value) : encode(eventRecord, f.value))),
  stream: () => {
    const decoder = createFrameDecoder(detect)
    for (const chunk of chunks) decoder.push(chunk)
  },
  'interp-tlm': () => tlm.forEach((f) => decode(slowTlm, f.bytes)),
  'interp-evr': () => evr.forEach((f) => decode(slowEvr, f.bytes)),
  'hand-tlm': () => tlm.forEach((f) => decodeTlm(f.bytes)),
  'hand-evr': () => evr.forEach((f) => decodeEvr(f.bytes)),
  'hand-detect': () => corpus.forEach((f) => detectFrame(f.bytes)),
  'hand-encode': () => corpus.forEach((f) => (f.protocol === 'tlm' ? encodeTlm(f.value) : encodeEvr(f.value))),
  'hand-stream': () => {
    const framer = new HandFramer(() => undefined)
    for (const chunk of chunks) framer.push(chunk)
  },
  'bp-tlm': () => tlm.forEach((f) => parseTlm(f.bytes)),
  'bp-evr': () => evr.forEach((f) => parseEvr(f.bytes)),
}
const run = jobs[job]
if (run === undefined) throw new Error(`no job ${job}; one of ${Object.keys(jobs).join(', ')}`)

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string }
}
interface Profile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
}

// Kinds of self time, by function and file: generated code has its
// grammar's name as its file (oxwire/<name>.js) or its builder's name.
function kindOf({ functionName: f, url: u }: ProfileNode['callFrame']): string {
  if (u.includes('oxwire/') || /^(decode|encode)(Compiled|Stateless)$/.test(f)) return 'generated code'
  if (u.includes('/checksum/') || f === 'crc32') return 'CRC'
  if ((f === 'decode' || f === 'encode') && u.includes('encoding')) return 'UTF-8'
  if (f === 'decodeUTF8' || f === 'encodeUtf8String' || u.includes('compile/runtime')) return 'UTF-8'
  if (f === '(garbage collector)') return 'garbage collection'
  if (u.includes('/bench/handwritten/') || u.includes('binary-parser')) return 'baseline code'
  if (u.includes('bench/profile')) return 'the pass loop (with calls inlined into it)'
  if (u.includes('/src/api') || u.includes('/compile/') || u.includes('/runtime/')) return 'API wrapper, tiers, fallback'
  if (u.includes('/src/stream/')) return 'stream decoder'
  if (u.includes('/interpret/')) return 'interpreter closures'
  if (f === '(idle)' || f === '(program)') return ''
  return 'other'
}

for (let i = 0; i < 10; i++) run()
const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', { interval: 200 })
await session.post('Profiler.start')
const cpu = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
const t0 = cpu()
for (let i = 0; i < passes; i++) run()
const perPass = (cpu() - t0) / passes
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile }
mkdirSync('.profiles', { recursive: true })
writeFileSync(`.profiles/${job}.cpuprofile`, JSON.stringify(profile))

const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const counts = new Map<string, number>()
let total = 0
for (const id of profile.samples) {
  const kind = kindOf((byId.get(id) as ProfileNode).callFrame)
  if (kind === '') continue
  counts.set(kind, (counts.get(kind) ?? 0) + 1)
  total++
}
console.log(`${job}: ${perPass.toFixed(2)} CPU ms per pass (${passes} passes); self time:`)
for (const [kind, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${((100 * n) / total).toFixed(0).padStart(4)} %  ${kind}`)
