// Runs binary-parser 2.3.0's own test inputs through fromBinaryParser and
// judges each against parser.parse on the same bytes; shared by the tests
// and by the check that the migration guide states the counts found.
import { isDeepStrictEqual } from 'node:util'
import type { Parser } from 'binary-parser'
import { decode } from '../../src/api.js'
import { fromBinaryParser } from '../../src/interop/index.js'
import { upstreamCases, type UpstreamCase, type UpstreamInput } from './upstream-cases.js'

export const factories = {
  Uint8Array: (b: readonly number[]): Uint8Array => Uint8Array.from(b),
  Buffer: (b: readonly number[]): Uint8Array => Buffer.from(b),
} as const

export type Outcome = 'agrees' | 'agrees, both reject' | "agrees with trailing: 'ignore'" | 'incomplete (input short)' | 'refused' | 'fails' | 'differs'

interface Judged {
  readonly outcome: Outcome
  readonly detail: string
}

export const parseOf = (parser: Parser, bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; error: string } => {
  try {
    return { ok: true, value: parser.parse(bytes) }
  } catch (thrown) {
    return { ok: false, error: String(thrown) }
  }
}

/** Runs one input through the adapter (as a user would: no options, then trailing: 'ignore') and compares with parser.parse. */
export function judge(c: UpstreamCase, input: UpstreamInput, make: (b: readonly number[]) => Uint8Array): Judged {
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
export function withoutBuffers(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return Uint8Array.from(value)
  if (Array.isArray(value)) return value.map(withoutBuffers)
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value
  const copy = Object.create(Object.getPrototypeOf(value) as object) as Record<string, unknown>
  for (const [k, v] of Object.entries(value)) copy[k] = withoutBuffers(v)
  return copy
}

/** What the upstream test says should happen to this input. */
export const intended = (input: UpstreamInput): Outcome =>
  input.throws ? 'agrees, both reject' : input.short ? 'incomplete (input short)' : input.unread ? "agrees with trailing: 'ignore'" : 'agrees'


/** The outcomes, in the order the summary lists them. */
export const OUTCOMES: readonly Outcome[] = ['agrees', 'agrees, both reject', "agrees with trailing: 'ignore'", 'incomplete (input short)', 'refused', 'fails', 'differs']

/** Counts of each outcome over all upstream inputs, per kind of input buffer. */
export function tally(): { factory: string; parsers: number; inputs: number; counts: Map<Outcome, number> }[] {
  return Object.entries(factories).map(([factory, make]) => {
    const counts = new Map<Outcome, number>()
    let inputs = 0
    for (const c of upstreamCases) {
      for (const input of c.inputs) {
        inputs++
        const { outcome } = judge(c, input, make)
        counts.set(outcome, (counts.get(outcome) ?? 0) + 1)
      }
    }
    return { factory, parsers: upstreamCases.length, inputs, counts }
  })
}

/** The summary table of docs/MIGRATING_FROM_BINARY_PARSER.md. */
export function upstreamSummary(): string {
  const lines = [
    `| inputs as | parsers | inputs | ${OUTCOMES.join(' | ')} |`,
    `|---|---:|---:|${OUTCOMES.map(() => '---:').join('|')}|`,
    ...tally().map((r) => `| ${r.factory} | ${r.parsers} | ${r.inputs} | ${OUTCOMES.map((o) => r.counts.get(o) ?? 0).join(' | ')} |`),
  ]
  return lines.join('\n') + '\n'
}
