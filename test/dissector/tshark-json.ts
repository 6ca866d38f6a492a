import type { DissectorField } from '../../src/dissector/lua-program.js'

/** Every `<proto>.*` value of one protocol layer of tshark's JSON, by field, in document order. */
export function layerFields(layer: unknown, proto: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  const visit = (value: unknown, key: string | undefined): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, key)
      return
    }
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) visit(v, k)
      return
    }
    if (key !== undefined && (key === proto || key.startsWith(`${proto}.`)) && typeof value === 'string') {
      const list = out.get(key) ?? []
      list.push(value)
      out.set(key, list)
    }
  }
  visit(layer, undefined)
  return out
}

/** The PDUs of `proto` in tshark `-T json --no-duplicate-keys` output, in capture order. */
export function pdus(json: unknown, proto: string): unknown[] {
  const out: unknown[] = []
  for (const packet of json as { _source: { layers: Record<string, unknown> } }[]) {
    const layer = packet._source.layers[proto]
    if (layer === undefined) continue
    if (Array.isArray(layer)) out.push(...layer)
    else out.push(layer)
  }
  return out
}

/** A decoded value's leaves by path (struct keys joined with `.`, no array indices), in order. */
export function valueLeaves(value: unknown, path = '', out = new Map<string, unknown[]>()): Map<string, unknown[]> {
  if (Array.isArray(value)) {
    for (const item of value) valueLeaves(item, path, out)
  } else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    for (const [key, v] of Object.entries(value)) valueLeaves(v, path === '' ? key : `${path}.${key}`, out)
  } else if (value !== undefined) {
    // An absent optional field (undefined) has nothing on the wire to show.
    const list = out.get(path) ?? []
    list.push(value)
    out.set(path, list)
  }
  return out
}

/** Whether tshark's text for a field shows `expected`, as oxwire decoded it. */
export function sameValue(field: DissectorField, shown: string, expected: unknown): boolean {
  switch (field.type) {
    case 'float':
    case 'double': {
      const n = Number(shown)
      const e = expected as number
      if (Number.isNaN(e)) return Number.isNaN(n) || shown.toLowerCase() === 'nan'
      // tshark shows binary32 with 6 significant digits (FLT_DIG), binary64 with 15.
      const tolerance = field.type === 'float' ? 1e-5 : 1e-12
      return n === e || Math.abs(n - e) <= tolerance * Math.max(1, Math.abs(e))
    }
    case 'bool':
      return shown === (expected === true ? '1' : '0')
    case 'bytes':
      return shown.replaceAll(':', '') === Buffer.from(expected as Uint8Array).toString('hex')
    case 'string':
      return shown === expected
    case 'uint64':
    case 'int64':
      return BigInt(shown) === BigInt(expected as bigint | number)
    default: {
      const code = Number(shown)
      const name = field.valueStrings?.get(code)
      return name !== undefined ? name === expected : code === expected
    }
  }
}

/**
 * Compares one PDU's fields with one decoded value: every decoded leaf
 * that the dissector has a value field for must be shown alike, in order.
 * Returns what differs, and which leaves had no field on either side.
 */
export function compare(layer: Map<string, string[]>, value: unknown, proto: string, fields: readonly DissectorField[]): { mismatches: string[]; decodedOnly: string[]; dissectedOnly: string[]; compared: number } {
  const byFilter = new Map(fields.map((f) => [f.filter, f]))
  const leaves = valueLeaves(value)
  const mismatches: string[] = []
  const decodedOnly: string[] = []
  let compared = 0
  const used = new Set<string>()
  for (const [path, all] of leaves) {
    // A field of a name taken by another type is renamed `_2`, `_3`: the one this frame shows.
    const names = [`${proto}.${path}`, ...[2, 3, 4, 5].map((n) => `${proto}.${path}_${n}`)].filter((name) => byFilter.get(name)?.role === 'value')
    // A field of this name that this frame does not show belongs to another case (a discriminant's name
    // used by a computed field of another case, say): the leaf is reported as decoded only.
    const filter = names.find((name) => layer.has(name))
    const field = filter === undefined ? undefined : byFilter.get(filter)
    if (filter === undefined || field === undefined) {
      decodedOnly.push(path)
      continue
    }
    used.add(filter)
    // Names (a tagged case's discriminant) under the path of a number without value strings (another case's
    // computed code, as TCP's option kinds): only the numbers are that field's.
    const numeric = /int/.test(field.type) && field.valueStrings === undefined
    const values = numeric ? all.filter((v) => typeof v !== 'string') : all
    if (values.length < all.length) decodedOnly.push(path)
    const shown = layer.get(filter) ?? []
    if (shown.length !== values.length) {
      mismatches.push(`${filter}: ${shown.length} value(s) shown, ${values.length} decoded`)
      continue
    }
    values.forEach((v, i) => {
      compared++
      if (!sameValue(field, shown[i] as string, v)) mismatches.push(`${filter}[${i}]: shown ${shown[i]}, decoded ${String(v)}`)
    })
  }
  const dissectedOnly = [...layer.keys()].filter((k) => !used.has(k) && byFilter.get(k)?.role === 'value')
  return { mismatches, decodedOnly, dissectedOnly, compared }
}
