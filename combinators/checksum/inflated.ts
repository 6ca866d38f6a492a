import { ChecksumDataIncomplete } from '../../src/grammar/checksum-algorithm.js'
import { checkRange, type ChecksumAlgorithm } from './algorithm.js'
import { requireInteger } from '../validate.js'

export { ChecksumDataIncomplete } from '../../src/grammar/checksum-algorithm.js'

/**
 * Options of {@link inflated}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { inflated, length32, type InflatedOptions } from 'oxwire/combinators'
 * const options: InflatedOptions = { maxOutputLength: 1024 }
 * assert.equal(inflated(length32, options).name, 'LENGTH-MOD-2^32 of the inflated data')
 * ```
 * @category Checksum
 */
export interface InflatedOptions {
  /**
   * Most bytes the inflated data may take (default 16 MiB): a stream that
   * inflates to more fails the checksum instead of allocating more, so a
   * hostile "deflate bomb" costs at most this much memory.
   */
  readonly maxOutputLength?: number
}

interface RawInflate {
  (data: Uint8Array, options: { info: true; maxOutputLength: number }): { buffer: Uint8Array; engine: { bytesWritten: number } }
}

/**
 * Node's raw inflate, looked up through `process.getBuiltinModule` rather
 * than imported so that bundlers and browsers never see a `node:zlib`
 * dependency (as `nodeCrc32`); `host` is a parameter only for tests.
 * @internal
 */
export function nodeInflateRaw(host: unknown = globalThis): RawInflate | undefined {
  const proc = (host as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  const zlib = proc?.getBuiltinModule?.('node:zlib') as { inflateRawSync?: unknown } | undefined
  return typeof zlib?.inflateRawSync === 'function' ? (zlib.inflateRawSync as RawInflate) : undefined
}

// The last stream inflated, checked byte for byte before reuse: gzip's
// CRC-32 and ISIZE both cover the same compressed bytes, which are then
// inflated once. A copy, so that a caller who changes the input between
// two decodes never gets a stale answer.
let last: { compressed: Uint8Array; limit: number; inflated: Uint8Array } | undefined

function sameBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false
  return true
}

/**
 * `algorithm` over the data that the covered bytes inflate to, as raw
 * deflate (RFC 1951) with `node:zlib`: gzip's and zip's CRC-32 and size of
 * the uncompressed data, checked against the compressed bytes a grammar
 * keeps (so that a file re-encodes byte for byte). The covered bytes must
 * be exactly one deflate stream. A stream cut short throws
 * {@link ChecksumDataIncomplete}, which at the end of the input makes the
 * decode error `incomplete`; anything else wrong (a damaged stream, bytes
 * after its end, more than `maxOutputLength` inflated bytes, no
 * `node:zlib` in this runtime) is an `invalid` decode error and an encode
 * error.
 *
 * @throws RangeError when `maxOutputLength` is not a positive integer.
 * @throws TypeError when `algorithm` has no `compute` function.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { deflateRawSync } from 'node:zlib'
 * import { decode, encode } from 'oxwire'
 * import { checksummed, crc32IsoHdlc, inflated, rest, u32le, untilLast } from 'oxwire/combinators'
 * const packed = checksummed(untilLast(4, rest), inflated(crc32IsoHdlc), u32le)
 * const data = new Uint8Array(deflateRawSync('hello'))
 * const bytes = encode(packed, data)
 * assert.equal(bytes._tag === 'Right' && bytes.right.length, data.length + 4)
 * assert.deepEqual(bytes._tag === 'Right' && decode(packed, bytes.right), { _tag: 'Right', right: data })
 * const cut = bytes._tag === 'Right' ? decode(packed, bytes.right.subarray(0, 6)) : undefined
 * assert.equal(cut?._tag === 'Left' && cut.left.kind, 'incomplete')
 * ```
 * @category Checksum
 */
export function inflated(algorithm: ChecksumAlgorithm, options: InflatedOptions = {}): ChecksumAlgorithm {
  if (typeof algorithm !== 'object' || algorithm === null || typeof algorithm.compute !== 'function') throw new TypeError('inflated: algorithm must have a compute function')
  const limit = options.maxOutputLength ?? 16 * 2 ** 20
  requireInteger('inflated', 'maxOutputLength', limit, 1)
  return {
    name: `${algorithm.name} of the inflated data`,
    width: algorithm.width,
    compute(bytes, start, end) {
      checkRange(bytes, start, end)
      const data = inflate(bytes, start, end, limit)
      return algorithm.compute(data, 0, data.length)
    },
  }
}

function inflate(bytes: Uint8Array, start: number, end: number, limit: number): Uint8Array {
  if (last !== undefined && last.limit === limit && sameBytes(last.compressed, bytes, start, end)) return last.inflated
  const inflateRaw = nodeInflateRaw()
  if (inflateRaw === undefined) throw new Error('node:zlib is not available in this runtime to inflate the data')
  const compressed = bytes.slice(start, end)
  let result: ReturnType<RawInflate>
  try {
    result = inflateRaw(compressed, { info: true, maxOutputLength: limit })
  } catch (thrown) {
    const code = (thrown as { code?: unknown }).code
    if (code === 'Z_BUF_ERROR') throw new ChecksumDataIncomplete(`the deflate stream of ${end - start} byte(s) is cut short`)
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`the deflate stream inflates to more than ${limit} byte(s)`)
    throw new Error(`invalid deflate stream: ${(thrown as Error).message}`)
  }
  const used = result.engine.bytesWritten
  if (used !== end - start) throw new Error(`the deflate stream ends after ${used} of its ${end - start} byte(s)`)
  last = { compressed, limit, inflated: result.buffer }
  return result.buffer
}

/**
 * The number of covered bytes modulo 2^32, as a 32-bit "checksum": gzip's
 * ISIZE when applied to the inflated data (`inflated(length32)`).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { length32 } from 'oxwire/combinators'
 * assert.equal(length32.compute(new Uint8Array(10), 2, 9), 7)
 * ```
 * @category Checksum
 */
export const length32: ChecksumAlgorithm = {
  name: 'LENGTH-MOD-2^32',
  width: 32,
  compute(bytes, start, end) {
    checkRange(bytes, start, end)
    return (end - start) % 2 ** 32
  },
}
