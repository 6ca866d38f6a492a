import type { Command } from 'commander'
import type { CliIo } from './io.js'

/**
 * One `oxwire` subcommand: a file that exports one of these plus one line
 * in `commands.ts` is all a new command needs.
 *
 * `define` declares the command on the commander `Command` it is given
 * (description, arguments, options, help text); `run` does the work and
 * returns the exit status (0 success, 1 failure; bad usage is thrown as a
 * `UsageError` or a commander `InvalidArgumentError` and becomes 2).
 * @internal
 */
export interface CliCommand {
  /** The subcommand's name, as typed after `oxwire`. */
  readonly name: string
  /** Declares description, arguments and options on `command`. */
  readonly define: (command: Command) => void
  /** Runs the command with its parsed options and arguments. */
  readonly run: (invocation: Invocation) => Promise<number>
}

/** What a command's `run` is given. @internal */
export interface Invocation {
  /** The parsed command (read options with `command.opts<YourOptions>()`). */
  readonly command: Command
  /** The positional arguments, as declared. */
  readonly args: readonly string[]
  /** The streams to read and write. */
  readonly io: CliIo
  /** Resolves when the command should stop (SIGINT/SIGTERM for the bin; tests pass their own). */
  readonly stop: () => Promise<void>
}
