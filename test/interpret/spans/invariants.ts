import { expect } from 'vitest'
import type { Codec } from '../../../src/grammar/codec.js'
import { decode } from '../../../src/api.js'
import { decodeSpans } from '../../../src/interpret/spans/decode-spans.js'
import type { Span } from '../../../src/interpret/spans/span.js'

/** Every span of a tree, parents before children. */
export function allSpans(root: Span): Span[] {
  const out: Span[] = []
  const visit = (s: Span): void => {
    out.push(s)
    s.children.forEach(visit)
  }
  visit(root)
  return out
}

/**
 * The children of a complete span tile it (bit fields tile its bits); those
 * of a span cut short by a failure follow one another from its start and
 * stay inside it.
 */
export function expectTiling(span: Span): void {
  const end = span.offset + span.length
  const kids = span.children
  if (kids.length > 0 && kids.every((k) => k.bits !== undefined)) {
    let bit = 0
    for (const k of kids) {
      expect([k.offset, k.length]).toEqual([span.offset, span.length])
      expect(k.bits?.offset).toBe(bit)
      bit += k.bits?.width ?? 0
    }
    if (span.complete) expect(bit).toBe(span.length * 8)
    return
  }
  let at = span.offset
  for (const k of kids) {
    expect(k.bits).toBeUndefined()
    expect(k.offset, `${k.path.join('.')} starts where its sibling ended`).toBe(at)
    at = k.offset + k.length
    expect(at).toBeLessThanOrEqual(end)
    expectTiling(k)
  }
  if (span.complete && kids.length > 0) expect(at, `children of ${span.path.join('.') || 'the root'} reach its end`).toBe(end)
}

function resolve(value: unknown, path: readonly (string | number)[]): { found: boolean; value: unknown } {
  let here: unknown = value
  for (const key of path) {
    if (here === null || typeof here !== 'object' || !Object.hasOwn(here, key)) return { found: false, value: undefined }
    here = (here as Record<string | number, unknown>)[key]
  }
  return { found: true, value: here }
}

/**
 * decodeSpans agrees with decode and its tree keeps its promises: the same
 * result; spans tile their bytes; the root covers what was read; every
 * complete value span's value is the one found at its path in the decoded
 * value; on failure exactly one span holds the error (none for leftover
 * bytes, where the tree itself is whole).
 */
export function expectSpansAgree(grammar: Codec<unknown>, input: Uint8Array): ReturnType<typeof decodeSpans> {
  const spans = decodeSpans(grammar, input)
  const expected = decode(grammar, input)
  expect(spans.result).toEqual(expected)
  const { root } = spans
  expect(root.offset).toBe(0)
  expectTiling(root)
  const failed = allSpans(root).filter((s) => s.error !== undefined)
  if (expected._tag === 'Right') {
    expect(root.complete).toBe(true)
    expect(root.length).toBe(input.length)
    expect(failed).toEqual([])
    const check = (s: Span, parent: Span | undefined): void => {
      expect(s.complete).toBe(true)
      // A span that shares its parent's path holds a piece of the parent's
      // value: a region's content under a mapping (EVR's unknown TLV kept as
      // raw bytes), or an inlined part without fields of its own.
      const content = parent !== undefined && s.path.join('.') === parent.path.join('.')
      const at = resolve(expected.right, s.path)
      if (s.role === 'value' && at.found && !content) expect(s.value, `value at ${s.path.join('.')}`).toEqual(at.value)
      s.children.forEach((c) => check(c, s))
    }
    check(root, undefined)
  } else if (expected.left.kind === 'trailing') {
    expect(root.complete).toBe(true)
    expect(root.length).toBe(expected.left.offset)
    expect(failed).toEqual([])
  } else {
    expect(root.complete).toBe(false)
    expect(failed).toHaveLength(1)
    expect(failed[0]?.error).toEqual(expected.left)
    expect(root.offset + root.length).toBeLessThanOrEqual(input.length)
  }
  return spans
}
