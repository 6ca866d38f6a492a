import type { Grammar } from '../grammar/codec.js'
import { layout, type LayoutRow } from './layout.js'

function cell(text: string | number): string {
  return String(text).replaceAll('|', '\\|')
}

/**
 * The layout of a grammar ({@link describe}) as a Markdown table with the
 * columns offset, size, field, type and rule, plus "present when" if some
 * fields belong to one case of a union.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { describeMarkdown } from 'oxwire'
 * import { struct, u8, u16le } from 'oxwire/combinators'
 * assert.equal(describeMarkdown(struct({ id: u16le, flags: u8 })), [
 *   '| offset | size | field | type | rule |',
 *   '|-------:|-----:|-------|------|------|',
 *   '| 0 | 2 | id | u16le | any |',
 *   '| 2 | 1 | flags | u8 | any |',
 * ].join('\n'))
 * ```
 * @category Interpreters
 */
export function describeMarkdown(grammar: Grammar): string {
  return layoutTable(layout(grammar))
}

function layoutTable(rows: readonly LayoutRow[]): string {
  const conditional = rows.some((row) => row.when !== undefined)
  const head = ['offset', 'size', 'field', 'type', 'rule', ...(conditional ? ['present when'] : [])]
  const align = ['-------:', '-----:', '-------', '------', '------', ...(conditional ? ['--------------'] : [])]
  const lines = [head, ...rows.map((row) => [
    cell(row.offset), cell(row.size), cell(row.path || '(value)'), cell(row.type), cell(row.rule),
    ...(conditional ? [cell(row.when ?? 'always')] : []),
  ])]
  const table = lines.map((cells) => `| ${cells.join(' | ')} |`)
  table.splice(1, 0, `|${align.join('|')}|`)
  return table.join('\n')
}

const legend =
  'Generated from the grammar by `withLayout`. Offsets count from the first byte; `x[i]` is where item i of `x` starts, ' +
  '`size(f)` the encoded size of field `f`, and a length field\'s name stands for the value it holds.'

const begin = '<!-- layout:begin -->'
const end = '<!-- layout:end -->'

/**
 * Replaces the text between `<!-- layout:begin -->` and `<!-- layout:end -->`
 * in a Markdown document with the grammar's layout table (and a line on how
 * to read its offsets), so a protocol's
 * spec cannot drift from its grammar. Returns undefined when the document
 * has no such markers.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { withLayout } from 'oxwire'
 * import { struct, u8 } from 'oxwire/combinators'
 * const spec = '# Ping\n\n<!-- layout:begin -->\n(stale table)\n<!-- layout:end -->\n'
 * const updated = withLayout(spec, struct({ id: u8 }))
 * assert.ok(updated !== undefined && updated.includes('| 0 | 1 | id | u8 | any |') && !updated.includes('stale'))
 * assert.equal(withLayout('# No markers\n', struct({ id: u8 })), undefined)
 * ```
 * @category Interpreters
 */
export function withLayout(markdown: string, grammar: Grammar): string | undefined {
  const from = markdown.indexOf(begin)
  const to = markdown.indexOf(end, from)
  if (from < 0 || to < 0) return undefined
  return `${markdown.slice(0, from + begin.length)}\n${describeMarkdown(grammar)}\n\n${legend}\n${markdown.slice(to)}`
}
