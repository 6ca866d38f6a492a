import prettyBytes from 'pretty-bytes'

/** A byte count for people: `1.34 MB`, `512 B`. @internal */
export function humanBytes(bytes: number): string {
  return prettyBytes(bytes)
}

/** A count for people, with thousands separators: `1,000,000`. @internal */
export function humanCount(n: number): string {
  return n.toLocaleString('en-US')
}

/** A rate for people: `12.3 k frames/s`, `4.1 MB/s` for bytes. @internal */
export function humanRate(amount: number, milliseconds: number, unit: string): string {
  const perSecond = milliseconds > 0 ? (amount * 1000) / milliseconds : 0
  if (unit === 'bytes') return `${prettyBytes(perSecond)}/s`
  const [value, prefix] = perSecond >= 1e6 ? [perSecond / 1e6, 'M '] : perSecond >= 1e3 ? [perSecond / 1e3, 'k '] : [perSecond, '']
  return `${value.toFixed(value >= 100 || prefix === '' ? 0 : 1)} ${prefix}${unit}/s`
}

/** A duration for people: `850 ms`, `12.4 s`. @internal */
export function humanDuration(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`
}
