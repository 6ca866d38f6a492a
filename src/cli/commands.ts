import type { CliCommand } from './command.js'
import { consumeCli } from './consume-command.js'
import { decodeCli } from './decode-command.js'
import { demoCli } from './demo.js'
import { describeCli } from './describe-command.js'
import { dissectorCli } from './dissector-command.js'
import { encodeCli } from './encode-command.js'
import { genCli } from './gen-command.js'
import { inspectCli } from './inspect-command.js'
import { sendCli } from './send-command.js'
import { serveCli } from './serve-command.js'

/**
 * Every `oxwire` subcommand, in the order `oxwire --help` lists them. A new
 * command is one file exporting a {@link CliCommand} and one line here.
 * @internal
 */
export const commands: readonly CliCommand[] = [
  decodeCli,
  encodeCli,
  genCli,
  sendCli,
  serveCli,
  describeCli,
  dissectorCli,
  consumeCli,
  inspectCli,
  demoCli,
]
