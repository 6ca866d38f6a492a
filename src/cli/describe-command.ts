import { Option } from 'commander'
import { layout, type LayoutRow } from '../interpret/layout.js'
import { describeMarkdown } from '../interpret/layout-markdown.js'
import { sizeBounds } from '../analysis/index.js'
import { firstBytes } from '../analysis/index.js'
import type { CliCommand } from './command.js'
import { addGrammarOptions, resolveGrammar, type GrammarChoice, type GrammarOptions } from './grammar-option.js'
import { write } from './io.js'

/** How `describe` prints the layout. @internal */
export type LayoutFormat = 'table' | 'markdown' | 'json'

function sizeText(choice: GrammarChoice): string {
  const { min, max } = sizeBounds(choice.grammar)
  if (min === max) return `${min} bytes`
  return `${min}..${Number.isFinite(max) ? max : '∞'} bytes`
}

function startText(choice: GrammarChoice): string {
  const starts = firstBytes(choice.grammar)
  if (starts === undefined) return 'any byte'
  return starts.map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(', ')
}

/** The layout as aligned plain-text columns, for a terminal. @internal */
export function layoutText(rows: readonly LayoutRow[]): string {
  const conditional = rows.some((row) => row.when !== undefined)
  const head = ['offset', 'size', 'field', 'type', 'rule', ...(conditional ? ['present when'] : [])]
  const body = rows.map((row) => [String(row.offset), String(row.size), row.path || '(value)', row.type, row.rule, ...(conditional ? [row.when ?? 'always'] : [])])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i < 2 ? c.padStart(widths[i] ?? 0) : i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')
}

/** The whole `describe` output for a grammar. @internal */
export function describeOutput(choice: GrammarChoice, format: LayoutFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(layout(choice.grammar), null, 2)
    case 'markdown':
      return `**${choice.name}**: ${sizeText(choice)}, starts with ${startText(choice)}\n\n${describeMarkdown(choice.grammar)}`
    case 'table':
      return `${choice.name}: ${sizeText(choice)}, starts with ${startText(choice)}\n\n${layoutText(layout(choice.grammar))}`
  }
}

interface DescribeOptions extends GrammarOptions {
  readonly format: LayoutFormat
}

/** `oxwire describe`. @internal */
export const describeCli: CliCommand = {
  name: 'describe',
  define: (command) => {
    command.description("print a grammar's field layout: offsets, sizes, types, byte order, rules")
    addGrammarOptions(command)
      .addOption(new Option('-f, --format <format>', 'table (for people), markdown (for specs) or json (the rows as data)').choices(['table', 'markdown', 'json']).default('table'))
      .addHelpText(
        'after',
        `
Offsets that depend on a length field are expressions, such as 12 + payload.length.
Fields of one case of a tagged union say when they are present.

Examples:
  oxwire describe --protocol tlm
  oxwire describe --grammar ./my-protocol.js#frame --format markdown`,
      )
  },
  run: async ({ command, io }) => {
    const options = command.opts<DescribeOptions>()
    const choice = await resolveGrammar(options, 'auto')
    await write(io.stdout, describeOutput(choice, options.format) + '\n')
    return 0
  },
}
