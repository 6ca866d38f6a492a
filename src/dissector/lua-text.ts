/** A Lua string literal: quotes, backslashes and control bytes escaped; UTF-8 as decimal byte escapes. @internal */
export function luaString(text: string): string {
  let out = '"'
  for (const byte of new TextEncoder().encode(text)) {
    if (byte === 0x22) out += '\\"'
    else if (byte === 0x5c) out += '\\\\'
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte)
    else out += `\\${byte.toString(10).padStart(3, '0')}`
  }
  return out + '"'
}

/** A Lua number literal for a safe integer or a float. @internal */
export function luaNumber(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString(10)
  if (Number.isNaN(n)) return '(0/0)'
  if (!Number.isFinite(n)) return n > 0 ? 'math.huge' : '-math.huge'
  return String(n)
}

/**
 * A name usable in a Wireshark display filter: letters, digits, `_`, `-`
 * and `.` between parts; anything else becomes `_`.
 * @internal
 */
export function filterName(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/\.{2,}/g, '.').replace(/^\.|\.$/g, '')
  return cleaned === '' ? '_' : cleaned
}

/** A Lua table literal of value strings: `{ [1] = "heartbeat", ... }`. @internal */
export function valueStringTable(values: ReadonlyMap<number, string>): string {
  return `{ ${[...values].map(([code, name]) => `[${luaNumber(code)}] = ${luaString(name)}`).join(', ')} }`
}
