import type { Grammar } from '../grammar/codec.js'
import type { Node } from '../grammar/node.js'
import { analysisOf } from './analysis.js'
import { ANY_BYTE, maskOf, membersOf } from './byte-set.js'
import type { Lead } from './lead.js'

/**
 * The byte values a grammar's encoding can begin with, in ascending order,
 * or `undefined` when it can begin with any byte.
 *
 * Derived from the grammar's leading fixed parts: constants and markers,
 * leading constant bit fields, enumerations and one-byte ranges, walking
 * into structs, checksums, sized regions, names and every `oneOf`
 * alternative. A stream decoder scans for these bytes to find where the
 * next frame may start. The answer may include bytes that cannot start a
 * frame, never the reverse.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { firstBytes } from 'oxwire'
 * import { struct, u16be } from 'oxwire/combinators'
 * import { detect } from 'oxwire/protocols'
 * assert.deepEqual(firstBytes(detect), [0x5a, 0xb5]) // TLM's magic, EVR's sync byte
 * assert.equal(firstBytes(struct({ n: u16be })), undefined) // any byte
 * ```
 * @category Streams
 */
export function firstBytes(grammar: Grammar | Node): readonly number[] | undefined {
  return membersOf(analysisOf(grammar).firstBytes)
}

/**
 * The fixed leading bits of one alternative of a grammar: byte `i` of a
 * frame must satisfy `(byte & mask[i]) === value[i]`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { startPatterns, type StartPattern } from 'oxwire'
 * import { telemetry } from 'oxwire/protocols'
 * const [tlm] = startPatterns(telemetry) ?? []
 * const matches = (p: StartPattern, bytes: Uint8Array) => p.mask.every((m, i) => ((bytes[i] ?? 0) & m) === p.value[i])
 * assert.ok(tlm !== undefined && matches(tlm, Uint8Array.of(0x5a, 0xa5, 0x01, 0x02)))
 * assert.ok(!matches(tlm, Uint8Array.of(0x5a, 0xa5, 0x02)))
 * ```
 * @category Streams
 */
export interface StartPattern {
  /** Which bits of each leading byte are fixed. */
  readonly mask: Uint8Array
  /** Their values. */
  readonly value: Uint8Array
}

/**
 * The fixed leading bytes (and bits) of each alternative of a grammar, as
 * far as a mismatch in them means "not a frame here" rather than "a broken
 * frame": constants before any marker, and markers (constants and marker
 * bit fields). Where a frame can start only where one of these patterns
 * matches, a stream decoder rejects other positions with a few byte
 * comparisons instead of a decode attempt.
 *
 * Returns `undefined` when some alternative has no fixed leading byte.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { startPatterns } from 'oxwire'
 * import { struct, u16be } from 'oxwire/combinators'
 * import { detect } from 'oxwire/protocols'
 * assert.deepEqual(startPatterns(detect), [
 *   { mask: Uint8Array.of(0xff, 0xff, 0xff), value: Uint8Array.of(0x5a, 0xa5, 0x01) }, // TLM magic and version
 *   { mask: Uint8Array.of(0xff, 0xf0), value: Uint8Array.of(0xb5, 0x20) }, // EVR sync byte and version nibble
 * ])
 * assert.equal(startPatterns(struct({ n: u16be })), undefined)
 * ```
 * @category Streams
 */
export function startPatterns(grammar: Grammar | Node): readonly StartPattern[] | undefined {
  const patterns: StartPattern[] = []
  for (const lead of analysisOf(grammar).leads) {
    const masks = lead.bytes.map(maskOf)
    let length = masks.length
    while (length > 0 && (masks[length - 1] as { mask: number }).mask === 0) length--
    if (length === 0 || (masks[0] as { mask: number }).mask === 0) return undefined
    const kept = masks.slice(0, length)
    patterns.push({ mask: Uint8Array.from(kept, (m) => m.mask), value: Uint8Array.from(kept, (m) => m.value) })
  }
  return patterns
}

/**
 * A test of whether a frame of `grammar` may start at `bytes[pos]`, given
 * the bytes up to `end` (a shorter input is judged as far as it goes);
 * `undefined` when every position may start one.
 * @internal
 */
export function startMatcher(grammar: Grammar | Node): ((bytes: Uint8Array, pos: number, end: number) => boolean) | undefined {
  const leads = analysisOf(grammar).leads.map(trimmed).filter((bytes) => bytes.length > 0)
  if (leads.length < analysisOf(grammar).leads.length) return undefined
  const tables = leads.map((bytes) => bytes.map((set) => (set === ANY_BYTE ? undefined : set)))
  return (bytes, pos, end) => {
    for (const lead of tables) {
      const n = Math.min(lead.length, end - pos)
      let i = 0
      while (i < n) {
        const set = lead[i]
        if (set !== undefined && set[bytes[pos + i] as number] !== 1) break
        i++
      }
      if (i === n) return true
    }
    return false
  }
}

// Trailing "any byte" positions constrain nothing.
function trimmed(lead: Lead): Lead['bytes'] {
  let length = lead.bytes.length
  while (length > 0 && lead.bytes[length - 1] === ANY_BYTE) length--
  return lead.bytes.slice(0, length)
}
