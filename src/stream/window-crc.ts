import type { ChecksumAlgorithm } from '../grammar/checksum-algorithm.js'

// A length must recur this often before its shift tables are built (about
// 32 × length register steps, the cost of ~30 direct CRCs of that length).
const BUILD_AFTER = 32
const MAX_POWERS = 8
const MAX_COUNTED = 256

/**
 * CRCs of many overlapping windows of one byte array, each in constant
 * time. A flood of false headers makes every fourth byte a candidate whose
 * claimed frame (4 KiB for EVR) must be checksummed: computed directly,
 * that is 1 GB of CRC per MB of input. A CRC register is linear over
 * GF(2), so with the register states of one running CRC over the array
 * (`R(i)`, from 0), the register of a window `[p, q)` started at `init` is
 * `R(q) ^ L^(q-p)(R(p) ^ init)`, where `L` is "one zero byte". `L^n` is
 * applied with four 256-entry tables per length `n`, built once a length
 * recurs (an attacker's false headers repeat theirs).
 *
 * Needs the algorithm's catalogue parameters (`algorithm.parameters`, as
 * `crc()` gives them); other algorithms are computed directly.
 * @internal
 */
export class WindowCrc {
  private readonly table = new Uint32Array(256)
  private readonly refIn: boolean
  private readonly init: number
  private readonly outShift: number
  private readonly flip: boolean
  private readonly width: number
  private readonly xorOut: number
  private states = new Uint32Array(0)
  private bytes: Uint8Array | undefined
  private anchor = 0
  private upTo = 0
  private readonly seen = new Map<number, number>()
  private readonly powers = new Map<number, Uint32Array>()

  /** A window CRC for `algorithm`, or undefined when its parameters are not known. */
  static for(algorithm: ChecksumAlgorithm): WindowCrc | undefined {
    const p = algorithm.parameters
    return p === undefined ? undefined : new WindowCrc(p.width, p.poly, p.init, p.refIn, p.refOut, p.xorOut)
  }

  private constructor(width: number, poly: number, init: number, refIn: boolean, refOut: boolean, xorOut: number) {
    this.width = width
    this.refIn = refIn
    this.xorOut = xorOut
    this.flip = refIn !== refOut
    const shift = 32 - width
    this.outShift = refIn ? 0 : shift
    if (refIn) {
      const rpoly = reflect(poly, width)
      for (let n = 0; n < 256; n++) {
        let c = n
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ rpoly : c >>> 1
        this.table[n] = c >>> 0
      }
      this.init = reflect(init, width)
    } else {
      const top = (poly << shift) >>> 0
      for (let n = 0; n < 256; n++) {
        let c = n << 24
        for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ top : c << 1
        this.table[n] = c >>> 0
      }
      this.init = (init << shift) >>> 0
    }
  }

  /**
   * The CRC of `bytes[start, end)`, or -1 when this length is not worth
   * tables (yet): compute it directly then. `bytes` must never change
   * below `end` while it is the array passed (the frame decoder's store
   * never writes a byte twice).
   */
  compute(bytes: Uint8Array, start: number, end: number): number {
    const n = end - start
    let power = this.powers.get(n)
    if (power === undefined) {
      const count = (this.seen.get(n) ?? 0) + 1
      if (this.seen.size >= MAX_COUNTED) this.seen.clear()
      this.seen.set(n, count)
      if (count < BUILD_AFTER) return -1
      power = this.buildPower(n)
      if (this.powers.size >= MAX_POWERS) {
        // The evicted length must recur as often again before it is rebuilt:
        // with its count kept, a stream of more than MAX_POWERS common
        // lengths (valid traffic) rebuilt a table at nearly every frame.
        const evicted = this.powers.keys().next().value as number
        this.powers.delete(evicted)
        this.seen.delete(evicted)
      }
      this.powers.set(n, power)
    }
    this.extend(bytes, start, end)
    const v = (this.states[start] as number) ^ this.init
    const shifted = (power[v & 0xff] as number) ^ (power[256 + ((v >>> 8) & 0xff)] as number) ^
      (power[512 + ((v >>> 16) & 0xff)] as number) ^ (power[768 + (v >>> 24)] as number)
    let r = (((this.states[end] as number) ^ shifted) >>> 0) >>> this.outShift
    if (this.flip) r = reflect(r, this.width)
    return (r ^ this.xorOut) >>> 0
  }

  // Running register states from `anchor` (state 0 there) up to `end`.
  private extend(bytes: Uint8Array, start: number, end: number): void {
    if (bytes !== this.bytes || start < this.anchor || start > this.upTo) {
      this.bytes = bytes
      if (this.states.length < bytes.length + 1) this.states = new Uint32Array(bytes.length + 1)
      this.anchor = start
      this.upTo = start
      this.states[start] = 0
    }
    const t = this.table
    const s = this.states
    let c = s[this.upTo] as number
    if (this.refIn) for (let i = this.upTo; i < end; i++) s[i + 1] = c = ((t[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8)) >>> 0
    else for (let i = this.upTo; i < end; i++) s[i + 1] = c = ((t[((c >>> 24) ^ (bytes[i] as number)) & 0xff] as number) ^ (c << 8)) >>> 0
    if (end > this.upTo) this.upTo = end
  }

  // Tables of L^n: entry k*256+b is L^n applied to b << 8k.
  private buildPower(n: number): Uint32Array {
    const t = this.table
    const images = new Uint32Array(32)
    for (let j = 0; j < 32; j++) {
      let c = (1 << j) >>> 0
      if (this.refIn) for (let i = 0; i < n; i++) c = ((t[c & 0xff] as number) ^ (c >>> 8)) >>> 0
      else for (let i = 0; i < n; i++) c = ((t[c >>> 24] as number) ^ (c << 8)) >>> 0
      images[j] = c
    }
    const power = new Uint32Array(1024)
    for (let k = 0; k < 4; k++) {
      for (let b = 1; b < 256; b++) {
        let v = 0
        for (let bit = 0; bit < 8; bit++) if (b & (1 << bit)) v ^= images[8 * k + bit] as number
        power[k * 256 + b] = v >>> 0
      }
    }
    return power
  }
}

function reflect(value: number, width: number): number {
  let r = 0
  for (let i = 0; i < width; i++) r = (r << 1) | ((value >>> i) & 1)
  return r >>> 0
}
