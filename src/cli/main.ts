#!/usr/bin/env node
// The `oxwire` bin: hands the arguments to runCli; all logic lives in
// testable modules beside this file.
import { runCli } from './run.js'

process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr })
