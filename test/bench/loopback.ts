import { spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect } from 'node:net'

// The sender is a separate process, so that this process's CPU time is the
// receiving side only: socket reads, framing and decoding, as in a server.
const senderSource = `
const { createServer } = require('node:net')
const stream = require('node:fs').readFileSync(process.argv[1])
const server = createServer((socket) => {
  let at = 0
  const pump = () => {
    while (at < stream.length) {
      const chunk = stream.subarray(at, at + 65536)
      at += chunk.length
      if (!socket.write(chunk)) return socket.once('drain', pump)
    }
    socket.end()
  }
  pump()
})
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'))
process.stdin.on('end', () => server.close(() => process.exit(0)))
process.stdin.resume()
`

/** A loopback TCP server in a child process that sends `stream` to every connection. */
export async function startSender(stream: Uint8Array): Promise<{ port: number; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'oxwire-bench-'))
  const file = join(dir, 'stream.bin')
  writeFileSync(file, stream)
  const child: ChildProcess = spawn(process.execPath, ['-e', senderSource, file], { stdio: ['pipe', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (data: Buffer) => resolve(Number(String(data).trim())))
    child.once('error', reject)
  })
  return {
    port,
    close: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.stdin?.end()
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Connects, hands every chunk to `onChunk`, and resolves when the sender has finished. */
export function receive(port: number, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    socket.on('data', onChunk)
    socket.once('end', () => resolve())
    socket.once('error', reject)
  })
}
