// A pcapng file may hold several sections one after another (`cat a.pcapng
// b.pcapng`, a capture program that restarts its output), each with its
// own byte order and its own interfaces. The gallery's pcapngFile grammar
// reads one section: its blocks run to the end of its region, and a
// grammar cannot look ahead for the next Section Header Block. So the
// sections are found here, and each is read by the grammar on its own.
// Only block types and lengths are read, each in its section's byte order
// (from its byte-order magic), as whole-records.ts reads them.

const SECTION_HEADER = 0x0a0d0d0a
const BYTE_ORDER_MAGIC = 0x1a2b3c4d

/** Where one section of a pcapng file lies, and its byte order. @internal */
export interface PcapngSection {
  readonly start: number
  readonly end: number
  readonly littleEndian: boolean
}

/**
 * The sections of a pcapng file, in order. A section ends where a block of
 * the Section Header type begins; a block length that does not fit (a cut
 * file, a broken length) ends the walk, and the rest of the file is left to
 * the last section, whose grammar reports it.
 * @internal
 */
export function pcapngSections(bytes: Uint8Array): PcapngSection[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const sections: PcapngSection[] = []
  let start = 0
  while (start + 12 <= bytes.length && view.getUint32(start, false) === SECTION_HEADER) {
    // The magic reads 0x1A2B3C4D in the section's own order (4D 3C 2B 1A little-endian).
    const littleEndian = view.getUint32(start + 8, true) === BYTE_ORDER_MAGIC
    let pos = start
    let end = bytes.length
    for (;;) {
      if (pos + 8 > bytes.length) break
      const length = view.getUint32(pos + 4, littleEndian)
      if (length < 12 || pos + length > bytes.length) break
      pos += length
      if (pos + 4 <= bytes.length && view.getUint32(pos, false) === SECTION_HEADER) {
        end = pos
        break
      }
    }
    sections.push({ start, end, littleEndian })
    if (end === bytes.length) break
    start = end
  }
  // A section header cut before its byte-order magic (the file ends within
  // its first 12 bytes) still makes a section, in the last one's order, so
  // that its grammar reports the cut instead of the bytes going unreported.
  const last = sections.at(-1)
  if (last === undefined) sections.push({ start: 0, end: bytes.length, littleEndian: true })
  else if (last.end < bytes.length) sections.push({ start: last.end, end: bytes.length, littleEndian: last.littleEndian })
  return sections
}
