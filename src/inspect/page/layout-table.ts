// The grammar's layout table (describe's rows), beside the bytes.
import type { ProtocolsResponse } from '../wire.js'

type Row = ProtocolsResponse['protocols'][number]['layout'][number]

export function showLayout(body: HTMLElement, rows: readonly Row[]): void {
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr')
      for (const text of [row.path, String(row.offset), String(row.size), row.type, row.rule]) {
        const td = document.createElement('td')
        td.textContent = text
        tr.append(td)
      }
      // A case's rows say when they apply under their rule.
      if (row.when !== undefined) {
        const when = document.createElement('span')
        when.className = 'when'
        when.textContent = `when ${row.when}`
        tr.lastElementChild?.append(when)
      }
      tr.dataset['path'] = row.path
      return tr
    }),
  )
}
