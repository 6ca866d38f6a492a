/**
 * The protocol grammars: TLM telemetry, EVR event records, and detection.
 * @module
 */
export * from './telemetry.js'
export * from './event-record.js'
export * from './detect.js'
export { pcapFile } from './pcap.js'
export { ethernetFrame } from './ethernet.js'
export { ipv4Packet } from './ipv4.js'
export { tcpSegment } from './tcp.js'
export { udpDatagram } from './udp.js'
