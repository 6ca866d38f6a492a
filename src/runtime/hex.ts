/** Bytes as lower-case hex pairs separated by spaces. @internal */
export function hex(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += (i === 0 ? '' : ' ') + hexByte(bytes[i] as number)
  return out
}

/** One byte as two lower-case hex digits. @internal */
export function hexByte(b: number): string {
  return b.toString(16).padStart(2, '0')
}
