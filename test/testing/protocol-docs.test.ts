// The field tables in the protocol specs are generated from the grammars
// (`npm run docs:protocols`); this fails when a table and its grammar
// disagree, so a spec cannot silently drift from the code.
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { describeMarkdown, withLayout, type Grammar } from '../../src/index.js'
import { eventRecord, telemetry } from '../../protocols/index.js'

const docs: readonly (readonly [string, Grammar])[] = [
  ['docs/protocols/tlm.md', telemetry],
  ['docs/protocols/evr.md', eventRecord],
]

test.each(docs)('%s holds the layout table generated from its grammar (run npm run docs:protocols)', (file, grammar) => {
  const doc = readFileSync(file, 'utf8')
  expect(doc).toContain(describeMarkdown(grammar))
  expect(withLayout(doc, grammar)).toBe(doc)
})
