import type { EvrRecord, TlmFrame } from '../../protocols/index.js'

function tlmLine(frame: TlmFrame): string {
  const p = frame.payload
  const head = `seq ${String(frame.seq).padStart(5)}`
  switch (p.type) {
    case 'heartbeat':
      return `${head} heartbeat uptime ${p.uptime}s status ${p.status}`
    case 'reading':
      return `${head} reading   sensor ${p.sensorId} = ${p.value} ${p.unit}`
    case 'log':
      return `${head} log       ${p.level}: ${JSON.stringify(p.message)}`
    case 'batch':
      return `${head} batch     ${p.readings.length} reading(s)`
  }
}

function evrLine(record: EvrRecord): string {
  const flags = [record.flags.ackRequested ? 'ack' : '', record.flags.retransmit ? 'retx' : '', record.flags.urgent ? 'urgent' : '']
    .filter((f) => f !== '')
    .join(',')
  const fields = record.fields.map((f) => {
    switch (f.tag) {
      case 'temperature':
        return `${(f.centiCelsius / 100).toFixed(2)}°C`
      case 'humidity':
        return `${f.percent}%rh`
      case 'label':
        return JSON.stringify(f.text)
      case 'location':
        return `(${f.latitude.toFixed(3)}, ${f.longitude.toFixed(3)})`
      case 'unknown':
        return `tag ${f.code}: ${f.bytes.length} B`
    }
  })
  return [`device ${record.deviceId.toString(16).padStart(16, '0')} event ${record.eventId}`, flags === '' ? '' : `[${flags}]`, ...fields]
    .filter((part) => part !== '')
    .join(' ')
}

/**
 * One line that says what a decoded frame is, for the demo's live view.
 * @internal
 */
export function frameSummary(protocol: string, value: unknown, width = 100): string {
  const line = protocol === 'tlm' ? `tlm ${tlmLine(value as TlmFrame)}` : protocol === 'evr' ? `evr ${evrLine(value as EvrRecord)}` : protocol
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`
}
