// The hex + ASCII view. Only the rows in sight exist in the DOM (16 bytes a
// row, re-rendered on scroll), so a megabyte of input costs what a screenful
// does and the tab never stalls on a large file.
const PER_ROW = 16
const ROW_PX = 20
const SPARE_ROWS = 8

export interface HexViewData {
  readonly bytes: Uint8Array
  /** Colour class per byte, -1 for none. */
  readonly colours: Int8Array
  /** The byte the error is at, and its message. */
  readonly error: { readonly offset: number; readonly message: string } | undefined
}

export class HexView {
  private data: HexViewData = { bytes: new Uint8Array(0), colours: new Int8Array(0), error: undefined }
  private from = 0
  private to = 0
  private drawn = ''
  /** The hex and ASCII cells of each byte in sight. */
  private cells = new Map<number, HTMLElement[]>()

  constructor(
    private readonly box: HTMLElement,
    private readonly spacer: HTMLElement,
    onPoint: (i: number | undefined) => void,
  ) {
    box.addEventListener('scroll', () => this.render())
    box.addEventListener('mouseover', (event) => {
      const i = (event.target as HTMLElement).dataset['i']
      if (i !== undefined) onPoint(Number(i))
    })
    box.addEventListener('mouseleave', () => onPoint(undefined))
    new ResizeObserver(() => this.render()).observe(box)
  }

  show(data: HexViewData): void {
    this.data = data
    this.from = this.to = 0
    const rows = Math.max(1, Math.ceil((data.bytes.length + (data.error !== undefined && data.error.offset >= data.bytes.length ? 1 : 0)) / PER_ROW))
    this.spacer.style.height = `${rows * ROW_PX}px`
    this.box.scrollTop = 0
    this.render(true)
  }

  /**
   * Highlights bytes [from, to). Classes change on the cells in place:
   * replacing cells under the pointer would fire new hover events.
   */
  highlight(from: number, to: number): void {
    this.from = from
    this.to = to
    for (const [i, cells] of this.cells) {
      const on = i >= from && i < to
      for (const c of cells) c.classList.toggle('hl', on)
    }
  }

  /** Scrolls byte `i` into sight. */
  reveal(i: number): void {
    const top = Math.floor(i / PER_ROW) * ROW_PX
    if (top < this.box.scrollTop || top + ROW_PX > this.box.scrollTop + this.box.clientHeight) this.box.scrollTop = Math.max(0, top - ROW_PX * 2)
  }

  private render(force = false): void {
    const first = Math.max(0, Math.floor(this.box.scrollTop / ROW_PX) - SPARE_ROWS)
    const last = Math.ceil((this.box.scrollTop + this.box.clientHeight) / ROW_PX) + SPARE_ROWS
    const key = `${first}:${last}`
    if (!force && key === this.drawn) return
    this.drawn = key
    const { bytes } = this.data
    const rows = Math.ceil(Math.max(1, this.spacer.offsetHeight / ROW_PX))
    const out: HTMLElement[] = []
    this.cells.clear()
    for (let r = first; r < Math.min(last, rows); r++) out.push(this.row(r))
    this.box.replaceChildren(this.spacer, ...out)
    if (bytes.length === 0 && this.data.error === undefined) this.box.append(note('no bytes yet'))
  }

  private row(r: number): HTMLElement {
    const { bytes, colours, error } = this.data
    const row = document.createElement('div')
    row.className = 'row'
    row.style.top = `${r * ROW_PX}px`
    const off = span('off', (r * PER_ROW).toString(16).padStart(8, '0'))
    const hx = span('hx', '')
    const asc = span('asc', '')
    for (let i = r * PER_ROW; i < (r + 1) * PER_ROW; i++) {
      const present = i < bytes.length
      const atError = error !== undefined && error.offset === i
      if (!present && !atError) break
      const b = present ? bytes[i]! : undefined
      const cls = this.classes(i, atError)
      const cell = span(`b ${cls}`, b === undefined ? '··' : b.toString(16).padStart(2, '0'))
      const ch = span(`a ${cls}`, b === undefined ? ' ' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')
      cell.dataset['i'] = ch.dataset['i'] = String(i)
      this.cells.set(i, [cell, ch])
      if (atError) cell.title = ch.title = error.message
      else if (present && colours[i] === -1) cell.title = 'not read by the grammar'
      hx.append(cell)
      asc.append(ch)
    }
    row.append(off, hx, asc)
    return row
  }

  private classes(i: number, atError: boolean): string {
    const c = this.data.colours[i] ?? -1
    let cls = c >= 0 ? `c${c}` : 'rest'
    if (i >= this.from && i < this.to) cls += ' hl'
    if (atError) cls += ' err'
    return cls
  }
}

function span(cls: string, text: string): HTMLSpanElement {
  const s = document.createElement('span')
  s.className = cls
  s.textContent = text
  return s
}

function note(text: string): HTMLElement {
  const n = document.createElement('div')
  n.className = 'row rest'
  n.textContent = text
  return n
}
