/**
 * Reads a JetStream stream back for assertions, message by message through
 * the stream API (not through the code under test).
 */
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'

/** One stored message. */
export interface Stored {
  readonly seq: number
  readonly subject: string
  readonly data: Uint8Array
  readonly headers: Record<string, string>
}

/** Every message of `stream`, in sequence order. */
export async function streamContents(url: string, stream: string): Promise<Stored[]> {
  const connection = await connect({ servers: url })
  try {
    const manager = await jetstreamManager(connection)
    const info = await manager.streams.info(stream)
    const stored: Stored[] = []
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const message = await manager.streams.getMessage(stream, { seq })
      if (message === null) continue
      const headers: Record<string, string> = {}
      for (const [key, values] of message.header) headers[key] = values.join(',')
      stored.push({ seq: message.seq, subject: message.subject, data: message.data, headers })
    }
    return stored
  } finally {
    await connection.close()
  }
}
