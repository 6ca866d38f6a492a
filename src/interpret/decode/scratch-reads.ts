// Reads of floats and 64-bit integers at a position the caller has checked.
// They go through a scratch buffer in the host's byte order (decoding is
// synchronous, so one buffer serves every call); making a DataView per input
// cost about a third of a small frame's decode.

/** Reads a value at `p`; the caller has checked that its bytes are there. */
export type FixedRead = (b: Uint8Array, p: number) => unknown

const SCRATCH = new ArrayBuffer(8)
const S = new Uint8Array(SCRATCH)
const FLOAT32 = new Float32Array(SCRATCH, 0, 1)
const FLOAT64 = new Float64Array(SCRATCH)
const BIG_INT64 = new BigInt64Array(SCRATCH)
const BIG_UINT64 = new BigUint64Array(SCRATCH)
const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1

// Each width and byte order written out, so that a read calls nothing.
/** A binary32 or binary64 read. @internal */
export function floatReader(size: 4 | 8, littleEndian: boolean): FixedRead {
  const hostOrder = littleEndian === HOST_LITTLE_ENDIAN
  if (size === 4) {
    return hostOrder
      ? (b, p) => {
          S[0] = b[p] as number
          S[1] = b[p + 1] as number
          S[2] = b[p + 2] as number
          S[3] = b[p + 3] as number
          return FLOAT32[0]
        }
      : (b, p) => {
          S[0] = b[p + 3] as number
          S[1] = b[p + 2] as number
          S[2] = b[p + 1] as number
          S[3] = b[p] as number
          return FLOAT32[0]
        }
  }
  return hostOrder
    ? (b, p) => {
        copy8(b, p)
        return FLOAT64[0]
      }
    : (b, p) => {
        copy8Swapped(b, p)
        return FLOAT64[0]
      }
}

function copy8(b: Uint8Array, p: number): void {
  S[0] = b[p] as number
  S[1] = b[p + 1] as number
  S[2] = b[p + 2] as number
  S[3] = b[p + 3] as number
  S[4] = b[p + 4] as number
  S[5] = b[p + 5] as number
  S[6] = b[p + 6] as number
  S[7] = b[p + 7] as number
}

function copy8Swapped(b: Uint8Array, p: number): void {
  S[0] = b[p + 7] as number
  S[1] = b[p + 6] as number
  S[2] = b[p + 5] as number
  S[3] = b[p + 4] as number
  S[4] = b[p + 3] as number
  S[5] = b[p + 2] as number
  S[6] = b[p + 1] as number
  S[7] = b[p] as number
}

/** A 64-bit integer read as a bigint. @internal */
export function bigintReader(signed: boolean, littleEndian: boolean): FixedRead {
  if (littleEndian === HOST_LITTLE_ENDIAN) {
    return signed
      ? (b, p) => {
          copy8(b, p)
          return BIG_INT64[0]
        }
      : (b, p) => {
          copy8(b, p)
          return BIG_UINT64[0]
        }
  }
  return signed
    ? (b, p) => {
        copy8Swapped(b, p)
        return BIG_INT64[0]
      }
    : (b, p) => {
        copy8Swapped(b, p)
        return BIG_UINT64[0]
      }
}
