import type { Detected } from '../../../protocols/index.js'
import { decodeEvr } from './evr.js'
import { decodeTlm } from './tlm.js'
import { failure, type Result } from './result.js'

/** Hand-written detection: the first byte says which protocol to try. */
export function detectFrame(bytes: Uint8Array): Result<Detected> {
  switch (bytes[0]) {
    case 0x5a: {
      const r = decodeTlm(bytes)
      return r.ok ? { ok: true, value: { protocol: 'tlm', value: r.value } } : r
    }
    case 0xb5: {
      const r = decodeEvr(bytes)
      return r.ok ? { ok: true, value: { protocol: 'evr', value: r.value } } : r
    }
    default:
      return failure('no protocol matches')
  }
}
