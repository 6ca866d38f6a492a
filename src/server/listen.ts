import type { Server as HttpServer } from 'node:http'
import type { AddressInfo, Server } from 'node:net'

/**
 * Where to listen; the port defaults to 0 (an ephemeral port) and the host
 * to 127.0.0.1.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { u8 } from 'oxwire/combinators'
 * import { createPacketServer, type ListenOptions } from 'oxwire/server'
 * const server = createPacketServer({ grammar: u8, logLevel: 'silent' })
 * const where: ListenOptions = { port: 0, host: '127.0.0.1', backlog: 128 } // port 0: a free one
 * const address = await server.listen(where)
 * assert.equal(address.address, '127.0.0.1')
 * assert.ok(address.port > 0)
 * await server.close()
 * ```
 * @category Server
 */
export interface ListenOptions {
  /** TCP port; 0 picks a free one. */
  readonly port?: number
  /** Interface address. */
  readonly host?: string
  /** Length of the queue of connections the kernel holds before they are accepted; default 511 (Node's). */
  readonly backlog?: number
}

/** Binds a server and resolves to its address, or rejects with the bind error. @internal */
export function listenOn(server: Server | HttpServer, where: ListenOptions): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port: where.port ?? 0, host: where.host ?? '127.0.0.1', backlog: where.backlog ?? 511 }, () => {
      server.off('error', reject)
      resolve(server.address() as AddressInfo)
    })
  })
}
