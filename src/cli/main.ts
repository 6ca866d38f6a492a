#!/usr/bin/env node
// The `oxwire` bin: hands the arguments to runCli; all logic lives in
// testable modules beside this file.
import { runCli } from './run.js'

// A reader that goes away (`oxwire gen | head`) is not an error: stop
// quietly with status 0, as cat and grep do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
    process.stderr.write(`oxwire: ${error.message}\n`)
    process.exit(1)
  })
}

process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr })
