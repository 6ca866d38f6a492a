// One 8-byte scratch buffer, viewed as each type that is read or written
// through it: floats and 64-bit integers are assembled here byte by byte
// in the host's order instead of through a DataView per input (which cost
// about a third of a small frame's decode). Decoding is synchronous and no
// user code runs between a write and its read, so one buffer serves the
// interpreter and generated code alike.

const SCRATCH = new ArrayBuffer(8)

/** The scratch buffer's bytes. @internal */
export const SCRATCH_BYTES = new Uint8Array(SCRATCH)
/** Its first 4 bytes as a binary32. @internal */
export const SCRATCH_FLOAT32 = new Float32Array(SCRATCH, 0, 1)
/** The 8 bytes as a binary64. @internal */
export const SCRATCH_FLOAT64 = new Float64Array(SCRATCH)
/** The 8 bytes as a signed 64-bit integer. @internal */
export const SCRATCH_BIG_INT64 = new BigInt64Array(SCRATCH)
/** The 8 bytes as an unsigned 64-bit integer. @internal */
export const SCRATCH_BIG_UINT64 = new BigUint64Array(SCRATCH)
/** Whether the typed arrays above are little-endian (the host's order). @internal */
export const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1
