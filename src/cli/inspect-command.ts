import { InvalidArgumentError } from 'commander'
import type { Codec } from '../grammar/codec.js'
import { createInspector } from '../inspect/inspector.js'
import type { CliCommand } from './command.js'
import { addGrammarOptions, bundledGrammar, nonNegativeInt, positiveInt, resolveGrammar, type GrammarOptions } from './grammar-option.js'
import { write } from './io.js'

interface InspectFlags extends GrammarOptions {
  readonly host: string
  readonly port: number
  readonly attach?: string
  readonly maxBytes: number
}

function httpUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new InvalidArgumentError(`--attach needs a URL such as http://127.0.0.1:9464, not ${JSON.stringify(text)}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError(`--attach needs an http:// URL, not ${JSON.stringify(text)}`)
  return url.origin
}

/** `oxwire inspect`: the web inspector, until `stop` settles. @internal */
export const inspectCli: CliCommand = {
  name: 'inspect',
  define: (command) => {
    command
      .description('serve the web inspector: paste hex or drop a file, see every field of a frame on its bytes; --attach watches a running oxwire serve')
      .option('-H, --host <address>', 'address to listen on', '127.0.0.1')
      .option('-P, --port <port>', 'HTTP port of the page', nonNegativeInt('--port'), 8080)
      .option('--attach <url>', "a running `oxwire serve --live`'s HTTP side, e.g. http://127.0.0.1:9464, to watch its frames", httpUrl)
      .option('--max-bytes <n>', 'largest input the page decodes', positiveInt('--max-bytes'), 1 << 20)
    addGrammarOptions(command).addHelpText(
      'after',
      `
The page lists TLM, EVR and both detected (auto), plus your --grammar if given.
Open http://HOST:PORT/?protocol=tlm&hex=5aa501... to share a frame.

Examples:
  oxwire inspect
  oxwire inspect --grammar ./my-protocol.js#frame --port 8081
  oxwire serve --live --http-port 9464 & oxwire inspect --attach http://127.0.0.1:9464`,
    )
  },
  run: async ({ command, io, stop }) => {
    const options = command.opts<InspectFlags>()
    const chosen = await resolveGrammar(options)
    const grammars = new Map<string, Codec<unknown>>()
    for (const name of ['auto', 'tlm', 'evr'] as const) grammars.set(name, bundledGrammar(name).grammar)
    grammars.set(chosen.name, chosen.grammar)
    const inspector = createInspector({
      grammars,
      defaultGrammar: chosen.name,
      maxBytes: options.maxBytes,
      ...(options.attach === undefined ? {} : { attach: options.attach }),
    })
    const where = await inspector.listen({ host: options.host, port: options.port })
    const host = where.family === 'IPv6' ? `[${where.address}]` : where.address
    const attached = options.attach === undefined ? '' : `, watching ${options.attach}/live`
    await write(io.stderr, `oxwire inspect: http://${host}:${where.port}/ (${chosen.name}${attached}; Ctrl-C stops)\n`)
    await stop()
    await inspector.close()
    return 0
  },
}
