import { Command, CommanderError } from 'commander'
import type { CliCommand } from './command.js'
import { commands } from './commands.js'
import { UsageError, type CliIo } from './io.js'
import { untilSignal } from './serve-command.js'
import { packageVersion } from './version.js'

/** Options of {@link runCli}. @internal */
export interface RunOptions {
  /** Resolves when a long-running command (serve) should stop; default: SIGINT or SIGTERM. */
  readonly stop?: () => Promise<void>
  /** The commands to offer; default: all of `commands.ts`. */
  readonly commands?: readonly CliCommand[]
}

/** Builds the commander program, writing to `io` and throwing instead of exiting. @internal */
export function buildProgram(io: CliIo, onRun: (command: CliCommand, invocation: Command) => void, list: readonly CliCommand[] = commands): Command {
  const program = new Command('oxwire')
    .description('decode, encode, generate, serve, send and describe binary frames of any oxwire grammar')
    .version(packageVersion(), '-V, --version', 'print the version of oxwire')
    .helpOption('-h, --help', 'show help (oxwire <command> --help for a command)')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      outputError: () => undefined, // runCli prints the error, with the command's name
    })
  for (const spec of list) {
    const sub = program.command(spec.name)
    spec.define(sub)
    sub.action(() => onRun(spec, sub))
  }
  return program
}

/**
 * Runs one CLI command and returns its exit status: 0 success (and help,
 * `--version`), 1 failure (bad input, I/O error, malformed frames, nothing
 * decoded), 2 bad usage. Every failure is one line on stderr, never a
 * stack trace.
 * @internal
 */
export async function runCli(argv: readonly string[], io: CliIo, options: RunOptions = {}): Promise<number> {
  let chosen: { spec: CliCommand; command: Command } | undefined
  const program = buildProgram(io, (spec, command) => (chosen = { spec, command }), options.commands)
  if (argv.length === 0) {
    io.stderr.write(program.helpInformation())
    return 2
  }
  try {
    await program.parseAsync([...argv], { from: 'user' })
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0
    const name = program.args[0] !== undefined && program.commands.some((c) => c.name() === program.args[0]) ? `oxwire ${program.args[0]}` : 'oxwire'
    const message = error.message.replace(/^error: /, '')
    const hint = name === 'oxwire' ? 'oxwire --help' : `${name} --help`
    io.stderr.write(`${name}: ${message}\n(${hint} shows usage)\n`)
    return 2
  }
  if (chosen === undefined) return 0
  const name = `oxwire ${chosen.spec.name}`
  try {
    return await chosen.spec.run({ command: chosen.command, args: chosen.command.args, io, stop: options.stop ?? untilSignal })
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${name}: ${error.message}\n(${name} --help shows usage)\n`)
      return 2
    }
    io.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
}
