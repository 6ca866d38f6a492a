// binary-parser 2.3.0's own test inputs through fromBinaryParser, each
// checked against parser.parse on the same bytes in the same test.
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Parser } from 'binary-parser'
import { decode, decodePrefix } from '../../src/api.js'
import { compile } from '../../src/compile/compile.js'
import { sizeBounds } from '../../src/index.js'
import { fromBinaryParser } from '../../src/interop/index.js'
import { struct, u8 } from '../../combinators/index.js'
import { sizedParser, upstreamCases, type UpstreamCase, type UpstreamInput } from './upstream-cases.js'

const factories = {
  Uint8Array: (b: readonly number[]): Uint8Array => Uint8Array.from(b),
  Buffer: (b: readonly number[]): Uint8Array => Buffer.from(b),
} as const

type Outcome = 'agrees' | 'agrees, both reject' | "agrees with trailing: 'ignore'" | 'incomplete (input short)' | 'refused' | 'fails' | 'differs'

interface Judged {
  readonly outcome: Outcome
  readonly detail: string
}

const parseOf = (parser: Parser, bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; error: string } => {
  try {
    return { ok: true, value: parser.parse(bytes) }
  } catch (thrown) {
    return { ok: false, error: String(thrown) }
  }
}

/** Runs one input through the adapter (as a user would: no options, then trailing: 'ignore') and compares with parser.parse. */
function judge(c: UpstreamCase, input: UpstreamInput, make: (b: readonly number[]) => Uint8Array): Judged {
  const parser = c.build()
  let strict, lenient
  try {
    strict = fromBinaryParser(parser)
    lenient = fromBinaryParser(parser, { trailing: 'ignore' })
  } catch (thrown) {
    return { outcome: 'refused', detail: String(thrown) }
  }
  const bytes = make(input.bytes)
  const expected = parseOf(parser, bytes)
  const got = decode(strict, bytes)
  if (got._tag === 'Right') {
    return expected.ok && isDeepStrictEqual(got.right, expected.value) ? { outcome: 'agrees', detail: '' } : { outcome: 'differs', detail: `adapter ${String(got.right)}` }
  }
  if (!expected.ok) return { outcome: 'agrees, both reject', detail: got.left.kind }
  if (got.left.kind === 'incomplete') return { outcome: 'incomplete (input short)', detail: got.left.message }
  if (got.left.kind === 'trailing') {
    const again = decode(lenient, bytes)
    if (again._tag === 'Left') return { outcome: 'fails', detail: again.left.message }
    return isDeepStrictEqual(again.right, expected.value) ? { outcome: "agrees with trailing: 'ignore'", detail: String(got.left.remaining) } : { outcome: 'differs', detail: 'with trailing ignore' }
  }
  return { outcome: 'fails', detail: got.left.message }
}

/** The value with Node Buffers as plain Uint8Arrays (upstream's expected values use either). */
function withoutBuffers(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return Uint8Array.from(value)
  if (Array.isArray(value)) return value.map(withoutBuffers)
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value
  const copy = Object.create(Object.getPrototypeOf(value) as object) as Record<string, unknown>
  for (const [k, v] of Object.entries(value)) copy[k] = withoutBuffers(v)
  return copy
}

/** What the upstream test says should happen to this input. */
const intended = (input: UpstreamInput): Outcome =>
  input.throws ? 'agrees, both reject' : input.short ? 'incomplete (input short)' : input.unread ? "agrees with trailing: 'ignore'" : 'agrees'

describe("binary-parser 2.3.0's own tests through fromBinaryParser", () => {
  for (const [factoryName, make] of Object.entries(factories)) {
    describe(`inputs as ${factoryName}`, () => {
      for (const c of upstreamCases) {
        it(`${c.family}: ${c.name}`, () => {
          for (const input of c.inputs) {
            const parser = c.build()
            const bytes = make(input.bytes)
            const parsed = parseOf(parser, bytes)
            // The facts carried over: what upstream expects of parse itself.
            if (input.throws) expect(parsed.ok).toBe(false)
            else if (input.expected !== undefined) expect(parsed.ok && withoutBuffers(parsed.value)).toEqual(input.expected)
            const judged = judge(c, input, make)
            expect(judged.outcome, judged.detail).toBe(intended(input))

            const strict = fromBinaryParser(parser)
            const lenient = fromBinaryParser(parser, { trailing: 'ignore' })
            const got = decode(strict, bytes)
            if (input.throws) expect(got).toMatchObject({ _tag: 'Left', left: { kind: 'invalid' } })
            if (input.unread) expect(got).toMatchObject({ _tag: 'Left', left: { kind: 'trailing', remaining: input.unread, offset: input.bytes.length - input.unread } })
            if (input.short) {
              // Completed, the same input decodes to what parse gives.
              const completed = make([...input.bytes, ...input.short])
              const whole = decode(strict, completed)
              expect(whole._tag).toBe('Right')
              expect(whole._tag === 'Right' && isDeepStrictEqual(whole.right, parser.parse(completed))).toBe(true)
            }
            // With trailing: 'ignore', every input parse accepts in full gives parse's value.
            if (parsed.ok && !input.short) {
              const whole = decode(lenient, bytes)
              expect(whole._tag === 'Right' && isDeepStrictEqual(whole.right, parsed.value)).toBe(true)
            }
            // Compiled, inside a struct, the same answer.
            const inStruct = decode(compile(struct({ before: u8, frame: lenient })), make([0x5a, ...input.bytes]))
            if (parsed.ok && !input.short) expect(inStruct._tag === 'Right' && isDeepStrictEqual(inStruct.right.frame, parsed.value)).toBe(true)
            else expect(inStruct._tag).toBe('Left')
          }
        })
      }
    })
  }

  it('summary: no input decodes to a value that differs from parser.parse', () => {
    const rows: string[] = []
    let total = 0
    for (const [factoryName, make] of Object.entries(factories)) {
      const counts = new Map<Outcome, number>()
      let parsers = 0
      let inputs = 0
      for (const c of upstreamCases) {
        parsers++
        for (const input of c.inputs) {
          inputs++
          const { outcome } = judge(c, input, make)
          counts.set(outcome, (counts.get(outcome) ?? 0) + 1)
        }
      }
      total += inputs
      rows.push(`${factoryName}: ${parsers} parsers, ${inputs} inputs: ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}`)
      expect(counts.get('differs') ?? 0).toBe(0)
      expect(counts.get('refused') ?? 0).toBe(0)
      expect(counts.get('fails') ?? 0).toBe(0)
      expect(counts.get('incomplete (input short)')).toBe(upstreamCases.flatMap((c) => c.inputs).filter((i) => i.short).length)
    }
    console.log(`fromBinaryParser on binary-parser 2.3.0's tests:\n  ${rows.join('\n  ')}`)
    expect(total).toBeGreaterThan(200)
  })

  it("derives the size binary-parser's sizeOf gives", () => {
    const parser = sizedParser()
    expect(parser.sizeOf()).toBe(28)
    expect(sizeBounds(fromBinaryParser(parser))).toEqual({ min: 28, max: 28 })
  })

  it('derives sizes that bound what every upstream parser reads', () => {
    for (const c of upstreamCases) {
      const parser = c.build()
      const { min, max } = sizeBounds(fromBinaryParser(parser))
      for (const input of c.inputs) {
        if (input.throws || input.short) continue
        const got = decodePrefix(fromBinaryParser(parser, { size: { min: 0, max: Infinity } }), Uint8Array.from(input.bytes))
        if (got._tag === 'Left') continue // frames that leave bytes unread
        expect(got.right.bytesRead, c.name).toBeGreaterThanOrEqual(min)
        expect(got.right.bytesRead, c.name).toBeLessThanOrEqual(max)
      }
      const fixed = parser.sizeOf()
      // sizeOf adds up the largest size (a zero-terminated string with a
      // length may end sooner): it is the maximum.
      if (Number.isFinite(fixed)) expect(max, c.name).toBe(fixed)
    }
  })

  it('never decodes a value other than parse of exactly the bytes it consumed (damaged, cut and extended upstream inputs)', () => {
    for (const c of upstreamCases) {
      const parser = c.build()
      const strict = fromBinaryParser(parser)
      const lenient = fromBinaryParser(parser, { trailing: 'ignore' })
      const compiled = compile(struct({ before: u8, frame: strict }))
      const seeds = c.inputs.map((i) => i.bytes)
      const damaged = fc
        .tuple(fc.constantFrom(...seeds), fc.nat(), fc.uint8Array({ maxLength: 6 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }), fc.boolean())
        .map(([seed, cut, extra, flips, asBuffer]) => {
          const bytes = [...seed.slice(0, cut % (seed.length + 1)), ...extra]
          for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value
          return asBuffer ? Buffer.from(bytes) : Uint8Array.from(bytes)
        })
      fc.assert(
        fc.property(damaged, (bytes) => {
          const prefix = decodePrefix(strict, bytes)
          if (prefix._tag === 'Right') {
            const frame = bytes.subarray(0, prefix.right.bytesRead)
            if (!isDeepStrictEqual(prefix.right.value, parser.parse(frame))) return false
          }
          const whole = decode(lenient, bytes)
          if (whole._tag === 'Right' && !isDeepStrictEqual(whole.right, parser.parse(bytes))) return false
          const shifted = Buffer.isBuffer(bytes) ? Buffer.alloc(bytes.length + 1) : new Uint8Array(bytes.length + 1)
          shifted.set(bytes, 1)
          const inStruct = decodePrefix(compiled, shifted)
          if (inStruct._tag === 'Right' && !isDeepStrictEqual(inStruct.right.value.frame, parser.parse(bytes.subarray(0, inStruct.right.bytesRead - 1)))) return false
          return true
        }),
        { numRuns: 60, reporter: (r) => { if (r.failed) throw new Error(`${c.name}: ${JSON.stringify(r.counterexample, (_, v) => (v instanceof Uint8Array ? Array.from(v) : v))}`) } },
      )
    }
  })
})
