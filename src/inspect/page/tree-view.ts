// The value tree: one line per span, children rendered when a node opens
// (the first three levels open at once) and at most 200 at a time, so a
// frame with thousands of items stays quick to show.
import type { SpanJson } from '../wire.js'

const PAGE = 200
const OPEN_DEPTH = 3

export class TreeView {
  private readonly lines = new Map<SpanJson, HTMLElement>()
  private readonly opened = new Map<SpanJson, (child: SpanJson) => void>()
  private marked: HTMLElement | undefined

  constructor(
    private readonly box: HTMLElement,
    onPoint: (span: SpanJson | undefined) => void,
  ) {
    const spanOf = (target: EventTarget | null): SpanJson | undefined => {
      const line = (target as HTMLElement | null)?.closest<HTMLElement>('.node')
      return line === null || line === undefined ? undefined : this.byLine.get(line)
    }
    box.addEventListener('mouseover', (event) => onPoint(spanOf(event.target)))
    box.addEventListener('mouseleave', () => onPoint(undefined))
  }

  private readonly byLine = new WeakMap<HTMLElement, SpanJson>()

  show(root: SpanJson): void {
    this.lines.clear()
    this.opened.clear()
    this.marked = undefined
    this.box.replaceChildren(this.node(root, 0))
  }

  /** Marks the line of `span` (opening its ancestors in `chain`), or none. */
  mark(chain: readonly SpanJson[]): void {
    this.marked?.classList.remove('hl')
    this.marked = undefined
    const span = chain[chain.length - 1]
    if (span === undefined) return
    for (let k = 0; k + 1 < chain.length; k++) this.opened.get(chain[k]!)?.(chain[k + 1]!)
    const line = this.lines.get(span)
    if (line === undefined) return
    line.classList.add('hl')
    this.marked = line
    line.scrollIntoView({ block: 'nearest' })
  }

  private node(span: SpanJson, depth: number): HTMLElement {
    const wrap = document.createElement('div')
    const line = document.createElement('div')
    line.className = span.complete ? 'node' : 'node failed'
    line.dataset['path'] = span.path
    line.dataset['offset'] = String(span.offset)
    line.dataset['length'] = String(span.length)
    line.dataset['role'] = span.role
    this.byLine.set(line, span)
    this.lines.set(span, line)
    const twisty = el('span', 'tw', span.children.length > 0 ? '▸' : '')
    line.append(twisty, el('span', 'name', span.name === '' ? '(frame)' : span.name))
    if (span.role !== 'value') line.append(el('span', 'role', span.role))
    if (span.text !== '') line.append(el('span', 'val', span.text))
    if (span.bits !== undefined) line.append(el('span', 'at', `bits ${span.bits.offset}..${span.bits.offset + span.bits.width - 1}${span.bits.lsbFirst === true ? ' (lsb first)' : ''} of @${span.offset}`))
    else line.append(el('span', 'at', `@${span.offset} +${span.length}`))
    if (span.checksum !== undefined) {
      const { ok, expected, found } = span.checksum
      line.append(el('span', ok ? 'ok' : 'bad', ok ? ' ✓ matches' : ` ✗ computed ${hex(expected)}, found ${hex(found)}`))
    }
    if (span.error !== undefined) line.append(el('span', 'msg', `${span.error.kind}: ${span.error.message}`))
    wrap.append(line)
    if (span.children.length === 0) return wrap
    const kids = el('div', 'kids', '')
    let shown = 0
    let open = false
    const more = (upTo = shown + PAGE): void => {
      const until = Math.min(span.children.length, upTo)
      kids.querySelector(':scope > .more')?.remove()
      for (; shown < until; shown++) kids.append(this.node(span.children[shown]!, depth + 1))
      if (shown < span.children.length) {
        const button = el('button', 'more', `show ${Math.min(PAGE, span.children.length - shown)} more of ${span.children.length - shown}`)
        button.addEventListener('click', () => more())
        kids.append(button)
      }
    }
    const setOpen = (to: boolean): void => {
      open = to
      twisty.textContent = open ? '▾' : '▸'
      kids.hidden = !open
      if (open && shown === 0) more()
    }
    // Opening towards a child renders the pages up to it, not the rest.
    this.opened.set(span, (child) => {
      if (!open) setOpen(true)
      const index = span.children.indexOf(child)
      if (index >= shown) more(Math.ceil((index + 1) / PAGE) * PAGE)
    })
    twisty.addEventListener('click', () => setOpen(!open))
    wrap.append(kids)
    setOpen(depth < OPEN_DEPTH)
    return wrap
  }
}

function hex(n: number | null): string {
  return n === null ? '(failed)' : `0x${n.toString(16)}`
}

function el(tag: string, cls: string, text: string): HTMLElement {
  const e = document.createElement(tag)
  e.className = cls
  e.textContent = text
  return e
}
