import { writeFile } from 'node:fs/promises'
import { wiresharkDissector } from '../dissector/wireshark.js'
import type { CliCommand } from './command.js'
import { addGrammarOptions, nonNegativeInt, resolveGrammar, type GrammarOptions } from './grammar-option.js'
import { write } from './io.js'

interface DissectorFlags extends GrammarOptions {
  readonly port?: number
  readonly name?: string
  readonly out?: string
  readonly allowBytes?: boolean
  readonly verifyChecksums?: boolean
}

/** `oxwire dissector`. @internal */
export const dissectorCli: CliCommand = {
  name: 'dissector',
  define: (command) => {
    command.description('generate a Wireshark dissector (Lua) from a grammar')
    addGrammarOptions(command)
      .option('--port <port>', 'register on this TCP and UDP port (frames are also found by their markers on any port)', nonNegativeInt('--port'))
      .option('--name <proto>', 'protocol name and display-filter prefix (default: the export name; a oneOf uses its alternatives\' names)')
      .option('-o, --out <file>', 'write the Lua to a file instead of stdout')
      .option('--allow-bytes', 'exit 0 even when a part (a custom codec) can only be shown as bytes')
      .option('--verify-checksums', 'verify every checksum, also those its grammar ignores (TCP/UDP over their pseudo-header); without it, the protocol preference "Verify all checksums" does')
      .addHelpText(
        'after',
        `
Display filters are <proto>.<field path>, e.g. tlm.payload.sensorId, evr.crc.status == 0.
Checksums are verified (<proto>.crc.status: 1 Good, 0 Bad, with an expert-info error);
those of policy ignore (TCP, UDP) with --verify-checksums, or when the protocol
preference "Verify all checksums" is on (tshark -o <proto>.verify_all:TRUE).
TCP streams are reassembled (dissect_tcp_pdus); each UDP datagram holds frames.
A part the dissector cannot read (a custom codec) is shown as bytes; stderr names it
and the exit status is 1 unless --allow-bytes.

Examples:
  oxwire dissector --grammar ./my-protocol.js#frame --port 7000 > my-protocol.lua
  tshark -X lua_script:my-protocol.lua -r capture.pcap -Y 'my-protocol'
  oxwire dissector --protocol auto --port 7000 --out ~/.local/lib/wireshark/plugins/oxwire.lua`,
      )
  },
  run: async ({ command, io }) => {
    const options = command.opts<DissectorFlags>()
    const choice = await resolveGrammar(options)
    const name = options.name ?? (choice.bundled === undefined ? choice.name : choice.bundled === 'auto' ? 'oxwire' : choice.bundled)
    const dissector = wiresharkDissector(choice.grammar, {
      name,
      maxFrame: choice.maxFrame,
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.verifyChecksums === true ? { checksumPolicy: 'report' as const } : {}),
    })
    if (options.out === undefined) await write(io.stdout, dissector.lua)
    else await writeFile(options.out, dissector.lua)
    const undissected = dissector.notes.filter((note) => note.includes('shown as bytes'))
    for (const note of dissector.notes) await write(io.stderr, `oxwire dissector: ${note}\n`)
    if (options.out !== undefined) {
      await write(io.stderr, `wrote ${options.out}: protocol(s) ${dissector.protocols.join(', ')}, ${dissector.fields.length} fields\n`)
    }
    return undissected.length > 0 && options.allowBytes !== true ? 1 : 0
  },
}
