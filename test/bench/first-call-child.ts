// Run by first-call.ts in a fresh process: times the first `decode` of one
// frame (grammar set-up included: nothing ran before it), then the calls up
// to and including the one that compiles, and prints them as JSON.
import { compile, decode, interpreted } from '../../src/index.js'
import { COMPILE_AFTER_USES } from '../../src/compile/tiered.js'
import { detect, eventRecord, telemetry } from '../../protocols/index.js'

const [grammarName, mode, hex] = process.argv.slice(2) as [string, 'default' | 'interpreted' | 'compile', string]
const base = grammarName === 'tlm' ? telemetry : grammarName === 'evr' ? eventRecord : detect
// The frame comes as hex: making it here would run the encoder and warm up shared code.
const frame = new Uint8Array(Buffer.from(hex, 'hex'))
// CPU time of this process (user + system), in ms: on a shared machine,
// wall time would mostly measure the other processes.
const cpu = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
const t0 = cpu()
const grammar = (mode === 'compile' ? compile(base as never) : mode === 'interpreted' ? interpreted(base as never) : base) as typeof detect
const ok = decode(grammar, frame)._tag === 'Right'
const first = cpu() - t0
// The calls after the first, up to the one where the default path compiles.
const t1 = cpu()
for (let i = 1; i < COMPILE_AFTER_USES; i++) decode(grammar, frame)
const untilCompiled = cpu() - t1
process.stdout.write(JSON.stringify({ ok, first, untilCompiled }) + '\n')
