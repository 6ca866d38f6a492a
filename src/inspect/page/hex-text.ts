// Hex text in and out of the page: pasted text, `?hex=` links.

/** Bytes from pasted hex: spaces, newlines, `0x` prefixes, colons, commas, dashes and `|` are ignored. */
export function parseHex(text: string): { bytes: Uint8Array<ArrayBuffer> } | { error: string } {
  const digits = text.replace(/0x/gi, '').replace(/[\s:,|-]/g, '')
  const bad = /[^0-9a-fA-F]/.exec(digits)
  if (bad !== null) return { error: `not a hex digit: ${JSON.stringify(bad[0])}` }
  if (digits.length % 2 === 1) return { error: `odd number of hex digits (${digits.length}): the last byte is half there` }
  const bytes = new Uint8Array(digits.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16)
  return { bytes }
}

/** Bytes as compact hex, for links. */
export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

/** Bytes as spaced hex, 32 to a line, for the text box. */
export function toSpacedHex(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += (i === 0 ? '' : i % 32 === 0 ? '\n' : ' ') + bytes[i]!.toString(16).padStart(2, '0')
  return out
}

/** Whether a file's first bytes are a pcap or pcapng header. */
export function looksLikePcap(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false
  const magic = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0
  return [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a].includes(magic)
}
