// Reads of floats and 64-bit integers at a position the caller has checked,
// through the shared scratch buffer (runtime/scratch.ts).

import {
  HOST_LITTLE_ENDIAN,
  SCRATCH_BIG_INT64 as BIG_INT64,
  SCRATCH_BIG_UINT64 as BIG_UINT64,
  SCRATCH_BYTES as S,
  SCRATCH_FLOAT32 as FLOAT32,
  SCRATCH_FLOAT64 as FLOAT64,
} from '../../runtime/scratch.js'

/** Reads a value at `p`; the caller has checked that its bytes are there. */
export type FixedRead = (b: Uint8Array, p: number) => unknown


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
