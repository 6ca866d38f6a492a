import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { runCli } from '../../src/cli/run.js'
import { cliIo } from './cli-io.js'

// `oxwire send --grammar <module>#modbusTcp`: the frame's PDU is a oneOf
// whose alternatives are sized by the frame's derived length, so traffic
// comes from an arbitrary that must choose requests and responses that
// decode as what they are.
const modbus = `${join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'protocols', 'modbus.ts')}#modbusTcp`

type Line = { type: string; protocol?: string; value?: { pdu?: { protocol?: string } }; connection?: number }

test('gen | decode of #modbusTcp: requests and responses, every frame decodes as itself', async () => {
  const gen = cliIo()
  expect(await runCli(['gen', '--grammar', modbus, '--count', '80', '--seed', '4', '--format', 'hex'], gen)).toBe(0)
  const decode = cliIo(gen.stdout.text)
  expect(await runCli(['decode', '--grammar', modbus], decode)).toBe(0)
  const frames = (decode.stdout.jsonLines() as Line[]).filter((l) => l.type === 'frame')
  expect(frames).toHaveLength(80)
  expect(new Set(frames.map((l) => l.value?.pdu?.protocol))).toEqual(new Set(['request', 'response']))
})

test('send --grammar …#modbusTcp delivers generated frames to serve --grammar', async () => {
  const serveIo = cliIo()
  let stop!: () => void
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  const serving = runCli(['serve', '--grammar', modbus, '--port', '0', '--http-port', '0', '--print', '--log-level', 'silent', '--workers', '1'], serveIo, { stop: () => stopped })
  await expect.poll(() => serveIo.stderr.text, { timeout: 10_000 }).toContain('oxwire serve: packets on')
  const [, port] = /packets on 127\.0\.0\.1:(\d+)/.exec(serveIo.stderr.text) ?? []
  const send = cliIo()
  expect(await runCli(['send', '--grammar', modbus, '--port', String(port), '--count', '50', '--seed', '11'], send)).toBe(0)
  await expect.poll(() => serveIo.stdout.jsonLines().length, { timeout: 10_000 }).toBe(50)
  stop()
  expect(await serving).toBe(0)
  const printed = serveIo.stdout.jsonLines() as Line[]
  expect(printed.every((l) => l.type === 'frame')).toBe(true)
  expect(new Set(printed.map((l) => l.value?.pdu?.protocol))).toEqual(new Set(['request', 'response']))
}, 30_000)
