import { Worker } from 'node:worker_threads'
import { connect } from 'node:net'

// The sender lives in a worker thread (the second core), so the receiving
// thread's time is framing and decoding plus the socket, as in a server.
const senderSource = `
const { parentPort, workerData } = require('node:worker_threads')
const { createServer } = require('node:net')
const stream = Buffer.from(workerData.stream)
const server = createServer((socket) => {
  let at = 0
  const step = 65536
  const pump = () => {
    while (at < stream.length) {
      const chunk = stream.subarray(at, at + step)
      at += chunk.length
      if (!socket.write(chunk)) return socket.once('drain', pump)
    }
    socket.end()
  }
  pump()
})
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port))
parentPort.on('message', (m) => { if (m === 'close') server.close(() => process.exit(0)) })
`

/** A loopback TCP server in a worker thread that sends `stream` to every connection. */
export async function startSender(stream: Uint8Array): Promise<{ port: number; close: () => Promise<void> }> {
  const worker = new Worker(senderSource, { eval: true, workerData: { stream } })
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  return {
    port,
    close: async () => {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
      worker.postMessage('close')
      await exited
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
