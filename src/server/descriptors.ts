import { readFileSync } from 'node:fs'

/**
 * The process's soft limit on open file descriptors, read from
 * `/proc/self/limits` (Linux); `undefined` where that cannot be read or
 * the limit is unlimited. Node has no API for `getrlimit`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { descriptorLimit } from 'oxwire/server'
 *
 * const limit = descriptorLimit()
 * assert.ok(limit === undefined || limit > 0)
 * ```
 * @category Server
 */
export function descriptorLimit(limitsText?: string): number | undefined {
  let text = limitsText
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'utf8')
    } catch {
      return undefined
    }
  }
  const line = text.split('\n').find((l) => l.startsWith('Max open files'))
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0]
  const n = Number(soft)
  return Number.isSafeInteger(n) && n > 0 ? n : undefined
}

// Descriptors the process needs besides connections: stdio, the listening
// sockets, log files, the module loader, DNS, a TLS key file...
const PROCESS_RESERVE = 64

/**
 * The default packet connection limit: what the descriptor limit leaves
 * after a reserve for the process and for the status port's connections,
 * at most `ceiling`; at least 1. With no known limit, `ceiling`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { connectionLimitFor } from 'oxwire/server'
 *
 * assert.equal(connectionLimitFor(1024, 64), 1024 - 64 - 64)
 * assert.equal(connectionLimitFor(1_000_000, 64), 10_000)
 * assert.equal(connectionLimitFor(undefined, 64), 10_000)
 * ```
 * @category Server
 */
export function connectionLimitFor(fdLimit: number | undefined, httpConnections: number, ceiling = 10_000): number {
  if (fdLimit === undefined) return ceiling
  return Math.max(1, Math.min(ceiling, fdLimit - PROCESS_RESERVE - httpConnections))
}
