// Rows of `npm run bench` for the binary-parser migration path
// (docs/MIGRATING_FROM_BINARY_PARSER.md): each step of the worked migration,
// and fromBinaryParser on the TLM definition, timed against parser.parse of
// the same definition on the same frames. The first contender of each row,
// parser.parse, is the row's baseline ("ratio to hand-written" in the
// table is the ratio to it). Alone: `npm run bench:interop [-- --quick]
// [-- --no-write]`, which also writes its table into the migration guide.
import { readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { pathToFileURL } from 'node:url'
import { decode, encode } from '../../src/api.js'
import { interpreted } from '../../src/compile/execution.js'
import { fromBinaryParser } from '../../src/interop/index.js'
import { batch, batchV1, batchV2, legacyBatch, type Reading } from '../interop/migration-example.js'
import { prng } from './corpus.js'
import { measure, table, type Row, type RowResult } from './harness.js'
import { tlmParser } from './binary-parser.js'

const SENSOR_JOB = 'binary-parser migration: sensor batch'
const TLM_JOB = 'fromBinaryParser: TLM definition'
const PARSE = 'binary-parser 2 parse (row baseline)'

/** Seeded sensor-batch frames: 0 to 12 readings each. */
export function sensorFrames(count: number): Uint8Array[] {
  const random = prng(16)
  const frames: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const readings: Reading[] = Array.from({ length: Math.floor(random() * 13) }, () => ({
      sensorId: Math.floor(random() * 65536),
      kind: Math.floor(random() * 3),
      value: Math.floor(random() * 2 ** 32) - 2 ** 31,
    }))
    const bytes = encode(batch, { readings })
    if (bytes._tag === 'Left') throw new Error(bytes.left.message)
    frames.push(bytes.right)
  }
  return frames
}

const counting =
  (frames: readonly Uint8Array[], ok: (bytes: Uint8Array) => boolean) =>
  (): number => {
    let n = 0
    for (const bytes of frames) if (ok(bytes)) n++
    return n
  }

const sizeOf = (frames: readonly Uint8Array[]) => frames.reduce((n, f) => n + f.length, 0)

/** The rows: the sensor-batch migration steps, and the adapter on TLM frames. */
export function interopRows(sensorCount: number, tlmFrames: readonly Uint8Array[]): Row[] {
  const sensors = sensorFrames(sensorCount)
  const nativeInterpreted = interpreted(batch)
  const tlmAdapter = fromBinaryParser(tlmParser, { name: 'tlm' })
  return [
    {
      job: SENSOR_JOB,
      bytes: sizeOf(sensors),
      items: sensors.length,
      contenders: [
        { name: PARSE, run: counting(sensors, (b) => legacyBatch.parse(b) !== undefined) },
        { name: 'step 1: fromBinaryParser', run: counting(sensors, (b) => decode(batchV1, b)._tag === 'Right') },
        { name: 'step 2: fromBinaryParser + map', run: counting(sensors, (b) => decode(batchV2, b)._tag === 'Right') },
        { name: 'step 3: native, interpreted', run: counting(sensors, (b) => decode(nativeInterpreted, b)._tag === 'Right') },
        { name: 'step 3: native (default: compiled)', run: counting(sensors, (b) => decode(batch, b)._tag === 'Right') },
      ],
    },
    {
      job: TLM_JOB,
      bytes: sizeOf(tlmFrames),
      items: tlmFrames.length,
      contenders: [
        { name: PARSE, run: counting(tlmFrames, (b) => tlmParser.parse(b) !== undefined) },
        { name: 'fromBinaryParser', run: counting(tlmFrames, (b) => decode(tlmAdapter, b)._tag === 'Right') },
      ],
    },
  ]
}

/** Targets of the migration path: adapter time at most 1.1 × parser.parse, i.e. parse time / adapter time ≥ 1 / 1.1. */
export function interopTargets(results: readonly RowResult[]): [string, number, number][] {
  const speed = (job: string, name: string): number => {
    const r = results.find((x) => x.row.job === job)
    if (r === undefined) return NaN
    const i = r.row.contenders.findIndex((c) => c.name === name)
    return (r.medians[0] as number) / (r.medians[i] as number)
  }
  return [
    [`${SENSOR_JOB}: parse time / fromBinaryParser time ≥ 0.91 (overhead ≤ 1.1×)`, speed(SENSOR_JOB, 'step 1: fromBinaryParser'), 1 / 1.1],
    [`${TLM_JOB}: parse time / fromBinaryParser time ≥ 0.91 (overhead ≤ 1.1×)`, speed(TLM_JOB, 'fromBinaryParser'), 1 / 1.1],
  ]
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick')
  const { makeCorpus } = await import('./corpus.js')
  const frames = quick ? 10_000 : 50_000
  const tlm = makeCorpus(frames * 2)
    .filter((f) => f.protocol === 'tlm')
    .map((f) => f.bytes)
  const results: RowResult[] = []
  for (const row of interopRows(frames, tlm)) {
    const result = await measure(row, quick ? 5 : 15, quick ? 1 : 3)
    results.push(result)
    console.log(table([result]).split('\n').slice(2).join('\n'))
  }
  const targets = ['| target | measured | met? |', '|---|---:|---|', ...interopTargets(results).map(([name, value, goal]) => `| ${name} | ${value.toFixed(2)} | ${value >= goal ? 'yes' : '**no**'} |`)].join('\n')
  console.log('\n' + table(results) + '\n\n' + targets)
  if (!process.argv.includes('--no-write')) {
    const path = new URL('../../docs/MIGRATING_FROM_BINARY_PARSER.md', import.meta.url)
    const report = [
      '<!-- interop-bench:start (written by npm run bench:interop; edit outside these markers) -->',
      `Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench:interop${quick ? ' -- --quick' : ''}\` (the same rows as in \`npm run bench\`), Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} on ${(await import('node:os')).cpus().length} cores shared with other work; ${frames} sensor-batch frames and ${tlm.length} TLM frames per pass. The ratio column is \`parse\` time / this time.`,
      '',
      table(results).replace('ratio to hand-written', 'ratio to parse'),
      '',
      targets,
      '<!-- interop-bench:end -->',
    ].join('\n')
    writeFileSync(path, readFileSync(path, 'utf8').replace(/<!-- interop-bench:start[\s\S]*?<!-- interop-bench:end -->/, report))
    console.log('\nwritten to docs/MIGRATING_FROM_BINARY_PARSER.md')
  }
}
