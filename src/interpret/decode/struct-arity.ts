// Structs of up to four fields that all keep their value (no constants,
// inlined or hidden fields), decoded by one closure per arity with each
// field's decode and store written out: the general case of what
// fixed-struct.ts does for fixed fields, and for the same reason. Every
// struct storing through one loop's `out[key] = value` made that one store
// site megamorphic; written out per arity and position, a site sees only
// the names of the structs of that arity. Errors and paths are those of the
// struct filler: the failing field's key is put in front of the path.
import { prependPath } from '../../runtime/error-path.js'
import type { DecodeFn, FillFn } from './decode-fn.js'

/** The filler of a struct of 1..4 value fields, or undefined for any other. */
export function arityFiller(keys: readonly string[], decoders: readonly DecodeFn[]): FillFn | undefined {
  const [k0, k1, k2, k3] = keys as [string, string, string, string]
  const [d0, d1, d2, d3] = decoders as [DecodeFn, DecodeFn, DecodeFn, DecodeFn]
  switch (keys.length) {
    case 1:
      return (s, out) => {
        const v0 = d0(s)
        if (s.error !== undefined) return prependPath(s, k0)
        out[k0] = v0
      }
    case 2:
      return (s, out) => {
        const v0 = d0(s)
        if (s.error !== undefined) return prependPath(s, k0)
        const v1 = d1(s)
        if (s.error !== undefined) return prependPath(s, k1)
        out[k0] = v0
        out[k1] = v1
      }
    case 3:
      return (s, out) => {
        const v0 = d0(s)
        if (s.error !== undefined) return prependPath(s, k0)
        const v1 = d1(s)
        if (s.error !== undefined) return prependPath(s, k1)
        const v2 = d2(s)
        if (s.error !== undefined) return prependPath(s, k2)
        out[k0] = v0
        out[k1] = v1
        out[k2] = v2
      }
    case 4:
      return (s, out) => {
        const v0 = d0(s)
        if (s.error !== undefined) return prependPath(s, k0)
        const v1 = d1(s)
        if (s.error !== undefined) return prependPath(s, k1)
        const v2 = d2(s)
        if (s.error !== undefined) return prependPath(s, k2)
        const v3 = d3(s)
        if (s.error !== undefined) return prependPath(s, k3)
        out[k0] = v0
        out[k1] = v1
        out[k2] = v2
        out[k3] = v3
      }
    default:
      return undefined
  }
}

/**
 * As {@link arityFiller} for `tagged(key, value, struct(...))`: the same
 * closures again, so that tagged structs (whose first store is always the
 * discriminant) do not share store sites with plain structs of their arity,
 * e.g. a frame header with its own payload.
 */
export function taggedArityFiller(key: string, value: string, keys: readonly string[], decoders: readonly DecodeFn[]): FillFn | undefined {
  const [k0, k1, k2] = keys as [string, string, string]
  const [d0, d1, d2] = decoders as [DecodeFn, DecodeFn, DecodeFn]
  switch (keys.length) {
    case 1:
      return (s, out) => {
        const v0 = d0(s)
        if (s.error !== undefined) return prependPath(s, k0)
        out[key] = value
        out[k0] = v0
      }
    case 2:
      return (s, out) => {
        const v0 = d0(s)
        if (s.error !== undefined) return prependPath(s, k0)
        const v1 = d1(s)
        if (s.error !== undefined) return prependPath(s, k1)
        out[key] = value
        out[k0] = v0
        out[k1] = v1
      }
    case 3:
      return (s, out) => {
        const v0 = d0(s)
        if (s.error !== undefined) return prependPath(s, k0)
        const v1 = d1(s)
        if (s.error !== undefined) return prependPath(s, k1)
        const v2 = d2(s)
        if (s.error !== undefined) return prependPath(s, k2)
        out[key] = value
        out[k0] = v0
        out[k1] = v1
        out[k2] = v2
      }
    default:
      return undefined
  }
}

/**
 * An object of 1..4 named values, made with its stores written out per
 * arity (as the fillers above, for values worked out together, e.g. the
 * fields of a bits group); undefined for more names or `__proto__`.
 */
export function objectMaker(keys: readonly string[]): ((values: readonly unknown[]) => Record<string, unknown>) | undefined {
  if (keys.includes('__proto__')) return undefined
  const [k0, k1, k2, k3] = keys as [string, string, string, string]
  switch (keys.length) {
    case 1:
      return (v) => {
        const out: Record<string, unknown> = {}
        out[k0] = v[0]
        return out
      }
    case 2:
      return (v) => {
        const out: Record<string, unknown> = {}
        out[k0] = v[0]
        out[k1] = v[1]
        return out
      }
    case 3:
      return (v) => {
        const out: Record<string, unknown> = {}
        out[k0] = v[0]
        out[k1] = v[1]
        out[k2] = v[2]
        return out
      }
    case 4:
      return (v) => {
        const out: Record<string, unknown> = {}
        out[k0] = v[0]
        out[k1] = v[1]
        out[k2] = v[2]
        out[k3] = v[3]
        return out
      }
    default:
      return undefined
  }
}
