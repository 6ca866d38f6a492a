import { consumeCommand, consumeUsage } from './consume-command.js'
import { decodeCommand, decodeUsage } from './decode-command.js'
import { demoCommand, demoUsage } from './demo.js'
import { genCommand, genUsage } from './gen-command.js'
import { UsageError, write, type CliIo } from './io.js'
import { sendCommand, sendUsage } from './send-command.js'
import { serveCommand, serveUsage } from './serve-command.js'

/** Usage of the whole CLI. @internal */
export const usage = `oxwire: decode, generate, serve, send and consume TLM/EVR packet traffic

${decodeUsage}

${genUsage}

${serveUsage}

${sendUsage}

${consumeUsage}

${demoUsage}
`

const commands: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  decode: decodeCommand,
  gen: genCommand,
  serve: (args, io) => serveCommand(args, io),
  send: sendCommand,
  consume: (args, io) => consumeCommand(args, io),
  demo: demoCommand,
}

/**
 * Runs one CLI command and returns its exit status: 0 success, 1 failure
 * (bad input, I/O error, malformed frames for `decode`), 2 bad usage.
 * @internal
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    await write(name === undefined ? io.stderr : io.stdout, usage)
    return name === undefined ? 2 : 0
  }
  const command = commands[name]
  if (command === undefined) {
    await write(io.stderr, `oxwire: unknown command ${JSON.stringify(name)}\n\n${usage}`)
    return 2
  }
  try {
    return await command(args, io)
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: unknown }).code?.toString().startsWith('ERR_PARSE_ARGS') === true) {
      await write(io.stderr, `oxwire ${name}: ${(error as Error).message}\n(oxwire help shows usage)\n`)
      return 2
    }
    await write(io.stderr, `oxwire ${name}: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
}
