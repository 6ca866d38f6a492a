import type { CliCommand } from './command.js'
import { decodeCli } from './decode-command.js'
import { demoCli } from './demo.js'
import { genCli } from './gen-command.js'
import { sendCli } from './send-command.js'
import { serveCli } from './serve-command.js'

/**
 * Every `oxwire` subcommand, in the order `oxwire --help` lists them. A new
 * command is one file exporting a {@link CliCommand} and one line here.
 * @internal
 */
export const commands: readonly CliCommand[] = [
  decodeCli,
  genCli,
  sendCli,
  serveCli,
  demoCli,
]
