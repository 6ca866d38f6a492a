// binary-parser 2.3.0's own test inputs through fromBinaryParser, each
// checked against parser.parse on the same bytes in the same test.
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { decode, decodePrefix } from '../../src/api.js'
import { compile } from '../../src/compile/compile.js'
import { sizeBounds } from '../../src/index.js'
import { fromBinaryParser } from '../../src/interop/index.js'
import { struct, u8 } from '../../combinators/index.js'
import { sizedParser, upstreamCases } from './upstream-cases.js'
import { factories, intended, judge, OUTCOMES, parseOf, tally, withoutBuffers } from './upstream-summary.js'

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
    const rows = tally()
    for (const row of rows) {
      expect(row.counts.get('differs') ?? 0).toBe(0)
      expect(row.counts.get('refused') ?? 0).toBe(0)
      expect(row.counts.get('fails') ?? 0).toBe(0)
      expect(row.counts.get('incomplete (input short)')).toBe(upstreamCases.flatMap((c) => c.inputs).filter((i) => i.short).length)
      expect(row.inputs).toBeGreaterThan(100)
    }
    console.log(`fromBinaryParser on binary-parser 2.3.0's tests:\n${rows.map((r) => `  ${r.factory}: ${r.parsers} parsers, ${r.inputs} inputs: ${OUTCOMES.map((o) => `${r.counts.get(o) ?? 0} ${o}`).join(', ')}`).join('\n')}`)
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
